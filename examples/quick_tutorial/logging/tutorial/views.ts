import { getLogger } from 'pyramid-ts/logging';
const log = getLogger('tutorial.views');

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
    log.debug('In home view');
    return { name: 'Home View' };
  }

  @viewConfig({ routeName: 'hello' })
  hello() {
    log.debug('In hello view');
    return { name: 'Hello View' };
  }
}
