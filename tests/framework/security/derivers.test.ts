/**
 * secured_view and csrf_view on their own: each given a view and what the configuration says
 * of it. (tests/framework/security/config.test.ts runs them inside real apps.)
 */
import { Registry } from '../../../framework/registry';
import { Request } from '../../../framework/request';
import { Response } from '../../../framework/response';
import { HTTPForbidden } from '../../../framework/httpexceptions';
import { BadCSRFOrigin, BadCSRFToken } from '../../../framework/csrf';
import { makeDummySession } from '../../../framework/testing';
import {
  ACLHelper, Allow, Everyone, NO_PERMISSION_REQUIRED, type SecurityPolicy,
} from '../../../framework/security';
import { registerSecurityPolicy } from '../../../framework/security/policy';
import { csrfView, registerDefaultCsrfOptions, registerDefaultPermission, securedView, type SecurityDeriverInfo } from '../../../framework/security/derivers';

const view = () => new Response('ok');
/** The body a (synchronous) derived view answers. */
const text = (derived: (context: unknown, request: Request) => unknown, request: Request) => (derived(null, request) as Response).text;

/** A policy that allows what `allowed` lists and remembers what it was asked. */
function policy(allowed: string[]): SecurityPolicy & { asked: string[] } {
  return {
    asked: [],
    identity: () => null,
    authenticatedUserid: () => null,
    permits(_request, _context, permission) {
      this.asked.push(permission);
      return allowed.includes(permission);
    },
    remember: () => [],
    forget: () => [],
  };
}

function info(options: Record<string, any>, registry = new Registry(), exceptionOnly = false): SecurityDeriverInfo {
  return { options, registry, exceptionOnly, description: 'views.edit' };
}

describe('securedView', () => {
  test('calls the view when the policy permits, raises HTTPForbidden with the answer when not', () => {
    const registry = new Registry();
    const p = policy(['view']);
    registerSecurityPolicy(registry, p);
    expect(text(securedView(view, info({ permission: 'view' }, registry)), new Request())).toBe('ok');
    const denied = securedView(view, info({ permission: 'edit' }, registry));
    let error: any;
    try {
      denied(null, new Request());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HTTPForbidden);
    expect(error.message).toBe('Unauthorized: views.edit failed permission check');
    expect(error.result).toBe(false);
    expect(p.asked).toEqual(['view', 'edit']);
  });

  test('the default permission applies unless the view names its own or NO_PERMISSION_REQUIRED', () => {
    const registry = new Registry();
    registerSecurityPolicy(registry, policy(['view']));
    registerDefaultPermission(registry, 'edit');
    expect(() => securedView(view, info({}, registry))(null, new Request())).toThrow(HTTPForbidden);
    expect(text(securedView(view, info({ permission: 'view' }, registry)), new Request())).toBe('ok');
    expect(securedView(view, info({ permission: NO_PERMISSION_REQUIRED }, registry))).toBe(view);
    // Exception views are left alone unless they name a permission.
    expect(securedView(view, info({}, registry, true))).toBe(view);
  });

  test('no policy, or no permission: the view is not wrapped at all', () => {
    expect(securedView(view, info({ permission: 'edit' }))).toBe(view);
    const registry = new Registry();
    registerSecurityPolicy(registry, policy([]));
    expect(securedView(view, info({}, registry))).toBe(view);
  });

  test('pyramid.debug_authorization says why, on the HTTPForbidden too', () => {
    const registry = new Registry('app', { 'pyramid.debug_authorization': 'true' });
    registerSecurityPolicy(registry, { ...policy([]), permits: (_r, _c, permission) => new ACLHelper().permits({ __acl__: [[Allow, Everyone, 'view']] }, [Everyone], permission) });
    const wrapped = securedView(view, info({ permission: 'edit' }, registry));
    expect(() => wrapped(null, new Request({ url: '/x' }))).toThrow(/^debug_authorization of url http:\/\/localhost\/x .*ACLDenied permission "edit" via ACE "<default deny>"/);
  });
});

function csrfRequest(method: string, headers: Record<string, string> = {}, post?: Record<string, string>, registry = new Registry()): Request {
  const body = post ? Buffer.from(new URLSearchParams(post).toString()) : undefined;
  const request = new Request({
    method, url: '/', scheme: 'https', registry, body,
    headers: { host: 'example.com', ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...headers },
  });
  request.session = makeDummySession({ _csrft_: 'TOKEN' });
  return request;
}

describe('csrfView', () => {
  const good = { origin: 'https://example.com', 'x-csrf-token': 'TOKEN' };

  test('off unless asked: requireCsrf on the view, or the default from setDefaultCsrfOptions', () => {
    expect(csrfView(view, info({}))).toBe(view);
    const checked = csrfView(view, info({ requireCsrf: true }));
    expect(() => checked(null, csrfRequest('POST'))).toThrow(BadCSRFOrigin);
    expect(text(checked, csrfRequest('POST', good))).toBe('ok');
    const registry = new Registry();
    registerDefaultCsrfOptions(registry, {});
    expect(csrfView(view, info({}, registry))).not.toBe(view);
    expect(csrfView(view, info({ requireCsrf: false }, registry))).toBe(view);
    expect(csrfView(view, info({}, registry, true))).toBe(view);
  });

  test('safe methods pass; unsafe ones need the origin (HTTPS) and the token, in header or form', () => {
    const checked = csrfView(view, info({ requireCsrf: true }));
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'TRACE']) expect(text(checked, csrfRequest(method))).toBe('ok');
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) expect(() => checked(null, csrfRequest(method, { origin: 'https://example.com' }))).toThrow(BadCSRFToken);
    expect(text(checked, csrfRequest('POST', { referer: 'https://example.com/form' }, { csrf_token: 'TOKEN' }))).toBe('ok');
    expect(() => checked(null, csrfRequest('POST', { origin: 'https://evil.example' }, { csrf_token: 'TOKEN' }))).toThrow(BadCSRFOrigin);
  });

  test('each default option does what it says', () => {
    const make = (options: Parameters<typeof registerDefaultCsrfOptions>[1]) => {
      const registry = new Registry('app', { 'pyramid.csrf_trusted_origins': 'trusted.example' });
      registerDefaultCsrfOptions(registry, options);
      return { wrapped: csrfView(view, info({}, registry)), registry };
    };
    let { wrapped, registry } = make({ token: 'tok', header: 'X-Token' });
    expect(text(wrapped, csrfRequest('POST', { origin: 'https://trusted.example', 'x-token': 'TOKEN' }, undefined, registry))).toBe('ok');
    expect(text(wrapped, csrfRequest('POST', { origin: 'https://example.com' }, { tok: 'TOKEN' }, registry))).toBe('ok');
    expect(() => wrapped(null, csrfRequest('POST', { origin: 'https://example.com' }, { csrf_token: 'TOKEN' }, registry))).toThrow(BadCSRFToken);
    ({ wrapped, registry } = make({ header: null }));
    expect(() => wrapped(null, csrfRequest('POST', good, undefined, registry))).toThrow(BadCSRFToken);
    ({ wrapped, registry } = make({ safeMethods: ['GET', 'PUT'] }));
    expect(text(wrapped, csrfRequest('PUT', {}, undefined, registry))).toBe('ok');
    expect(() => wrapped(null, csrfRequest('HEAD', {}, undefined, registry))).toThrow(BadCSRFOrigin);
    ({ wrapped, registry } = make({ checkOrigin: false }));
    expect(text(wrapped, csrfRequest('POST', { origin: 'https://evil.example', 'x-csrf-token': 'TOKEN' }, undefined, registry))).toBe('ok');
    ({ wrapped, registry } = make({ allowNoOrigin: true }));
    expect(text(wrapped, csrfRequest('POST', { 'x-csrf-token': 'TOKEN' }, undefined, registry))).toBe('ok');
    expect(() => wrapped(null, csrfRequest('POST', { origin: 'https://evil.example', 'x-csrf-token': 'TOKEN' }, undefined, registry))).toThrow(BadCSRFOrigin);
    ({ wrapped, registry } = make({ callback: (request) => !request.headers.authorization }));
    expect(text(wrapped, csrfRequest('POST', { authorization: 'Bearer x' }, undefined, registry))).toBe('ok');
    expect(() => wrapped(null, csrfRequest('POST', {}, undefined, registry))).toThrow(BadCSRFOrigin);
    ({ wrapped } = make({ token: null, header: null }));
    expect(wrapped).toBe(view);
    ({ wrapped } = make({ requireCsrf: false }));
    expect(wrapped).toBe(view);
  });

  test('a requireCsrf that is not a boolean is refused at configuration', () => {
    expect(() => csrfView(view, info({ requireCsrf: 'yes' }))).toThrow(/requireCsrf must be true or false/);
  });
});
