/**
 * Static assets: what the oracle comparison (tests/interop/static.test.ts) cannot show:
 * ETags and If-None-Match, symlinks out of the folder, staticUrl/staticPath for folders and
 * CDNs, overrideAsset for static files and templates, unknown options, precompressed
 * siblings (`contentEncodings`) with ETags, 304s and symlinks, and a 1 GiB file streamed over
 * real HTTP with flat memory.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as nodePath from 'node:path';
import { Configurator } from '../../framework/config';
import { DummyRequest } from '../../framework/testing';
import { makeApp, serve, writeTree, thrown } from './helpers';

function makeOne(files: Record<string, string>, configure: (config: Configurator, dir: string) => void = () => {}) {
  const dir = writeTree(files);
  return { dir, ...makeApp((config) => {
    config.addStaticView('static', nodePath.join(dir, 'static'));
    configure(config, dir);
  }) };
}

test('an ETag, and If-None-Match answered with 304 (beyond Pyramid, which sends none)', async () => {
  const { testapp } = makeOne({ 'static/a.css': 'a {}' });
  const first = await testapp.get('/static/a.css');
  const etag = first.header('etag')!;
  expect(etag).toMatch(/^W\/"[0-9a-f]+-[0-9a-zA-Z+/]+"$/);
  expect(first.header('accept-ranges')).toBe('bytes');
  expect(first.header('cache-control')).toBeUndefined();
  expect((await testapp.get('/static/a.css', { headers: { 'If-None-Match': etag }, status: 304 })).body.length).toBe(0);
  await testapp.get('/static/a.css', { headers: { 'If-None-Match': 'W/"other"' }, status: 200 });
  // A stale If-Range: the whole file, not the range.
  const res = await testapp.get('/static/a.css', { headers: { Range: 'bytes=0-1', 'If-Range': 'W/"other"' }, status: 200 });
  expect(res.text).toBe('a {}');
});

test('a symlink that leads out of the folder is a 404 (Pyramid would serve it); one that stays inside is served', async () => {
  const { dir, testapp } = makeOne({ 'static/in.txt': 'inside', 'secret.txt': 'secret' });
  fs.symlinkSync(nodePath.join(dir, 'secret.txt'), nodePath.join(dir, 'static', 'out.txt'));
  fs.symlinkSync(nodePath.join(dir, 'static', 'in.txt'), nodePath.join(dir, 'static', 'alias.txt'));
  fs.symlinkSync(dir, nodePath.join(dir, 'static', 'up'));
  await testapp.get('/static/out.txt', { status: 404 });
  await testapp.get('/static/up/secret.txt', { status: 404 });
  expect((await testapp.get('/static/alias.txt')).text).toBe('inside');
});

test('staticUrl and staticPath: by asset spec or path, for a served folder and for a CDN URL', () => {
  const dir = writeTree({ 'static/app.css': '', 'cdn/lib.js': '' });
  const config = new Configurator({ autocommit: true });
  config.addStaticView('static', nodePath.join(dir, 'static'));
  config.addStaticView('https://cdn.example.com/assets', nodePath.join(dir, 'cdn'));
  config.addStaticView('//cdn2.example.com/x/', nodePath.join(dir, 'cdn2'));
  const request = new DummyRequest({ registry: config.registry });
  expect(request.staticUrl(nodePath.join(dir, 'static', 'app.css'))).toBe('http://example.com/static/app.css');
  expect(request.staticPath(nodePath.join(dir, 'static', 'sub dir', 'x.css'), { _query: { v: '1' } })).toBe('/static/sub%20dir/x.css?v=1');
  expect(request.staticUrl(nodePath.join(dir, 'cdn', 'lib.js'))).toBe('https://cdn.example.com/assets/lib.js');
  expect(request.staticUrl(nodePath.join(dir, 'cdn2', 'a.js'))).toBe('http://cdn2.example.com/x/a.js'); // as Pyramid: the request's scheme
  expect(() => request.staticUrl('/elsewhere/x.css')).toThrow('No static URL definition matching /elsewhere/x.css');
});

test('overrideAsset: the override’s file where it has one, the original elsewhere; templates too', async () => {
  const { testapp } = makeOne(
    { 'static/a.css': 'original a', 'static/b.css': 'original b', 'theme/a.css': 'themed a', 'templates/page.jinja2': 'original {{ x }}', 'theme-templates/page.jinja2': 'themed {{ x }}' },
    (config, dir) => {
      config.include('pyramid_jinja2');
      config.overrideAsset(nodePath.join(dir, 'static') + '/', nodePath.join(dir, 'theme') + '/');
      config.overrideAsset(nodePath.join(dir, 'templates', 'page.jinja2'), nodePath.join(dir, 'theme-templates', 'page.jinja2'));
      config.addRoute('page', '/page');
      config.addView(() => ({ x: 1 }), { routeName: 'page', renderer: nodePath.join(dir, 'templates', 'page.jinja2') });
    },
  );
  expect((await testapp.get('/static/a.css')).text).toBe('themed a');
  expect((await testapp.get('/static/b.css')).text).toBe('original b');
  expect((await testapp.get('/page')).text).toBe('themed 1');
});

describe('contentEncodings: precompressed siblings, as Pyramid 2.0', () => {
  const files = { 'static/app.js': 'x'.repeat(100), 'static/app.js.gz': 'g'.repeat(40), 'static/app.js.br': 'b'.repeat(30), 'secret.js.br': 's' };
  const encoded = () =>
    makeApp((config) => config.addStaticView('static', nodePath.join(dir, 'static'), { contentEncodings: ['gzip', 'br'] }));
  let dir: string;
  beforeEach(() => {
    dir = writeTree(files);
  });

  test('each coding has its own ETag; a 304 keeps Content-Encoding and Vary for caches', async () => {
    const { testapp } = encoded();
    const br = await testapp.get('/static/app.js', { headers: { 'Accept-Encoding': 'gzip, br' } });
    expect([br.header('content-encoding'), br.header('vary'), br.text]).toEqual(['br', 'Accept-Encoding', 'b'.repeat(30)]);
    const plain = await testapp.get('/static/app.js');
    expect(plain.header('etag')).not.toBe(br.header('etag'));
    const again = await testapp.get('/static/app.js', { headers: { 'Accept-Encoding': 'br', 'If-None-Match': br.header('etag')! }, status: 304 });
    expect([again.header('content-encoding'), again.header('vary')]).toEqual(['br', 'Accept-Encoding']);
  });

  test('a sibling that is a symlink out of the folder is never served', async () => {
    fs.rmSync(nodePath.join(dir, 'static', 'app.js.br'));
    fs.symlinkSync(nodePath.join(dir, 'secret.js.br'), nodePath.join(dir, 'static', 'app.js.br'));
    const { testapp } = encoded();
    expect((await testapp.get('/static/app.js', { headers: { 'Accept-Encoding': 'br' } })).text).toBe('x'.repeat(100));
  });

  test('a remembered sibling that was deleted is a 404 once, then looked for again', async () => {
    const { testapp } = encoded();
    expect((await testapp.get('/static/app.js', { headers: { 'Accept-Encoding': 'br' } })).header('content-encoding')).toBe('br');
    fs.rmSync(nodePath.join(dir, 'static', 'app.js.br'));
    await testapp.get('/static/app.js', { headers: { 'Accept-Encoding': 'br' }, status: 404 });
    expect((await testapp.get('/static/app.js', { headers: { 'Accept-Encoding': 'br' } })).header('content-encoding')).toBeUndefined();
  });

  test('a coding without a known file extension, or reload given to addStaticView, is an error naming the line', () => {
    expect(thrown(() => new Configurator().addStaticView('static', '/tmp', { contentEncodings: ['deflate'] })).message).toMatch(
      /^contentEncodings: no file extension is known for "deflate"; known: gzip, compress, bzip2, xz, br \(.*static\.test\.ts:\d+\)$/,
    );
    expect(thrown(() => new Configurator().addStaticView('static', '/tmp', { reload: true } as any)).message).toMatch(
      /^addStaticView\('static'\) \(.*static\.test\.ts:\d+\): reload is not an option here \(as in Pyramid\): set pyramid.reload_assets = true/,
    );
  });
});

test('unknown options and a folder overriding a file are configuration errors naming the line', () => {
  expect(thrown(() => new Configurator().addStaticView('static', '/tmp', { cache_max_age: 10 } as any)).message).toMatch(/^addStaticView\('static'\) \(.*static\.test\.ts:\d+\): unknown option 'cache_max_age'/);
  expect(thrown(() => new Configurator().overrideAsset('/a/', '/b.css')).message).toMatch(/a folder \(ending in '\/'\) overrides a folder/);
});

test('a 1 GiB file streams over HTTP with flat memory', async () => {
  const dir = writeTree({});
  fs.mkdirSync(nodePath.join(dir, 'static'));
  const big = nodePath.join(dir, 'static', 'big.bin');
  fs.closeSync(fs.openSync(big, 'w'));
  fs.truncateSync(big, 1024 ** 3); // sparse: no disk written
  const config = new Configurator();
  config.addStaticView('static', nodePath.join(dir, 'static'));
  const served = await serve(config.makeWsgiApp());
  try {
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const received = await new Promise<number>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: served.port, path: '/static/big.bin', agent: false }, (res) => {
        let n = 0;
        res.on('data', (chunk: Buffer) => (n += chunk.length));
        res.on('end', () => resolve(n));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.setTimeout(110_000, () => req.destroy(new Error('the 1 GiB download did not finish within 110 s')));
    });
    clearInterval(sampler);
    expect(received).toBe(1024 ** 3);
    // Read into memory, the file alone would add 1024 MiB; streamed, a few buffers.
    expect((peak - before) / 1024 ** 2).toBeLessThan(150);
  } finally {
    await served.close();
    fs.rmSync(big);
  }
}, 120_000);
