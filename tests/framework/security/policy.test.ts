import { Registry } from '../../../framework/registry';
import { Request } from '../../../framework/request';
import {
  ACLHelper, Allow, Authenticated, AuthTktCookieHelper, Everyone,
  authenticatedUserid, forget, hasPermission, identity, isAuthenticated, permits, remember,
  type SecurityPolicy,
} from '../../../framework/security';
import { checkSecurityPolicy, registerSecurityPolicy } from '../../../framework/security/policy';

/** The Quick Tutorial's policy: AuthTkt for who, an ACL for what. */
class TutorialPolicy implements SecurityPolicy {
  authtkt = new AuthTktCookieHelper('seekrit');
  acl = new ACLHelper();
  identity(request: Request) {
    const found = this.authtkt.identify(request);
    return found && found.userid === 'editor' ? found : null;
  }
  authenticatedUserid(request: Request) {
    return (this.identity(request)?.userid as string | undefined) ?? null;
  }
  permits(request: Request, context: unknown, permission: string) {
    const userid = this.authenticatedUserid(request);
    const principals = userid ? [Everyone, Authenticated, `u:${userid}`] : [Everyone];
    return this.acl.permits(context, principals, permission);
  }
  remember(request: Request, userid: string, kw: Record<string, any> = {}) {
    return this.authtkt.remember(request, userid, kw);
  }
  forget(request: Request) {
    return this.authtkt.forget(request);
  }
}

function makeOne(cookie?: string, policy: SecurityPolicy | null = new TutorialPolicy()): Request {
  const registry = new Registry();
  if (policy) registerSecurityPolicy(registry, policy);
  const request = new Request({ headers: cookie ? { host: 'example.com', cookie } : { host: 'example.com' }, registry });
  request.context = { __acl__: [[Allow, Authenticated, 'edit'], [Allow, Everyone, 'view']] };
  return request;
}

const loginCookie = (userid: string) => remember(makeOne(), userid)[0][1].split(';')[0];

describe('pyramid.security functions over the registered policy', () => {
  test('remember and forget give the policy\'s Set-Cookie headers', () => {
    const [[name, value]] = remember(makeOne(), 'editor', { maxAge: 60 });
    expect(name).toBe('Set-Cookie');
    expect(value).toMatch(/^auth_tkt=[0-9a-f]{128}[0-9a-f]{8}ZWRpdG9y!userid_type:b64unicode; Domain=example.com; Max-Age=60; Path=\/; expires=/);
    expect(forget(makeOne())).toEqual([['Set-Cookie', 'auth_tkt=; Domain=example.com; Max-Age=0; Path=/; expires=Wed, 31-Dec-97 23:59:59 GMT; SameSite=Lax']]);
  });

  test('a logged-in request: identity, userid, isAuthenticated, permissions on its context', () => {
    const request = makeOne(loginCookie('editor'));
    expect(identity(request)).toMatchObject({ userid: 'editor', tokens: [''] });
    expect(authenticatedUserid(request)).toBe('editor');
    expect(isAuthenticated(request)).toBe(true);
    expect(hasPermission(request, 'edit')).toBe(true);
    expect(hasPermission(request, 'edit', { __acl__: [] })).toBe(false);
    expect(permits(request, 'edit')).toMatchObject({ allowed: true, ace: [Allow, Authenticated, 'edit'] });
  });

  test('an anonymous request, and one whose user the policy does not know', () => {
    for (const request of [makeOne(), makeOne(loginCookie('stranger')), makeOne('auth_tkt=garbage')]) {
      expect(identity(request)).toBeNull();
      expect(authenticatedUserid(request)).toBeNull();
      expect(isAuthenticated(request)).toBe(false);
      expect(hasPermission(request, 'view')).toBe(true);
      expect(hasPermission(request, 'edit')).toBe(false);
    }
  });

  test('without a policy: nobody, everything allowed, no headers (as Pyramid)', () => {
    const request = makeOne(undefined, null);
    expect([identity(request), authenticatedUserid(request), isAuthenticated(request)]).toEqual([null, null, false]);
    expect(hasPermission(request, 'edit')).toBe(true);
    expect(String(permits(request, 'edit'))).toBe('No security policy in use.');
    expect([remember(request, 'x'), forget(request)]).toEqual([[], []]);
  });

  test('a policy missing a method is refused, naming it', () => {
    expect(() => checkSecurityPolicy({ identity() {}, permits() {} })).toThrow(/lacks authenticatedUserid, remember, forget/);
  });
});
