/**
 * pyramid.testing's pieces: setUp/tearDown, DummyRequest (the facts the tutorial's unit tests
 * depend on), and TestApp (status expectations with clear messages, a cookie jar).
 */
import * as testing from '../../framework/testing';
import { TestApp, AppError } from '../../framework/testing';
import { Response } from '../../framework/response';
import type { Request } from '../../framework/request';
import { makeApp, serve, httpRequest, captureLog } from './helpers';

/** A TestApp over an app whose `/cookie` sets, keeps or deletes a cookie, and `/missing` is 404. */
function makeOne(): TestApp {
  return makeApp((config) => {
    config.addRoute('home', '/');
    config.addRoute('cookie', '/cookie');
    config.addView(() => new Response('<body>Visit</body>'), { routeName: 'home' });
    config.addView((request: Request) => {
      const response = new Response(`flavour: ${request.cookies.flavour ?? 'none'}`);
      const set = request.params.get('set');
      if (set) response.setCookie('flavour', set);
      if (request.params.has('drop')) response.deleteCookie('flavour');
      return response;
    }, { routeName: 'cookie' });
  }).testapp;
}

describe('setUp and DummyRequest', () => {
  let config: ReturnType<typeof testing.setUp>;
  beforeEach(() => {
    config = testing.setUp();
  });
  afterEach(() => testing.tearDown());

  test('a DummyRequest is http://example.com, GET, with host example.com:80', () => {
    const request = new testing.DummyRequest();
    expect(request.url).toBe('http://example.com');
    expect(request.applicationUrl).toBe('http://example.com');
    expect(request.host).toBe('example.com:80');
    expect(request.method).toBe('GET');
    expect(request.matchdict).toEqual({});
  });

  test('params, GET and POST are one dict: request.GET.set(...) shows in params', () => {
    const request = new testing.DummyRequest();
    expect(request.params).toBe(request.GET);
    expect(request.POST).toBe(request.GET);
    request.GET.set('name', 'Jane Doe');
    expect(request.params.get('name')).toBe('Jane Doe');
  });

  test('post makes a POST whose POST is the form', () => {
    const request = new testing.DummyRequest({ post: { new_name: 'Bob' } });
    expect(request.method).toBe('POST');
    expect(request.POST.get('new_name')).toBe('Bob');
  });

  test('matchdict is writable; the session is an in-memory dict; response is made lazily', () => {
    const request = new testing.DummyRequest();
    request.matchdict.first = 'First';
    expect(request.matchdict).toEqual({ first: 'First' });
    request.session.counter = 1;
    expect(request.session.counter).toBe(1);
    expect(request.hasResponse).toBe(false);
    expect(request.response.status).toBe('200 OK');
  });

  test('the registry is setUp()’s, so routes added in the test generate URLs (autocommit)', () => {
    config.addRoute('hello', '/howdy/{first}/{last}');
    const request = new testing.DummyRequest();
    expect(request.registry).toBe(config.registry);
    expect(request.routeUrl('hello', { first: 'jane', last: 'doe' })).toBe('http://example.com/howdy/jane/doe');
  });
});

describe('TestApp', () => {
  test('status: by default any 2xx or 3xx; otherwise an AppError naming the status, the request and the body', async () => {
    const testapp = makeOne();
    await expect(testapp.get('/nope')).rejects.toThrow(new AppError('Bad response: 404 Not Found (not 2xx or 3xx) for GET http://localhost/nope\n404 Not Found\n\nThe resource could not be found.\n\n\n/nope\n\n'));
  });

  test.each<[testing.StatusExpectation, boolean]>([
    [404, true],
    ['404 Not Found', true],
    ['404', true],
    ['4*', true],
    ['*', true],
    [[200, 404], true],
    [200, false],
    ['5*', false],
  ])('status %j for a 404: %s', async (status, accepted) => {
    const request = makeOne().get('/nope', { status });
    if (accepted) expect((await request).statusCode).toBe(404);
    else await expect(request).rejects.toThrow(`Bad response: 404 Not Found (not ${JSON.stringify(status)})`);
  });

  test('expectErrors accepts anything', async () => {
    expect((await makeOne().get('/nope', { expectErrors: true })).statusCode).toBe(404);
  });

  test('the cookie jar keeps a set cookie, sends it back, and drops a deleted one', async () => {
    const testapp = makeOne();
    await testapp.get('/cookie?set=mint');
    expect(testapp.cookies).toEqual({ flavour: 'mint' });
    expect((await testapp.get('/cookie')).text).toBe('flavour: mint');
    await testapp.get('/cookie?drop=1');
    expect(testapp.cookies).toEqual({});
    expect((await testapp.get('/cookie')).text).toBe('flavour: none');
  });

  test('reset empties the jar', async () => {
    const testapp = makeOne();
    await testapp.get('/cookie?set=mint');
    testapp.reset();
    expect((await testapp.get('/cookie')).text).toBe('flavour: none');
  });

  test('mustContain names what is missing; contentType is the bare media type', async () => {
    const res = await makeOne().get('/');
    res.mustContain('<body>Visit');
    expect(() => res.mustContain('Go back')).toThrow('Body does not contain "Go back"');
    expect(res.contentType).toBe('text/html');
  });

  test('params go in the query string for GET and in a form body for POST', async () => {
    const testapp = makeOne();
    expect((await testapp.get('/cookie', { params: { set: 'lime' } })).headers['set-cookie']).toEqual(['flavour=lime; Path=/']);
    expect((await testapp.post('/cookie', { set: 'plum' })).headers['set-cookie']).toEqual(['flavour=plum; Path=/']);
  });
});

// Issue 15 point 15: TestApp answered 200 for responses Node's server refuses to write. Each
// misbehaving view below is asked over a real socket and through TestApp: the answers must agree.
describe('TestApp is as strict as node:http', () => {
  const cases: Array<[string, (response: Response) => void]> = [
    ['a header value with CR LF (response splitting)', (r) => r.setHeader('X-Next', 'a\r\nSet-Cookie: evil=1')],
    ['a header name that is not a token', (r) => r.setHeader('X Bad', '1')],
    ['a header value past U+00FF', (r) => r.setHeader('X-Price', '€5')],
    ['a status above 999', (r) => (r.status = 1000)],
    ['a status below 100', (r) => (r.status = 42)],
    ['a reason phrase with a newline', (r) => (r.reason = 'OK\nX-Injected: 1')],
    ['a Set-Cookie value with a newline', (r) => r.addHeader('Set-Cookie', 'a=1\nb=2')],
    ['nothing wrong (the control case)', (r) => r.setHeader('X-Fine', 'é')],
  ];
  const { app } = makeApp((config) => {
    cases.forEach(([, spoil], i) => {
      config.addRoute(`case${i}`, `/case${i}`);
      config.addView(() => {
        const response = new Response('body');
        spoil(response);
        return response;
      }, { routeName: `case${i}` });
    });
  });

  test.each(cases.map(([name], i) => [name, i]))('%s: the same status over HTTP and in TestApp', async (_name, i) => {
    const served = await serve(app);
    const log = captureLog('pyramid.router');
    try {
      const real = await httpRequest(served.port, { path: `/case${i}` });
      const inProcess = await new TestApp(app).get(`/case${i}`, { expectErrors: true });
      expect([inProcess.statusCode, inProcess.text]).toEqual([real.status, real.body]);
      if (i < cases.length - 1) {
        expect(real.status).toBe(500);
        // Both were refused by Node's own checks, and said so in the log.
        expect(log.records.map((r) => r.message.split(':')[0])).toEqual([`Could not write the response to GET /case${i}`, `Could not write the response to GET /case${i}`]);
      } else {
        expect([real.status, inProcess.header('x-fine')]).toEqual([200, 'é']);
      }
    } finally {
      log.stop();
      await served.close();
    }
  });
});
