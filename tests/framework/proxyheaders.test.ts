/**
 * waitress's proxy settings with waitress's meaning: the cases of
 * tests/interop/fixtures/waitress-proxy-headers.json were run through the real waitress
 * (tests/interop/make_proxy_fixtures.py); here the same cases run through ours, then a few
 * over real HTTP, where the scheme decides URLs and the CSRF origin check.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import type { IncomingMessage } from 'http';
import { main as waitress, RunningServer } from '../../framework/cli/server';
import { Configurator } from '../../framework/config';
import { checkCsrfOrigin } from '../../framework/csrf';
import type { App } from '../../framework/ini';
import { getLogger } from '../../framework/logging';
import { applyProxyHeaders, environOf, MalformedProxyHeader, parseProxySettings } from '../../framework/proxyheaders';
import type { Request } from '../../framework/request';

interface Case {
  name: string;
  peer: string;
  settings: Record<string, string>;
  headers: Record<string, string>;
  expect: { status: number; environ?: Record<string, unknown> };
}
const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'interop', 'fixtures', 'waitress-proxy-headers.json'), 'utf8')) as {
  cases: Case[];
  settingsErrors: { name: string; settings: Record<string, string>; waitressSays: string }[];
};
const log = getLogger('test.proxyheaders');
const PROXY_HEADERS = ['forwarded', 'x-forwarded-by', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-port', 'x-forwarded-proto'];

describe('the same cases as the real waitress', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const headers: Record<string, string> = { host: 'localhost:8080' };
    for (const [k, v] of Object.entries(c.headers)) headers[k.toLowerCase()] = v;
    const req = { headers, socket: { remoteAddress: c.peer, remotePort: 5555 } } as unknown as IncomingMessage;
    const settings = parseProxySettings(c.settings, log);
    if (c.expect.status === 400) {
      expect(() => applyProxyHeaders(req, settings, log)).toThrow(MalformedProxyHeader);
      return;
    }
    applyProxyHeaders(req, settings, log);
    const environ = environOf(req)!;
    expect({
      urlScheme: environ.urlScheme,
      host: req.headers.host,
      serverName: environ.serverName ?? 'localhost',
      serverPort: environ.serverPort ?? '8080',
      remoteAddr: environ.remoteAddr,
      remotePort: environ.remotePort,
      proxyHeaders: PROXY_HEADERS.filter((h) => req.headers[h] !== undefined),
    }).toEqual(c.expect.environ);
  });

  it.each(fixture.settingsErrors.map((c) => [c.name, c] as const))('refuses %s, as waitress does', (_name, c) => {
    expect(() => parseProxySettings(c.settings, log)).toThrow(/trusted_proxy|exclusive|unknown/);
  });
});

describe('over HTTP: behind a TLS proxy, URLs are https and the CSRF origin check applies', () => {
  let running: RunningServer | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  async function serve(settings: Record<string, string>): Promise<number> {
    const config = new Configurator({ settings: { 'pyramid.csrf_trusted_origins': '' } });
    config.addRoute('where', '/where');
    config.addView((_context: unknown, request: Request) => {
      const originOk = checkCsrfOrigin(request, { raises: false });
      request.response.text = JSON.stringify({ url: request.url, scheme: request.scheme, remoteAddr: request.remoteAddr, originOk });
      return request.response;
    }, { routeName: 'where' });
    running = await waitress({}, { listen: '127.0.0.1:0', ...settings })(config.makeWsgiApp() as unknown as App);
    return Number(running.urls[0].split(':').pop());
  }

  function post(port: number, headers: Record<string, string>): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/where', method: 'POST', headers, agent: false }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.setTimeout(5000, () => req.destroy(new Error('POST /where: no answer within 5 s')));
      req.on('error', reject);
      req.end();
    });
  }

  const forwarded = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'www.example.com', 'X-Forwarded-For': '198.51.100.7' };
  const trusting = { trusted_proxy: '127.0.0.1', trusted_proxy_headers: 'x-forwarded-proto x-forwarded-host x-forwarded-for' };

  it('from the trusted proxy: the forwarded scheme, host and client; a cross-origin POST fails the origin check', async () => {
    const port = await serve(trusting);
    const same = JSON.parse((await post(port, { ...forwarded, Origin: 'https://www.example.com' })).body);
    expect(same).toEqual({ url: 'https://www.example.com/where', scheme: 'https', remoteAddr: '198.51.100.7', originOk: true });
    const cross = JSON.parse((await post(port, { ...forwarded, Origin: 'https://evil.example' })).body);
    expect(cross.originOk).toBe(false);
  });

  it('from anyone else: the headers are ignored', async () => {
    const port = await serve({ ...trusting, trusted_proxy: '10.9.9.9' });
    const reply = JSON.parse((await post(port, { ...forwarded, Origin: 'https://evil.example' })).body);
    expect(reply).toEqual({ url: `http://127.0.0.1:${port}/where`, scheme: 'http', remoteAddr: '127.0.0.1', originOk: true });
  });

  it('url_scheme = https without a proxy header: every URL is https', async () => {
    const port = await serve({ url_scheme: 'https' });
    expect(JSON.parse((await post(port, { Origin: 'https://evil.example' })).body)).toMatchObject({ scheme: 'https', originOk: false });
  });

  it('answers 400 to a malformed header from the trusted proxy', async () => {
    const port = await serve(trusting);
    const reply = await post(port, { 'X-Forwarded-Proto': 'https, http' });
    expect(reply.status).toBe(400);
    expect(reply.body).toContain('Header "X-Forwarded-Proto" malformed.');
  });
});
