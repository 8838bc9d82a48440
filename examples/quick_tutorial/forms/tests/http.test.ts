/**
 * What the narrative has the reader do, over real HTTP (its development.ini, served on 127.0.0.1):
 * open the add page, whose head links deform's CSS and JavaScript, each served under
 * /deform_static/ with its type; submit it empty and see the errors; add a page and land on it;
 * edit one with the form posted as a browser posts it (multipart).
 */
import * as http from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { getApp } from 'pyramid-ts/paster';

let server: http.Server;
let base: string;

beforeAll(async () => {
  const app = await getApp(path.join(__dirname, '..', 'development.ini'));
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => {
  server.closeAllConnections();
  server.close(() => resolve());
}));

async function fetchPage(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url.startsWith('http') ? url : base + url, { redirect: 'manual', signal: AbortSignal.timeout(10_000), ...init });
}

/** The status of a GET of `rawPath` sent byte for byte. */
function rawStatus(rawPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(base + '/', { path: rawPath, timeout: 10_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer for ${rawPath} in 10 s`)));
    req.on('error', reject);
  });
}

test('each file the add page links is served, with its type', async () => {
  const page = await fetchPage('/add');
  expect(page.status).toBe(200);
  const html = await page.text();
  const links = [...html.matchAll(/(?:href|src)="([^"]*\/deform_static\/[^"]*)"/g)].map((m) => m[1]);
  expect(links.map((url) => new URL(url).pathname)).toEqual([
    '/deform_static/css/bootstrap.min.css',
    '/deform_static/css/form.css',
    '/deform_static/scripts/jquery-2.0.3.min.js',
    '/deform_static/scripts/bootstrap.min.js',
    '/deform_static/scripts/jquery.form-3.09.js',
    '/deform_static/scripts/deform.js',
    '/deform_static/tinymce/tinymce.min.js',
  ]);
  for (const url of links) {
    const res = await fetchPage(url);
    expect([url, res.status]).toEqual([url, 200]);
    expect([url, res.headers.get('content-type')]).toEqual([url, url.endsWith('.css') ? 'text/css; charset=UTF-8' : 'text/javascript; charset=UTF-8']);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(500);
  }
});

test('what the served scripts are: jQuery 2, Bootstrap 3, TinyMCE 4 and its theme, our deform.js', async () => {
  const text = async (url: string) => (await fetchPage(url)).text();
  expect(await text('/deform_static/scripts/jquery-2.0.3.min.js')).toContain('jQuery v2.');
  expect(await text('/deform_static/scripts/bootstrap.min.js')).toContain('Bootstrap v3.');
  expect(await text('/deform_static/tinymce/tinymce.min.js')).toMatch(/4\.\d+\.\d+/);
  expect((await fetchPage('/deform_static/tinymce/themes/modern/theme.min.js')).status).toBe(200);
  expect((await fetchPage('/deform_static/fonts/glyphicons-halflings-regular.woff')).status).toBe(200);
  expect(await text('/deform_static/scripts/deform.js')).toContain('addCallback');
  expect((await fetchPage('/deform_static/scripts/nothing.js')).status).toBe(404);
  // fetch() would resolve the dots itself: sent as they are, they must not leave the folder
  expect(await rawStatus('/deform_static/../../package.json')).toBe(404);
  expect(await rawStatus('/deform_static/tinymce/..%2F..%2Fpackage.json')).toBe(404);
});

test('an empty submission shows the form again with its errors; a full one adds the page', async () => {
  const empty = await fetchPage('/add', { method: 'POST', body: new URLSearchParams({ title: '', body: '', submit: 'submit' }) });
  expect(empty.status).toBe(200);
  const html = await empty.text();
  expect(html).toContain('There was a problem with your submission');
  expect(html.match(/<p class="help-block" id="error-deformField\d">Required<\/p>/g)).toHaveLength(2);

  const added = await fetchPage('/add', { method: 'POST', body: new URLSearchParams({ title: 'Over HTTP', body: '<p>hi</p>', submit: 'submit' }) });
  expect(added.status).toBe(302);
  const location = added.headers.get('location')!;
  expect(location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\d+$/);
  const shown = await (await fetchPage(location)).text();
  expect(shown).toContain('<h1>Over HTTP</h1>');
  expect(shown).toContain('<p>hi</p>');
});

test('the form posted as a browser posts it (multipart/form-data, as its enctype says) edits the page', async () => {
  const form = new FormData();
  // What the browser sends for the edit page's form: the hidden inputs, the fields, the button.
  for (const [name, value] of [['_charset_', 'UTF-8'], ['__formid__', 'deform'], ['title', 'Edited in a browser'], ['body', '<p>Grüße</p>'], ['submit', 'submit']]) form.append(name, value);
  const edited = await fetchPage('/101/edit', { method: 'POST', body: form });
  expect(edited.status).toBe(302);
  const shown = await (await fetchPage('/101')).text();
  expect(shown).toContain('<h1>Edited in a browser</h1>');
  expect(shown).toContain('<p>Grüße</p>');
});
