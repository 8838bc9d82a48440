import {
  viewConfig,
  viewDefaults,
} from 'pyramid-ts/view';
import type { Request } from 'pyramid-ts/request';


@viewDefaults({ renderer: 'home.pt' })
export class TutorialViews {
  constructor(public request: Request) {
  }

  get counter() {
    const session = this.request.session;
    if ('counter' in session) {
      session['counter'] += 1;
    } else {
      session['counter'] = 1;
    }
    return session['counter'];
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
