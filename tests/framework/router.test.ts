/**
 * The router: 404s, errors turned into 500s (logged with their stack) and exception views,
 * redirects, HEAD, async views, and the request-body limit. HTTP-level behaviour (Content-Length,
 * closing the connection, keep-alive, cookies) runs over a real server on 127.0.0.1.
 */
import * as net from 'node:net';
import * as nodePath from 'node:path';
import { Response } from '../../framework/response';
import { HTTPFound, HTTPNotFound } from '../../framework/httpexceptions';
import { SignedCookieSessionFactory } from '../../framework/session';
import type { Configurator } from '../../framework/config';
import type { Request } from '../../framework/request';
import { makeApp, captureLog, withLog, serve, httpRequest, rawExchange, writeTree, type Served } from './helpers';

/** The app most tests share: a few routes, each showing one behaviour. */
function configure(config: Configurator): void {
  config.addRoute('home', '/');
  config.addRoute('plain', '/plain');
  config.addRoute('returned', '/returned');
  config.addRoute('thrown', '/thrown');
  config.addRoute('boom', '/boom');
  config.addRoute('async', '/async');
  config.addRoute('async_boom', '/async-boom');
  config.addRoute('echo', '/echo');
  config.addRoute('cookie', '/cookie');
  config.addView(() => new Response('<body>Visit</body>'), { routeName: 'home' });
  config.addView((request: Request) => new Response({ contentType: 'text/plain', body: `URL ${request.url} with name: ${request.params.get('name', 'No Name Provided')}` }), { routeName: 'plain' });
  config.addView(() => new HTTPFound({ location: '/plain' }), { routeName: 'returned' });
  config.addView(() => {
    throw new HTTPFound({ location: '/plain' });
  }, { routeName: 'thrown' });
  config.addView(function boom(): Response {
    throw new Error('the view broke');
  }, { routeName: 'boom' });
  config.addView(async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { name: 'async' };
  }, { routeName: 'async', renderer: 'json' });
  config.addView(async () => {
    await Promise.resolve();
    throw new Error('async broke');
  }, { routeName: 'async_boom' });
  config.addView((request: Request) => new Response({ contentType: 'text/plain', body: `${request.body.length} bytes` }), { routeName: 'echo' });
  config.addView((request: Request) => {
    const response = new Response(`seen: ${request.cookies.flavour ?? 'none'}`);
    if (request.params.has('set')) response.setCookie('flavour', request.params.get('set')!);
    if (request.params.has('drop')) response.deleteCookie('flavour');
    return response;
  }, { routeName: 'cookie' });
}

function makeOne(settings = {}) {
  return makeApp(configure, settings);
}

describe('in-process', () => {
  test('an unmatched URL is Pyramid’s 404 page', async () => {
    const res = await makeOne().testapp.get('/nope', { status: 404 });
    expect(res.text).toBe('404 Not Found\n\nThe resource could not be found.\n\n\n/nope\n\n');
  });

  test('a returned and a thrown HTTPFound both redirect, the relative Location made absolute', async () => {
    const { testapp } = makeOne();
    for (const url of ['/returned', '/thrown']) {
      const res = await testapp.get(url, { status: 302 });
      expect(res.location).toBe('http://localhost/plain');
      expect(res.text).toBe('302 Found\n\nThe resource was found at /plain; you should be redirected automatically.\n\n');
    }
    const followed = await (await testapp.get('/returned')).follow();
    expect(followed.text).toBe('URL http://localhost/plain with name: No Name Provided');
  });

  test('a view that throws is a 500, logged with its stack; the next request is served normally', async () => {
    const { testapp } = makeOne();
    await withLog('pyramid.router', async (log) => {
      const res = await testapp.get('/boom', { status: 500 });
      expect(res.text).toContain('500 Internal Server Error');
      expect(res.text).not.toContain('the view broke');
      expect(log.records).toHaveLength(1);
      expect(log.records[0].levelname).toBe('ERROR');
      expect(log.records[0].message).toBe('Error while serving GET /boom (view failed): Error: the view broke');
      expect((log.records[0].error as Error).stack).toContain(nodePath.basename(__filename));
      expect((await testapp.get('/')).text).toBe('<body>Visit</body>');
    });
  });

  test('async views: their value is rendered; their rejection is a logged 500', async () => {
    const { testapp } = makeOne();
    expect((await testapp.get('/async')).text).toBe('{"name": "async"}');
    await withLog('pyramid.router', async (log) => {
      await testapp.get('/async-boom', { status: 500 });
      expect(log.records[0].message).toContain('Error: async broke');
    });
  });

  test('a route’s only view is found at once; a view committed later for that route takes part in the lookup', async () => {
    const { config, testapp } = makeApp((c) => {
      c.addRoute('r', '/r');
      c.addView(() => new Response('the only view'), { routeName: 'r' });
    });
    expect((await testapp.get('/r?b=1')).text).toBe('the only view');
    config.addView(() => new Response('b given'), { routeName: 'r', requestParam: 'b' });
    config.commit();
    expect((await testapp.get('/r?b=1')).text).toBe('b given');
    expect((await testapp.get('/r')).text).toBe('the only view');
  });

  test('malformed percent-encoding in the path is a 400', async () => {
    const res = await makeOne().testapp.get('/bad%E0%A4%A', { status: 400 });
    expect(res.text).toContain('400 Bad Request');
  });

  test('an exception view may answer for a view’s error; without one an HTTPException is its own response', async () => {
    const { testapp } = makeApp((config) => {
      config.addRoute('missing', '/missing');
      config.addView(() => {
        throw new HTTPNotFound('no such page');
      }, { routeName: 'missing' });
    });
    expect((await testapp.get('/missing', { status: 404 })).text).toContain('no such page');
    const handled = makeApp((config) => {
      configure(config);
      config.addExceptionView((request: Request) => new Response({ status: 503, body: `sorry: ${(request.exception as Error).message}` }));
    }).testapp;
    expect((await handled.get('/boom', { status: 503 })).text).toBe('sorry: the view broke');
  });

  test('an exception view that throws falls back to a logged 500', async () => {
    const { testapp } = makeApp((config) => {
      configure(config);
      config.addExceptionView(function brokenHandler(): Response {
        throw new Error('handler broke too');
      });
    });
    await withLog('pyramid.router', async (log) => {
      await testapp.get('/boom', { status: 500 });
      expect(log.records[0].message).toContain('exception view brokenHandler failed');
    });
  });

  test('a view that changed the session and then failed saves nothing: the 500 sets no cookie, as in Pyramid', async () => {
    const { testapp } = makeApp((config) => {
      config.setSessionFactory(SignedCookieSessionFactory('seekrit'));
      config.addRoute('half', '/half');
      config.addView((request: Request) => {
        request.session['counter'] = 1;
        throw new Error('failed half-way');
      }, { routeName: 'half' });
    });
    await withLog('pyramid.router', async (log) => {
      const res = await testapp.get('/half', { status: 500 });
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(log.records).toHaveLength(1);
    });
  });

  /** GETs a view rendering a one-off `.pt` template; returns what the router logged for it. */
  async function renderBroken(source: string): Promise<string> {
    const dir = writeTree({ 'broken.pt': source });
    const { testapp } = makeApp((config) => {
      config.include('pyramid_chameleon');
      config.addRoute('broken', '/broken');
      config.addView(() => ({ name: 'x' }), { routeName: 'broken', renderer: nodePath.join(dir, 'broken.pt') });
    });
    return withLog('pyramid.router', async (log) => {
      await testapp.get('/broken', { status: 500 });
      return `${log.records[0].message}\n${(log.records[0].error as Error).stack ?? ''}`;
    });
  }

  test('a template that does not compile is a 500, and the log names the template and its line', async () => {
    const logged = await renderBroken('<h1>${name}</h1>\n<p>${name.}</p>\n');
    expect(logged).toMatch(/ - Filename: +\S*broken\.pt\n - Location: +\(line 2: col 5\)/);
  });

  test('a template that fails while rendering is a 500, and the log names the template and its line', async () => {
    const logged = await renderBroken('<h1>${name}</h1>\n<p>${view_helper()}</p>\n');
    expect(logged).toMatch(/NameError: view_helper\n\n - Expression: "view_helper\(\)"\n - Filename: +\S*broken\.pt\n - Location: +\(line 2: col 5\)/);
  });

  test('response callbacks run on the way out, and may add headers', async () => {
    const { testapp } = makeApp((config) => {
      config.addRoute('r', '/');
      config.addView((request: Request) => {
        request.addResponseCallback((_req, response) => response.setHeader('X-Callback', 'ran'));
        return new Response('ok');
      }, { routeName: 'r' });
    });
    expect((await testapp.get('/')).header('x-callback')).toBe('ran');
  });
});

describe('over HTTP', () => {
  let served: Served;

  beforeAll(async () => {
    served = await serve(makeOne({ 'pyramid.max_request_body_size': '100' }).app);
  });

  afterAll(() => served.close());

  test('HEAD is answered by the GET view: headers and Content-Length, no body', async () => {
    const get = await httpRequest(served.port, { path: '/' });
    const head = await httpRequest(served.port, { method: 'HEAD', path: '/' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(get.body)));
    expect(head.headers['content-type']).toBe('text/html; charset=UTF-8');
  });

  test('the Location of a redirect is absolute, from the Host the client sent', async () => {
    const res = await httpRequest(served.port, { path: '/returned', headers: { host: 'example.com:8080' } });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('http://example.com:8080/plain');
  });

  test('a body within the limit reaches the view', async () => {
    const res = await httpRequest(served.port, { method: 'POST', path: '/echo', body: 'x'.repeat(100) });
    expect(res.body).toBe('100 bytes');
  });

  test('a declared Content-Length over pyramid.max_request_body_size is a 413; the connection is closed; the server keeps serving', async () => {
    const { text, closedByServer } = await rawExchange(served.port, `POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 101\r\n\r\n${'x'.repeat(101)}`);
    expect(text).toMatch(/^HTTP\/1\.1 413 Request Entity Too Large\r\n/);
    expect(text.toLowerCase()).toContain('connection: close');
    expect(closedByServer).toBe(true);
    expect((await httpRequest(served.port, { path: '/' })).status).toBe(200);
  });

  test('a chunked body that grows over the limit is a 413 too', async () => {
    const chunk = (s: string) => `${s.length.toString(16)}\r\n${s}\r\n`;
    const body = chunk('x'.repeat(60)) + chunk('y'.repeat(60)) + '0\r\n\r\n';
    const { text, closedByServer } = await rawExchange(served.port, `POST /echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n${body}`);
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(closedByServer).toBe(true);
    expect((await httpRequest(served.port, { method: 'POST', path: '/echo', chunks: ['ab', 'cd'] })).body).toBe('4 bytes');
  });

  test('a 413 reaches a client that reads only after sending its megabytes of body: the server lingers, reading on, before it closes', async () => {
    // Closing with unread bytes makes the kernel reset the connection, and the reset throws
    // away the 413 waiting, unread, in the client's buffers.
    const chunk = `10000\r\n${'x'.repeat(0x10000)}\r\n`;
    const request = `POST /echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n${chunk.repeat(64)}0\r\n\r\n`;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(served.port, '127.0.0.1');
      const chunks: Buffer[] = [];
      const timer = setTimeout(() => reject(new Error('no close within 5 s after the body was sent')), 5000);
      socket.pause();
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('error', (error) => {
        clearTimeout(timer);
        resolve(`${error.message} after ${Buffer.concat(chunks).toString('latin1').slice(0, 40)}`);
      });
      socket.on('close', () => {
        clearTimeout(timer);
        resolve(Buffer.concat(chunks).toString('latin1'));
      });
      // read only once the whole body is written, and the server has had time to close
      socket.write(request, () => setTimeout(() => socket.resume(), 200));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  });

  test('keep-alive: two requests on one connection are both answered', async () => {
    const request = 'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n';
    const { text } = await rawExchange(served.port, request + request.replace('\r\n\r\n', '\r\nConnection: close\r\n\r\n'));
    expect(text.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
  });

  test('cookies: a set cookie comes back, and a deleted one is gone from the client', async () => {
    const set = await httpRequest(served.port, { path: '/cookie?set=mint' });
    const line = (set.headers['set-cookie'] as string[])[0];
    expect(line).toBe('flavour=mint; Path=/');
    const seen = await httpRequest(served.port, { path: '/cookie?drop=1', headers: { cookie: line.split(';')[0] } });
    expect(seen.body).toBe('seen: mint');
    expect((seen.headers['set-cookie'] as string[])[0]).toMatch(/^flavour=; Max-Age=0; /);
  });
});

describe('no single bad request takes the server down', () => {
  test('an exception view predicate that throws, on a request with a body, is a logged 500, and the server keeps serving', async () => {
    const { app } = makeApp((config) => {
      config.addRoute('home', '/');
      config.addView(() => new Response('home'), { routeName: 'home' });
      const broken = () => {
        throw new Error('predicate broke');
      };
      config.addNotFoundView(() => new Response('not here'), { customPredicates: [broken] });
    });
    const served = await serve(app);
    const log = captureLog('pyramid.router');
    try {
      const res = await httpRequest(served.port, { method: 'POST', path: '/nope', body: 'a=1' });
      expect(res.status).toBe(500);
      expect(log.records[0].message).toContain('an exception view predicate failed');
      expect((await httpRequest(served.port, { path: '/' })).body).toBe('home');
    } finally {
      log.stop();
      await served.close();
    }
  });

  test('a malformed multipart body read by a requestParam predicate is a 400, not a crash', async () => {
    const { testapp } = makeApp((config) => {
      config.addNotFoundView(() => new Response('not here'), { requestParam: 'debug' });
    });
    await testapp.post('/nope', '--x\r\n', { status: 400, contentType: 'multipart/form-data; boundary=x' });
  });

  test('a charset Node cannot encode is a clear 500; ISO-8859-1 and US-ASCII bodies are encoded as such', async () => {
    const { testapp } = makeApp((config) => {
      config.addRoute('latin', '/latin');
      config.addView(() => new Response('café', { charset: 'ISO-8859-1' }), { routeName: 'latin' });
      config.addRoute('klingon', '/klingon');
      config.addView(() => new Response('qapla', { charset: 'x-klingon' }), { routeName: 'klingon' });
    });
    const latin = await testapp.get('/latin');
    expect([...latin.body]).toEqual([0x63, 0x61, 0x66, 0xe9]);
    expect(latin.header('content-length')).toBe('4');
    await withLog('pyramid.router', async (log) => {
      await testapp.get('/klingon', { status: 500 });
      expect(log.records[0].message).toContain('Cannot encode a response body as charset "x-klingon"');
    });
  });

  test('a Content-Length the view set, in any case, is replaced by the real one, never doubled', async () => {
    const { testapp } = makeApp((config) => {
      config.addRoute('r', '/');
      config.addView(() => new Response('four', { headers: { 'content-length': '99' } }), { routeName: 'r' });
    });
    const res = await testapp.get('/');
    expect(res.header('content-length')).toBe('4');
  });

  test('a relative redirect with an unusable Host keeps its Location as given rather than failing', async () => {
    const { testapp } = makeApp((config) => {
      config.addRoute('r', '/');
      config.addView(() => new HTTPFound('/plain'), { routeName: 'r' });
    });
    const res = await testapp.get('/', { status: 302, headers: { host: 'a b' } });
    expect(res.location).toBe('/plain');
  });

  test('finished callbacks run even when the response cannot be written (a header Node refuses)', async () => {
    const finished: string[] = [];
    const { app } = makeApp((config) => {
      config.addRoute('r', '/');
      config.addView((request: Request) => {
        request.addFinishedCallback(() => finished.push('ran'));
        return new Response('x', { headers: { 'X-Bad': 'new\nline' } });
      }, { routeName: 'r' });
    });
    const served = await serve(app);
    const log = captureLog('pyramid.router');
    try {
      expect((await httpRequest(served.port, { path: '/' })).status).toBe(500);
      expect(log.records[0].message).toContain('Could not write the response');
    } finally {
      log.stop();
      await served.close();
    }
    expect(finished).toEqual(['ran']);
  });
});
