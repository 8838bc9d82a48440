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
    const first = this.request.matchdict['first'];
    const last = this.request.matchdict['last'];
    return {
      name: 'Home View',
      first: first,
      last: last,
    };
  }
}
