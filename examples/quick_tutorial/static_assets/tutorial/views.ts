import { viewConfig, viewDefaults } from 'pyramid-ts/view';
import type { Request } from 'pyramid-ts/request';

@viewDefaults({ renderer: 'home.pt' })
export class TutorialViews {
  constructor(readonly request: Request) {}

  @viewConfig({ routeName: 'home' })
  home() {
    return { name: 'Home View' };
  }

  @viewConfig({ routeName: 'hello' })
  hello() {
    return { name: 'Hello View' };
  }
}
