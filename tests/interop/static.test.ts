/**
 * The static view beside the real Pyramid's (tests/interop/static_oracle.py wrote
 * fixtures/static.json): content types, conditional GET, byte ranges, HEAD, folders, the
 * bad-path table, and precompressed siblings (`contentEncodings`, under /enc/; /encr/ is an app
 * with pyramid.reload_assets, which sees a sibling made while it runs), over real HTTP. Where we
 * differ on purpose, the test says so. Cases run in order: a `create` step adds a file.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { Configurator } from '../../framework/config';
import { serve, httpRequest, writeTree, type Served } from '../framework/helpers';
import oracle from './fixtures/static.json';

/** Where we answer otherwise than Pyramid, and why. */
const deliberate: Record<string, { status: number; why: string }> = {
  // Pyramid's router lets the UnicodeDecodeError escape (a 500 from the server); ours is a 400.
  '/static/%c0%ae%c0%ae/secret.txt': { status: 400, why: 'bytes that are not UTF-8 are a bad request, not a crash' },
};

let served: Served;
let reloading: Served;
let base: string;
let lastModified: string;

function makeApp(settings: Record<string, unknown>) {
  const config = new Configurator({ settings });
  const folder = nodePath.join(base, 'static');
  config.addStaticView('static', folder, { cacheMaxAge: 3600 });
  config.addStaticView('enc', folder, { cacheMaxAge: 3600, contentEncodings: ['gzip', 'br'] });
  config.addStaticView('encr', folder, { cacheMaxAge: 3600, contentEncodings: ['gzip', 'br'] });
  return serve(config.makeWsgiApp());
}

/** The tree's texts are latin-1 bytes, as the oracle wrote them. */
function write(files: Record<string, string>) {
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(nodePath.join(base, 'static', name), Buffer.from(text, 'latin1'));
}

beforeAll(async () => {
  base = writeTree({ ...Object.fromEntries(Object.entries(oracle.tree).map(([name, text]) => [`static/${name}`, text])), [oracle.outside]: 'secret' });
  write(oracle.tree);
  served = await makeApp({});
  reloading = await makeApp({ 'pyramid.reload_assets': 'true' });
  lastModified = fs.statSync(nodePath.join(base, 'static', 'hello.txt')).mtime.toUTCString();
});

afterAll(async () => {
  await served.close();
  await reloading.close();
});

type Case = { path?: string; method?: string; headers?: Record<string, string>; create?: Record<string, string>; result?: unknown };

describe.each((oracle.cases as Case[]).map((c) => [c.create ? `then ${JSON.stringify(c.create)} is made` : `${c.method ?? 'GET'} ${c.path!.slice(0, 60)} ${JSON.stringify(c.headers ?? {})}`, c] as const))('%s', (_title, c) => {
  if (c.create) {
    test('(a file made while the apps run)', () => write(c.create!));
    return;
  }
  test('as the real Pyramid', async () => {
    const headers: Record<string, string> = { host: 'localhost' };
    for (const [k, v] of Object.entries(c.headers ?? {})) headers[k] = v === '$LM' ? lastModified : v;
    const port = c.path!.startsWith('/encr/') ? reloading.port : served.port;
    const res = await httpRequest(port, { method: c.method ?? 'GET', path: c.path, headers });
    const expected = c.result as { status: number; headers?: Record<string, string>; lastModified?: boolean; body?: string | null };
    const mine = deliberate[c.path!];
    if (mine) {
      expect(res.status).toBe(mine.status);
      return;
    }
    expect(res.status).toBe(expected.status);
    const got: Record<string, string> = {};
    for (const name of ['Content-Type', 'Content-Length', 'Content-Range', 'Location', 'Cache-Control', 'Content-Encoding', 'Vary']) {
      const value = res.headers[name.toLowerCase()];
      if (value !== undefined) got[name] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    if (expected.status >= 300) {
      delete got['Content-Type'];
      delete got['Content-Length'];
    }
    expect(got).toEqual(expected.headers);
    if (expected.status === 200 || expected.status === 206) {
      expect('last-modified' in res.headers).toBe(true);
      if ((c.method ?? 'GET') === 'GET') expect(res.raw.toString('latin1')).toBe(expected.body);
    }
  });
});
