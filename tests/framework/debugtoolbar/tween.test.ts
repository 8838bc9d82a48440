/**
 * The toolbar over real HTTP: which responses get its button, which clients and paths it leaves
 * alone, its pages and history, the exception page, and redirect interception.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as nodePath from 'node:path';
import { makeToolbarApp } from '../../fixtures/debugtoolbar/app';
import { httpRequest, serve, type RawResponse, type Served } from '../helpers';
import type { Settings } from '../../../framework/registry';

let served: Served | null = null;

afterEach(async () => {
  await served?.close();
  served = null;
});

async function start(settings: Settings = {}): Promise<number> {
  served = await serve(makeToolbarApp(settings));
  return served.port;
}

/** The line of the fixture's `throw`, where every exception page must point. */
const FIXTURE = nodePath.resolve(__dirname, '../../fixtures/debugtoolbar/app.ts');
const THROW_LINE = fs.readFileSync(FIXTURE, 'utf8').split('\n').findIndex((l) => l.includes('throw new TypeError')) + 1;
const AT_THROW = `${FIXTURE}:${THROW_LINE}:9`;

const HTML = { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' };

/** The toolbar URL the button in `body` points at, as a path. */
function toolbarPath(body: string): string {
  const m = /id="pShowToolBarButton" href="http:\/\/127\.0\.0\.1:\d+(\/_debug_toolbar\/[0-9a-f]+)"/.exec(body);
  if (!m) throw new Error(`no toolbar button in: ${body.slice(0, 400)}`);
  return m[1];
}

/** A GET from another loopback address (127.0.0.2), not one of the default hosts. */
function getFrom(localAddress: string, port: number, path: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, localAddress, agent: false, headers: HTML }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        resolve({ status: res.statusCode!, headers: res.headers, body: raw.toString(), raw });
      });
    });
    req.on('error', reject);
    req.setTimeout(10000, () => req.destroy(new Error(`GET ${path} from ${localAddress}: no answer within 10 s`)));
  });
}

describe('injection', () => {
  it('puts the button before </body> of an HTML page, and the length still matches', async () => {
    const port = await start();
    const res = await httpRequest(port, { path: '/', headers: HTML });
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/<p>Welcome<\/p><div id="pDebug">[\s\S]*<\/div><style>[\s\S]*<\/style><\/body><\/html>$/);
    expect(Number(res.headers['content-length'])).toBe(res.raw.length);
  });

  it('leaves JSON alone, even with </body> in it', async () => {
    const port = await start();
    const res = await httpRequest(port, { path: '/data.json' });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toBe('{"answer": 42, "html": "</body>"}');
  });

  it('leaves a response with a Content-Encoding alone', async () => {
    const port = await start();
    const res = await httpRequest(port, { path: '/gzip', headers: HTML });
    expect(res.body).not.toContain('pDebug');
  });

  it('leaves HTML without a </body> alone', async () => {
    const port = await start();
    expect((await httpRequest(port, { path: '/nobody', headers: HTML })).body).toBe('<p>no body element</p>');
  });

  it('puts the button into an HTTP exception\'s HTML page (a 404)', async () => {
    const port = await start();
    const res = await httpRequest(port, { path: '/nowhere', headers: HTML });
    expect(res.status).toBe(404);
    expect(res.body).toContain('404 Not Found');
    expect(res.body).toContain('pShowToolBarButton');
  });

  it('with show_on_exc_only, shows no button on a page that did not fail', async () => {
    const port = await start({ 'debugtoolbar.show_on_exc_only': 'true' });
    expect((await httpRequest(port, { path: '/', headers: HTML })).body).not.toContain('pDebug');
    expect((await httpRequest(port, { path: '/fail', headers: HTML })).body).toContain('pShowToolBarButton');
  });

  it('takes button_style onto the button', async () => {
    const port = await start({ 'debugtoolbar.button_style': 'top:200px' });
    expect((await httpRequest(port, { path: '/', headers: HTML })).body).toContain('<div id="pDebugToolbarHandle" style="top:200px">');
  });
});

describe('who and what the toolbar leaves alone', () => {
  it('a client not in debugtoolbar.hosts gets no button, and a 404 for /_debug_toolbar/', async () => {
    const port = await start();
    const page = await getFrom('127.0.0.2', port, '/');
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('pDebug');
    const own = await httpRequest(port, { path: '/', headers: HTML });
    const toolbar = toolbarPath(own.body);
    expect((await getFrom('127.0.0.2', port, toolbar)).status).toBe(404);
    expect((await getFrom('127.0.0.2', port, '/_debug_toolbar/')).status).toBe(404);
    expect((await httpRequest(port, { path: toolbar, headers: HTML })).status).toBe(200);
  });

  it('hosts takes networks: 127.0.0.0/8 lets 127.0.0.2 in', async () => {
    const port = await start({ 'debugtoolbar.hosts': '127.0.0.0/8' });
    expect((await getFrom('127.0.0.2', port, '/')).body).toContain('pShowToolBarButton');
  });

  it('leaves paths under exclude_prefixes alone', async () => {
    const port = await start({ 'debugtoolbar.exclude_prefixes': '/notes\n/static' });
    expect((await httpRequest(port, { path: '/notes', headers: HTML })).body).not.toContain('pDebug');
    expect((await httpRequest(port, { path: '/', headers: HTML })).body).toContain('pDebug');
  });

  it('enabled = false: no button, no pages', async () => {
    const port = await start({ 'debugtoolbar.enabled': 'false' });
    expect((await httpRequest(port, { path: '/', headers: HTML })).body).not.toContain('pDebug');
    expect((await httpRequest(port, { path: '/_debug_toolbar/', headers: HTML })).status).toBe(404);
  });
});

describe('history', () => {
  it('keeps the last max_request_history requests; older ones are a 404', async () => {
    const port = await start({ 'debugtoolbar.max_request_history': '2' });
    const first = toolbarPath((await httpRequest(port, { path: '/', headers: HTML })).body);
    await httpRequest(port, { path: '/notes', headers: HTML });
    const third = toolbarPath((await httpRequest(port, { path: '/', headers: HTML })).body);
    expect((await httpRequest(port, { path: first, headers: HTML })).status).toBe(404);
    const page = await httpRequest(port, { path: third, headers: HTML });
    expect(page.status).toBe(200);
    expect(page.body).toContain('History: <strong>GET / 200</strong> <a href=');
    expect(page.body).toContain('GET /notes 200</a></div>');
    // /_debug_toolbar/ shows the newest
    expect((await httpRequest(port, { path: '/_debug_toolbar/', headers: HTML })).body).toContain('<strong>GET / 200</strong>');
  });
});

describe('the exception page (intercept_exc)', () => {
  it('answers 500 with the error, the frames at the right .ts lines, the request, and a link to the history', async () => {
    const port = await start();
    const res = await httpRequest(port, { path: '/fail?x=1', headers: HTML });
    expect(res.status).toBe(500);
    expect(res.body).toContain('TypeError: no widget for /fail');
    // the first frame is brokenHelper's throw, in the fixture's TypeScript source
    expect(res.body).toContain(`brokenHelper</code> at <span class="pdtb-file">${AT_THROW}</span>`);
    expect(res.body).toContain(`<span class="pdtb-line pdtb-current"><span class="pdtb-lineno">${THROW_LINE}</span>  throw new TypeError(`);
    expect(res.body).toContain('<td>x</td><td><pre>1</pre></td>');
    const link = /id="pdtb-history-link" href="http:\/\/127\.0\.0\.1:\d+(\/_debug_toolbar\/[0-9a-f]+)"/.exec(res.body)![1];
    const toolbar = await httpRequest(port, { path: link, headers: HTML });
    expect(toolbar.body).toContain('GET http://127.0.0.1');
    expect(toolbar.body).toContain('/fail?x=1 &rarr; 500');
    // the traceback panel holds it too, and the exception page stays reachable
    expect(toolbar.body).toContain('id="pDebugPanel-content-traceback"');
    expect((await httpRequest(port, { path: `${link}/exception`, headers: HTML })).body).toContain('TypeError: no widget for /fail');
  });

  it('does the same for an async view that fails after an await', async () => {
    const port = await start();
    const res = await httpRequest(port, { path: '/fail-async', headers: HTML });
    expect(res.status).toBe(500);
    expect(res.body).toContain(`brokenHelper</code> at <span class="pdtb-file">${AT_THROW}</span>`);
  });

  it('answers plain text to a client that does not ask for HTML', async () => {
    const port = await start();
    const res = await httpRequest(port, { path: '/fail', headers: { accept: '*/*' } });
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toBe('text/plain; charset=UTF-8');
    expect(res.body).toMatch(/^TypeError: no widget for \/fail\n\nGET http:\/\/127\.0\.0\.1:\d+\/fail\n/);
    expect(res.body).toContain(`brokenHelper at ${AT_THROW}\n    throw new TypeError`);
    expect(res.body).toMatch(/This request in the debug toolbar: http:\/\/127\.0\.0\.1:\d+\/_debug_toolbar\/[0-9a-f]+\n$/);
  });

  it('intercept_exc = false leaves the error to the app: a plain 500', async () => {
    const port = await start({ 'debugtoolbar.intercept_exc': 'false' });
    const res = await httpRequest(port, { path: '/fail', headers: HTML });
    expect(res.status).toBe(500);
    expect(res.body).not.toContain('no widget');
  });
});

describe('intercept_redirects', () => {
  it('replaces a redirect with a page linking to where it goes', async () => {
    const port = await start({ 'debugtoolbar.intercept_redirects': 'true' });
    const res = await httpRequest(port, { path: '/go', headers: HTML });
    expect(res.status).toBe(200);
    expect(res.headers.location).toBeUndefined();
    expect(res.body).toContain('<h2>Redirect (302)</h2>');
    expect(res.body).toContain('<a id="pdtb-redirect" href="/notes">/notes</a>');
    // what the view set beside the redirect still reaches the browser
    expect(res.headers['set-cookie']).toEqual(['flash=saved; Path=/']);
    expect(res.body).toContain('pShowToolBarButton');
  });

  it('links only to web addresses: a javascript: target stays text', async () => {
    const port = await start();
    const res = await httpRequest(port, { path: '/_debug_toolbar/redirect?redirect_to=javascript:alert(1)&redirect_code=302', headers: HTML });
    expect(res.body).toContain('The view redirected to <code id="pdtb-redirect">javascript:alert(1)</code>.');
  });

  it('is off by default', async () => {
    const port = await start();
    const res = await httpRequest(port, { path: '/go', headers: HTML });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`http://127.0.0.1:${port}/notes`);
  });
});
