import { HTTPFound } from 'pyramid-ts/httpexceptions';
import type { Request } from 'pyramid-ts/request';
import {
  remember,
  forget,
} from 'pyramid-ts/security';

import {
  viewConfig,
  viewDefaults,
  forbiddenViewConfig,
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

  @viewConfig({ routeName: 'hello', permission: 'edit' })
  hello() {
    return { name: 'Hello View' };
  }

  @forbiddenViewConfig()
  forbidden() {
    const request = this.request;
    const session = request.session;
    if (request.matchedRoute !== null) {
      session['came_from'] = {
        route_name: request.matchedRoute.name,
        route_kwargs: request.matchdict,
      };
      if (request.authenticatedUserid !== null) {
        session['message'] = (
          `User ${request.authenticatedUserid} is not allowed ` +
          `to see this resource.  Please log in as another user.`
        );
      }
    } else {
      if ('came_from' in session) {
        delete session['came_from'];
      }
    }

    return new HTTPFound(request.routeUrl('login'));
  }

  @viewConfig({ routeName: 'login', renderer: 'login.pt' })
  async login() {
    const request = this.request;
    const session = request.session;
    const loginUrl = request.routeUrl('login');
    const cameFrom = session.get('came_from') as { route_name: string; route_kwargs: Record<string, string> } | undefined;
    let message = session.get('message', '');
    let login = '';
    let password = '';

    if (request.params.has('form.submitted')) {
      // get(), not Python's params['login']: a form without the field is a failed login, not a 500.
      login = request.params.get('login', '');
      password = request.params.get('password', '');
      const hashedPw = USERS.get(login);
      if (hashedPw && await checkPassword(password, hashedPw)) {
        const headers = remember(request, login);

        let returnTo: string;
        if (cameFrom !== undefined && cameFrom !== null) {
          returnTo = request.routeUrl(
            cameFrom.route_name, { ...cameFrom.route_kwargs },
          );
        } else {
          returnTo = request.routeUrl('home');
        }

        return new HTTPFound({ location: returnTo, headers });
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
