/**
 * Logins kept in the session instead of their own cookie (Pyramid's
 * `SessionAuthenticationHelper`), for a security policy: `remember` stores the userid under
 * `prefix + 'userid'` (default `auth.userid`), `forget` removes it; neither needs headers, the
 * session's cookie carries it. A Pyramid app sharing the session (same secret) shares the login.
 *
 * @example
 *   const helper = new SessionAuthenticationHelper();
 *   helper.remember(request, 'editor');   // []
 *   helper.authenticatedUserid(request);  // 'editor'
 */
import type { ISession } from '../sessionbase';
import type { Headers } from './policy';

export class SessionAuthenticationHelper {
  readonly useridKey: string;

  constructor(prefix = 'auth.') {
    this.useridKey = prefix + 'userid';
  }

  remember(request: { session: ISession }, userid: unknown): Headers {
    request.session.set(this.useridKey, userid);
    return [];
  }

  forget(request: { session: ISession }): Headers {
    if (request.session.has(this.useridKey)) request.session.delete(this.useridKey);
    return [];
  }

  authenticatedUserid(request: { session: ISession }): unknown {
    return request.session.get(this.useridKey, null) ?? null;
  }
}
