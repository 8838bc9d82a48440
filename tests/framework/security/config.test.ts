/**
 * Security inside real apps (Configurator, commit, TestApp): `permission` on addView and
 * @viewConfig, the default permission and NO_PERMISSION_REQUIRED, HTTPForbidden and the
 * forbidden view, the request API, and CSRF by default through setDefaultCsrfOptions.
 */
import { Configurator } from '../../../framework/config';
import { viewConfig, forbiddenViewConfig } from '../../../framework/decorators';
import { HTTPForbidden } from '../../../framework/httpexceptions';
import { Request } from '../../../framework/request';
import { Response } from '../../../framework/response';
import { SignedCookieSessionFactory } from '../../../framework/session';
import { TestApp, setUp, tearDown, DummyRequest } from '../../../framework/testing';
import { CookieCSRFStoragePolicy, getCsrfToken } from '../../../framework/csrf';
import {
  ACLHelper, ACLDenied, Allow, Authenticated, AuthTktCookieHelper, Everyone, NO_PERMISSION_REQUIRED, remember, forget,
  type SecurityPolicy,
} from '../../../framework/security';

const authtkt = new AuthTktCookieHelper('sekrit');

/** Logged in by auth_tkt; 'admin' is in group:admins. */
const policy: SecurityPolicy = {
  identity: (request) => authtkt.identify(request),
  authenticatedUserid: (request) => authtkt.identify(request)?.userid ?? null,
  permits(request, context, permission) {
    const userid = request.authenticatedUserid;
    const principals = userid === null ? [Everyone] : [Everyone, Authenticated, `u:${userid}`, ...(userid === 'admin' ? ['group:admins'] : [])];
    return new ACLHelper().permits(context, principals, permission);
  },
  remember: (request, userid) => authtkt.remember(request, userid),
  forget: (request) => authtkt.forget(request),
};

class Root {
  __acl__ = [[Allow, Everyone, 'view'], [Allow, Authenticated, 'comment'], [Allow, 'group:admins', 'edit']] as const;
}

const text = (body: string) => () => new Response(body);

function makeOne(configure: (config: Configurator) => void, options: ConstructorParameters<typeof Configurator>[0] = {}): TestApp {
  const config = new Configurator({ rootFactory: () => new Root(), securityPolicy: policy, ...options });
  config.addRoute('login', '/login/{who}');
  config.addView((request: Request) => new Response('in', { headers: remember(request, request.matchdict.who) }), { routeName: 'login', permission: NO_PERMISSION_REQUIRED });
  config.addRoute('logout', '/logout');
  config.addView((request: Request) => new Response('out', { headers: forget(request) }), { routeName: 'logout', permission: NO_PERMISSION_REQUIRED });
  configure(config);
  return new TestApp(config.makeWsgiApp());
}

describe('permission on a view', () => {
  const app = () => makeOne((config) => {
    config.addRoute('page', '/page');
    config.addView(text('viewed'), { routeName: 'page', permission: 'view' });
    config.addRoute('comment', '/comment');
    config.addView(text('commented'), { routeName: 'comment', permission: 'comment' });
    config.addRoute('edit', '/edit');
    config.addView(text('edited'), { routeName: 'edit', permission: 'edit' });
  });

  test('anonymous: what Everyone may, and 403 for the rest', async () => {
    const testapp = app();
    expect((await testapp.get('/page', { status: 200 })).text).toBe('viewed');
    expect((await testapp.get('/comment', { status: 403 })).text).toContain('Access was denied to this resource.');
    await testapp.get('/edit', { status: 403 });
  });

  test('logged in: Authenticated\'s permissions; the admin\'s group gets edit; logout ends it', async () => {
    const testapp = app();
    await testapp.get('/login/ann');
    await testapp.get('/comment', { status: 200 });
    await testapp.get('/edit', { status: 403 });
    await testapp.get('/login/admin');
    expect((await testapp.get('/edit', { status: 200 })).text).toBe('edited');
    await testapp.get('/logout');
    await testapp.get('/comment', { status: 403 });
  });

  test('@viewConfig({ permission }) found by scan', async () => {
    class Views {
      constructor(readonly request: Request) {}
      @viewConfig({ routeName: 'edit', permission: 'edit' })
      edit() {
        return new Response('edited');
      }
    }
    const testapp = makeOne((config) => {
      config.addRoute('edit', '/edit');
      config.scan({ Views });
    });
    await testapp.get('/edit', { status: 403 });
    await testapp.get('/login/admin');
    await testapp.get('/edit', { status: 200 });
  });

  test('no security policy: a permission is not checked (as in Pyramid)', async () => {
    const config = new Configurator();
    config.addRoute('edit', '/edit');
    config.addView(text('edited'), { routeName: 'edit', permission: 'edit' });
    await new TestApp(config.makeWsgiApp()).get('/edit', { status: 200 });
  });
});

describe('the default permission', () => {
  test('applies to views that name none; NO_PERMISSION_REQUIRED and exception views are exempt', async () => {
    const testapp = makeOne((config) => {
      config.setDefaultPermission('edit');
      config.addRoute('plain', '/plain');
      config.addView(text('plain'), { routeName: 'plain' });
      config.addRoute('open', '/open');
      config.addView(text('open'), { routeName: 'open', permission: NO_PERMISSION_REQUIRED });
      config.addRoute('viewable', '/viewable');
      config.addView(text('viewable'), { routeName: 'viewable', permission: 'view' });
      config.addNotFoundView(() => new Response('nothing here', { status: 404 }));
    });
    await testapp.get('/plain', { status: 403 });
    await testapp.get('/open', { status: 200 });
    await testapp.get('/viewable', { status: 200 });
    expect((await testapp.get('/nowhere', { status: 404 })).text).toBe('nothing here');
    await testapp.get('/login/admin');
    await testapp.get('/plain', { status: 200 });
  });

  test('given to the Configurator, as Pyramid\'s default_permission', async () => {
    const testapp = makeOne((config) => {
      config.addRoute('plain', '/plain');
      config.addView(text('plain'), { routeName: 'plain' });
    }, { defaultPermission: 'comment' });
    await testapp.get('/plain', { status: 403 });
  });
});

describe('the forbidden view', () => {
  test('gets the HTTPForbidden, whose result says which ACE decided', async () => {
    let seen: HTTPForbidden | undefined;
    const testapp = makeOne((config) => {
      config.addRoute('edit', '/edit');
      config.addView(text('edited'), { routeName: 'edit', permission: 'edit' });
      config.addForbiddenView((request: Request) => {
        seen = request.exception as HTTPForbidden;
        return new Response(`go away, ${request.authenticatedUserid}`, { status: 403 });
      });
    });
    await testapp.get('/login/ann');
    expect((await testapp.get('/edit', { status: 403 })).text).toBe('go away, ann');
    expect(seen!.message).toMatch(/^Unauthorized: .* failed permission check$/);
    expect(seen!.result).toBeInstanceOf(ACLDenied);
    expect((seen!.result as ACLDenied).ace).toBe('<default deny>');
  });

  test('@forbiddenViewConfig on a class, as the tutorial writes it', async () => {
    class Views {
      constructor(readonly request: Request) {}
      @forbiddenViewConfig()
      forbidden() {
        return new Response('please log in', { status: 403 });
      }
    }
    const testapp = makeOne((config) => {
      config.addRoute('edit', '/edit');
      config.addView(text('edited'), { routeName: 'edit', permission: 'edit' });
      config.scan({ Views });
    });
    expect((await testapp.get('/edit', { status: 403 })).text).toBe('please log in');
  });
});

describe('the request API', () => {
  test('on the router\'s requests and on a DummyRequest after setUp()', () => {
    const config = setUp();
    try {
      config.setSecurityPolicy(policy);
      const anonymous = new DummyRequest();
      expect([anonymous.identity, anonymous.authenticatedUserid, anonymous.isAuthenticated, anonymous.authenticated_userid]).toEqual([null, null, false, null]);
      expect(anonymous.hasPermission('view', new Root())).toBe(true);
      expect(anonymous.has_permission('edit', new Root())).toBe(false);
      const cookie = authtkt.remember(anonymous, 'admin')[0][1].split(';')[0].split('=');
      const admin = new DummyRequest({ cookies: { [cookie[0]]: cookie[1] } });
      admin.context = new Root();
      expect([admin.authenticatedUserid, admin.isAuthenticated, admin.hasPermission('edit')]).toEqual(['admin', true, true]);
      expect(admin.identity).toMatchObject({ userid: 'admin' });
    } finally {
      tearDown();
    }
  });
});

describe('CSRF by default (setDefaultCsrfOptions)', () => {
  const sessionFactory = SignedCookieSessionFactory('s');
  const formApp = (configure: (config: Configurator) => void) => {
    const config = new Configurator({ sessionFactory });
    config.addRoute('form', '/form');
    config.addView((request: Request) => new Response(getCsrfToken(request)), { routeName: 'form', requestMethod: 'GET' });
    config.addView(text('saved'), { routeName: 'form', requestMethod: 'POST' });
    config.addRoute('api', '/api');
    config.addView(text('api'), { routeName: 'api', requireCsrf: false });
    configure(config);
    return config.makeWsgiApp();
  };

  test('every unsafe view checks the token; requireCsrf: false opts out; GET is never checked', async () => {
    const testapp = new TestApp(formApp((config) => config.setDefaultCsrfOptions()));
    const token = (await testapp.get('/form')).text;
    expect((await testapp.post('/form', {}, { status: 400 })).text).toContain('Bad CSRF Token');
    expect((await testapp.post('/form', { csrf_token: token })).text).toBe('saved');
    expect((await testapp.post('/form', {}, { headers: { 'X-CSRF-Token': token } })).text).toBe('saved');
    expect((await testapp.post('/api', {})).text).toBe('api');
  });

  test('without setDefaultCsrfOptions nothing is checked unless a view asks', async () => {
    const testapp = new TestApp(formApp(() => {}));
    expect((await testapp.post('/form', {})).text).toBe('saved');
  });

  test('on HTTPS the Origin (or Referer) must be this site or in pyramid.csrf_trusted_origins', async () => {
    const app = formApp((config) => {
      config.addSettings({ 'pyramid.csrf_trusted_origins': 'partner.example .friends.example' });
      config.setDefaultCsrfOptions();
    });
    const post = async (headers: Record<string, string>) => {
      const request = new Request({ method: 'POST', url: '/form', scheme: 'https', registry: app.registry, headers: { host: 'example.com', ...headers } });
      request.session = sessionFactory(request);
      request.session.set('_csrft_', 'T');
      return (await app.invoke(request)).statusInt;
    };
    expect(await post({ 'x-csrf-token': 'T', origin: 'https://example.com' })).toBe(200);
    expect(await post({ 'x-csrf-token': 'T', origin: 'https://partner.example' })).toBe(200);
    expect(await post({ 'x-csrf-token': 'T', origin: 'https://a.friends.example' })).toBe(200);
    expect(await post({ 'x-csrf-token': 'T', referer: 'https://partner.example/page' })).toBe(200);
    expect(await post({ 'x-csrf-token': 'T', origin: 'https://evil.example' })).toBe(400);
    expect(await post({ 'x-csrf-token': 'T', origin: 'http://example.com' })).toBe(400);
    expect(await post({ 'x-csrf-token': 'T' })).toBe(400);
  });

  test('CookieCSRFStoragePolicy through setCsrfStoragePolicy: no session needed', async () => {
    const config = new Configurator();
    config.setCsrfStoragePolicy(new CookieCSRFStoragePolicy());
    config.setDefaultCsrfOptions();
    config.addRoute('form', '/form');
    config.addView((request: Request) => new Response(getCsrfToken(request)), { routeName: 'form', requestMethod: 'GET' });
    config.addView(text('saved'), { routeName: 'form', requestMethod: 'POST' });
    const testapp = new TestApp(config.makeWsgiApp());
    const page = await testapp.get('/form');
    expect(page.headers['set-cookie']).toEqual([`csrf_token=${page.text}; Path=/; SameSite=Lax`]);
    await testapp.post('/form', {}, { status: 400 });
    expect((await testapp.post('/form', { csrf_token: page.text })).text).toBe('saved');
  });

  test('bad options are configuration errors naming the line', () => {
    const config = new Configurator();
    expect(() => config.setDefaultCsrfOptions({ requireCSRF: true } as any)).toThrow(/setDefaultCsrfOptions\(\) \(.*config\.test\.ts:\d+.*unknown option 'requireCSRF'/);
    expect(() => config.setSecurityPolicy({} as any)).toThrow(/lacks identity, authenticatedUserid, permits, remember, forget/);
    expect(() => config.setDefaultPermission('' as any)).toThrow(/takes a permission name/);
  });
});

describe('config.testingSecuritypolicy (Pyramid\'s testing_securitypolicy)', () => {
  test('a DummySecurityPolicy: the userid and identity given, everything permitted or nothing, remember/forget recorded', async () => {
    const config = setUp();
    try {
      const policy = config.testingSecuritypolicy({ userid: 'editor', identity: { id: 7 }, permissive: false, rememberResult: [['Set-Cookie', 'a=1']] });
      const request = new DummyRequest();
      expect([request.authenticatedUserid, request.identity, request.isAuthenticated, request.hasPermission('view')]).toEqual(['editor', { id: 7 }, true, false]);
      expect(remember(request, 'ann')).toEqual([['Set-Cookie', 'a=1']]);
      expect(forget(request)).toEqual([]);
      expect([policy.remembered, policy.forgotten]).toEqual(['ann', true]);
      config.addRoute('edit', '/edit');
      config.addView(text('edited'), { routeName: 'edit', permission: 'edit' });
      await new TestApp(config.makeWsgiApp()).get('/edit', { status: 403 });
    } finally {
      tearDown();
    }
  });
});

describe('a Configurator on an existing, bare registry', () => {
  test('refuses permission until the security add-on is included, then checks it', async () => {
    const { Registry } = require('../../../framework/registry');
    const bare = () => new Configurator({ registry: new Registry(), securityPolicy: policy, rootFactory: () => new Root() });
    const refused = bare();
    refused.addRoute('edit', '/edit');
    refused.addView(text('edited'), { routeName: 'edit', permission: 'edit' });
    expect(() => refused.commit()).toThrow(/unknown option 'permission' \(declared by the secured_view deriver .*include\('pyramid-ts\/security'\)/);
    const config = bare();
    config.include('pyramid-ts/security');
    config.addRoute('edit', '/edit');
    config.addView(text('edited'), { routeName: 'edit', permission: 'edit' });
    await new TestApp(config.makeWsgiApp()).get('/edit', { status: 403 });
  });
});
