import type { Request } from 'pyramid-ts/request';
import {
  viewConfig,
  viewDefaults,
} from 'pyramid-ts/view';

@viewDefaults({ renderer: 'home.pt' })
export class TutorialViews {
  constructor(public request: Request) {
  }

  @viewConfig({ routeName: 'home' })
  home() {
    return { name: 'Home View' };
  }

  @viewConfig({ routeName: 'hello' })
  hello() {
    return { name: 'Hello View' };
  }
}
