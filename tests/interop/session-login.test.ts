/**
 * SessionAuthenticationHelper keeps the login in the session under `auth.userid`, as Pyramid's
 * does: with the signed session cookie shared (same secret), a login made here is the login
 * Pyramid's helper reads, and the reverse.
 */
import { Response } from '../../framework/response';
import { SessionAuthenticationHelper } from '../../framework/security';
import { makeFactory, stubRequest, type FactorySpec } from './replay';
import { askPyramid, describeWithPyramid } from './pyramid';

const SPEC: FactorySpec = { secret: 'itsaseekreet' };
const NOW = 1700000000.5;

/** One request to our session factory running `view`; the session cookie it set. */
function withOurSession(cookieHeader: string | null, view: (request: any) => unknown): { result: unknown; cookie: string | null } {
  const request: any = stubRequest(cookieHeader);
  request.session = makeFactory(SPEC, { now: NOW })(request);
  const result = view(request);
  const response = new Response();
  for (const callback of request.callbacks) callback(request, response);
  const value = response.setCookies.session;
  return { result, cookie: value === undefined ? null : `session=${value}` };
}

const helper = new SessionAuthenticationHelper();

test('remember stores the userid in the session (no headers), forget removes it', () => {
  const login = withOurSession(null, (request) => helper.remember(request, 'editor'));
  expect(login.result).toEqual([]);
  expect(withOurSession(login.cookie, (request) => helper.authenticatedUserid(request)).result).toBe('editor');
  const logout = withOurSession(login.cookie, (request) => helper.forget(request));
  expect(withOurSession(logout.cookie, (request) => helper.authenticatedUserid(request)).result).toBeNull();
  expect(new SessionAuthenticationHelper('app.').useridKey).toBe('app.userid');
});

describeWithPyramid('the login travels in the shared session cookie', () => {
  test('logged in here, Pyramid\'s SessionAuthenticationHelper key holds the userid', () => {
    const login = withOurSession(null, (request) => helper.remember(request, 'editor'));
    const [answer] = askPyramid([{ factory: SPEC, now: NOW + 1, cookie_header: login.cookie, ops: [['get', 'auth.userid']] }]);
    expect(answer.results).toEqual(['"editor"']);
  });

  test('logged in by Pyramid (auth.userid set there), the userid here', () => {
    const [answer] = askPyramid([{ factory: SPEC, now: NOW, cookie_header: null, ops: [['setitem', 'auth.userid', 'viewer']] }]);
    const cookie = answer.set_cookie!.split(';')[0];
    expect(withOurSession(cookie, (request) => helper.authenticatedUserid(request)).result).toBe('viewer');
  });
});
