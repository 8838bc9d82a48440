import { HTTPFound } from 'pyramid-ts/httpexceptions';
import type { Request } from 'pyramid-ts/request';
import {
  remember,
  forget,
} from 'pyramid-ts/security';

import {
  viewConfig,
  viewDefaults,
} from 'pyramid-ts/view';

import {
  USERS,
  checkPassword,
} from './security';


@viewDefaults({ renderer: 'home.pt' })
export class TutorialViews {
  logged_in: unknown;

  constructor(public request: Request) {
    this.logged_in = request.authenticatedUserid;
  }

  @viewConfig({ routeName: 'home' })
  home() {
    return { name: 'Home View' };
  }

  @viewConfig({ routeName: 'hello' })
  hello() {
    return { name: 'Hello View' };
  }

  @viewConfig({ routeName: 'login', renderer: 'login.pt' })
  async login() {
    const request = this.request;
    const loginUrl = request.routeUrl('login');
    let message = '';
    let login = '';
    let password = '';
    if (request.params.has('form.submitted')) {
      // get(), not Python's params['login']: a form without the field is a failed login, not a 500.
      login = request.params.get('login', '');
      password = request.params.get('password', '');
      const hashedPw = USERS.get(login);
      if (hashedPw && await checkPassword(password, hashedPw)) {
        const headers = remember(request, login);
        return new HTTPFound({ location: request.routeUrl('home'),
                               headers });
      }
      message = 'Failed login';
    }

    return {
      name: 'Login',
      message,
      url: request.applicationUrl + '/login',
      login,
      password,
    };
  }

  @viewConfig({ routeName: 'logout' })
  logout() {
    const request = this.request;
    const headers = forget(request);
    const url = request.routeUrl('home');
    return new HTTPFound({ location: url,
                           headers });
  }
}
