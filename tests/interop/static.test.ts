/**
 * The static view beside the real Pyramid's (tests/interop/static_oracle.py wrote
 * fixtures/static.json): content types, conditional GET, byte ranges, HEAD, folders and the
 * bad-path table, over real HTTP. Where we differ on purpose, the test says so.
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
let base: string;
let lastModified: string;

beforeAll(async () => {
  base = writeTree({ ...Object.fromEntries(Object.entries(oracle.tree).map(([name, text]) => [`static/${name}`, text])), [oracle.outside]: 'secret' });
  // The tree's texts are latin-1 bytes, as the oracle wrote them.
  for (const [name, text] of Object.entries(oracle.tree)) fs.writeFileSync(nodePath.join(base, 'static', name), Buffer.from(text, 'latin1'));
  const config = new Configurator();
  config.addStaticView('static', nodePath.join(base, 'static'), { cacheMaxAge: 3600 });
  served = await serve(config.makeWsgiApp());
  lastModified = fs.statSync(nodePath.join(base, 'static', 'hello.txt')).mtime.toUTCString();
});

afterAll(() => served.close());

describe.each(oracle.cases.map((c) => [`${c.method ?? 'GET'} ${c.path.slice(0, 60)} ${JSON.stringify((c as { headers?: object }).headers ?? {})}`, c]))('%s', (_title, c) => {
  test('as the real Pyramid', async () => {
    const headers: Record<string, string> = { host: 'localhost' };
    for (const [k, v] of Object.entries((c as { headers?: Record<string, string> }).headers ?? {})) headers[k] = v === '$LM' ? lastModified : v;
    const res = await httpRequest(served.port, { method: c.method ?? 'GET', path: c.path, headers });
    const expected = c.result as { status: number; headers?: Record<string, string>; lastModified?: boolean; body?: string | null };
    const mine = deliberate[c.path];
    if (mine) {
      expect(res.status).toBe(mine.status);
      return;
    }
    expect(res.status).toBe(expected.status);
    const got: Record<string, string> = {};
    for (const name of ['Content-Type', 'Content-Length', 'Content-Range', 'Location', 'Cache-Control']) {
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
