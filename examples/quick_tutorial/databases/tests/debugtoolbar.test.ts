/**
 * The debug toolbar on this step as it ships (development.ini includes pyramid_debugtoolbar and
 * pyramid_tm, as the original's): each panel's content, read over real HTTP on 127.0.0.1 from the
 * toolbar's own pages, for the wiki's pages — its database queries in the SQL panel, pyramid_tm's
 * tween among the tweens. The database is a fresh SQLite file that the step's initialize_db makes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { getApp } from 'pyramid-ts/paster';
import { httpRequest, serve, type Served } from '../../../../tests/framework/helpers';
import { cell, HTML, panel, toolbarOf, unescapeHtml } from '../../../../tests/fixtures/debugtoolbar/pages';

import { main as initializeDb } from '../tutorial/initialize_db';
import { iniWithDatabase, STEP, wikiForm } from './ini';
import { DBSession } from '../tutorial/models';

let dir: string;
let ini: string;
let served: Served;
let port: number;

/** development.ini as it is, but for its database: a file of this test's own. */
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qt-databases-toolbar-'));
  ini = iniWithDatabase('toolbar', `sqlite:///${dir}/sqltutorial.sqlite`);
  await initializeDb(['node', 'initialize_tutorial_db', ini]);
  served = await serve(await getApp(ini));
  port = served.port;
});

afterAll(async () => {
  await served?.close();
  await DBSession.bind.dispose();
  fs.rmSync(ini, { force: true });
  fs.rmSync(dir, { recursive: true, force: true });
});

/** GET `path` as a browser does, and that request's toolbar page. */
async function get(path: string) {
  const res = await httpRequest(port, { path, headers: HTML });
  return { res, page: await toolbarOf(port, res.body) };
}

const KYSELY = JSON.parse(fs.readFileSync(require.resolve('kysely').replace(/dist\/cjs\/index\.js$/, 'package.json'), 'utf8')).version;

/** The SQL panel's rows: engine, statement, parameters, rows returned or changed (each time checked to be a number). */
function queries(page: string): string[][] {
  return [...panel(page, 'sql').matchAll(/<tr><td>(\d+\.\d{3})<\/td><td>(\w+)<\/td><td><pre>([^<]*)<\/pre><\/td><td><pre>([^<]*)<\/pre><\/td><td>(\d*)<\/td>/g)]
    .map((m) => [m[2], unescapeHtml(m[3]), unescapeHtml(m[4]), m[5]]);
}

describe('the toolbar of a page that reads the database', () => {
  test('Request Vars: the query string, the route and its matchdict, the request', async () => {
    const listed = panel((await get('/?sort=title')).page, 'request_vars');
    expect(cell(listed, 'GET', 'sort')).toBe('title');
    expect(listed).toContain('<h4>POST</h4><p class="pdtb-empty">None</p>');
    expect(cell(listed, 'Request attributes', 'matchedRoute')).toBe('wiki_view');
    expect(cell(listed, 'Request attributes', 'method')).toBe('GET');
    expect(cell(listed, 'Request attributes', 'remoteAddr')).toBe('127.0.0.1');
    const shown = panel((await get('/1')).page, 'request_vars');
    expect(cell(shown, 'Matchdict', 'uid')).toBe('1');
    expect(cell(shown, 'Request attributes', 'matchedRoute')).toBe('wikipage_view');
  });

  test('Response: the status and headers the browser got', async () => {
    const { res, page } = await get('/1');
    const response = panel(page, 'headers');
    expect(response).toContain('<p class="pdtb-status">200 OK</p>');
    expect(cell(response, 'Response headers', 'Content-Type')).toBe(res.headers['content-type']);
  });

  test('Routes: the step\'s four routes, the one that matched marked', async () => {
    const routes = panel((await get('/1')).page, 'routes');
    expect(routes).toContain('<h4>Matched</h4><p>wikipage_view</p>');
    expect(routes).toContain('<td>wiki_view</td><td><code>/</code></td>');
    expect(routes).toContain('<td>wikipage_add</td><td><code>/add</code></td>');
    expect(routes).toContain('<td>wikipage_view <strong class="pdtb-matched">(matched)</strong></td><td><code>/{uid}</code></td>');
    expect(routes).toContain('<td>wikipage_edit</td><td><code>/{uid}/edit</code></td>');
  });

  test('Views/Renderers: the view method, its template, and the rows it gave the template', async () => {
    const listed = panel((await get('/')).page, 'renderings');
    expect(listed).toMatch(/<td><code>WikiViews\.wiki_view<\/code><\/td><td>wiki_view<\/td><td>wiki_view\.pt<\/td><td>[^<]*tutorial\/views\.ts:\d+<\/td>/);
    expect(cell(listed, 'Rendering 1: wiki_view.pt', 'values')).toBe("{ title: 'Wiki View', pages: [ { uid: 1, title: 'Root', body: '<p>Root</p>' } ] }");
    const shown = panel((await get('/1')).page, 'renderings');
    expect(shown).toMatch(/<td><code>WikiViews\.wikipage_view<\/code><\/td><td>wikipage_view<\/td><td>wikipage_view\.pt<\/td>/);
    expect(cell(shown, 'Rendering 1: wikipage_view.pt', 'values')).toBe("{ page: { uid: 1, title: 'Root', body: '<p>Root</p>' } }");
  });

  test('Introspection: the step\'s routes and its static view, with the lines of index.ts that added them', async () => {
    const introspection = panel((await get('/')).page, 'introspection');
    expect(introspection).toMatch(/<td><code>wikipage_edit<\/code><\/td><td><pre>[^<]*\/\{uid\}\/edit[^<]*<\/pre><\/td><td>[^<]*tutorial\/index\.ts:\d+/);
    expect(introspection).toMatch(/<td><code>__deform_static\/<\/code><\/td><td><pre>[^<]*deform_static\/\*subpath[^<]*<\/pre><\/td><td>[^<]*tutorial\/index\.ts:\d+/);
  });

  test('Settings: development.ini\'s, the database URL and both add-ons included', async () => {
    const settings = panel((await get('/')).page, 'settings');
    expect(cell(settings, '', 'sqlalchemy\\.url')).toBe(`sqlite:///${dir}/sqltutorial.sqlite`);
    expect(cell(settings, '', 'pyramid\\.includes')).toBe('\npyramid_debugtoolbar\npyramid_tm');
    expect(cell(settings, '', 'pyramid\\.reload_templates')).toBe('true');
  });

  test('Logging: the statements the sqlalchemy.engine.Engine logger wrote at INFO (development.ini\'s level) for this request', async () => {
    const logging = panel((await get('/1')).page, 'logging');
    const records = [...logging.matchAll(/<tr><td>(\w+)<\/td><td>[^<]+<\/td><td>([^<]+)<\/td><td><pre>([^<]*)<\/pre>/g)].map((m) => [m[1], m[2], unescapeHtml(m[3])]);
    expect(records).toEqual([['INFO', 'sqlalchemy.engine.Engine', 'select * from "wikipages" where "uid" = ? [1]']]);
  });

  test('Performance: the time the request took', async () => {
    const performance = panel((await get('/')).page, 'performance');
    expect(Number(cell(performance, 'Time', 'Wall clock time \\(ms\\)'))).toBeGreaterThan(0);
    expect(Number(cell(performance, 'Time', 'Process CPU, user \\(ms\\)'))).toBeGreaterThanOrEqual(0);
  });

  test('Tweens: pyramid_tm\'s tween, under the toolbar\'s and the exception view\'s, over the router', async () => {
    const tweens = [...panel((await get('/')).page, 'tweens').matchAll(/<tr><td>\d+<\/td><td><code>([^<]+)<\/code>/g)].map((m) => m[1]);
    expect(tweens).toEqual(['pyramid_debugtoolbar.toolbar_tween_factory', 'pyramid.tweens.excview_tween_factory', 'pyramid_tm.tm_tween_factory', 'MAIN']);
  });

  test('Versions: the platform, the framework\'s dependencies (kysely among them) and the step\'s (its database drivers)', async () => {
    const versions = panel((await get('/')).page, 'versions');
    expect(cell(versions, 'Platform', 'Node')).toBe(process.version);
    expect(cell(versions, 'pyramid-ts dependencies', 'kysely')).toBe(KYSELY);
    // the app's package.json is the one above the working directory: this step's when its own
    // `npm test` runs, the repository's (which has the step's drivers too) when the root's does
    const app = /<h4>(The app&#39;s dependencies \(([^)]*)\))<\/h4>/.exec(versions)!;
    expect([path.join(STEP, 'package.json'), path.join(STEP, '../../../package.json')]).toContain(app[2]);
    expect(cell(versions, app[1], 'better-sqlite3')).toBe(require('better-sqlite3/package.json').version);
  });

  test('SQL: the request\'s own queries, each with its engine, parameters, time and rows; the count and total on the tab', async () => {
    const { page } = await get('/1');
    expect(queries(page)).toEqual([['sqlite', 'select * from "wikipages" where "uid" = ?', '[ 1 ]', '1']]);
    expect(page).toMatch(/<li id="pDebugPanel-sql" data-panel="sql"><a href="#sql">SQL<small>1 in [\d.]+ ms<\/small>/);
    expect(queries((await get('/')).page)).toEqual([['sqlite', 'select * from "wikipages" order by "title"', '[]', '1']]);
  });
});

/** The wiki form's fields as a POST body: urlencoded, or multipart/form-data as a browser sends deform's form. */
function encode(fields: Record<string, string>, as: 'urlencoded' | 'multipart') {
  if (as === 'urlencoded') return { body: new URLSearchParams(fields).toString(), headers: { ...HTML, 'content-type': 'application/x-www-form-urlencoded' } };
  const boundary = '----pyramidtsToolbarTest';
  const body = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('') + `--${boundary}--\r\n`;
  return { body, headers: { ...HTML, 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** POSTs the form to `path`; the answer, and that request's toolbar page (a redirect has no button: the newest in the history). */
async function post(path: string, fields: Record<string, string>, as: 'urlencoded' | 'multipart' = 'urlencoded') {
  const res = await httpRequest(port, { method: 'POST', path, ...encode(fields, as) });
  const page = res.status === 302
    ? (await httpRequest(port, { path: '/_debug_toolbar/', headers: HTML })).body
    : await toolbarOf(port, res.body);
  return { res, page };
}

describe('the toolbar of the wiki form\'s posts, which write to the database', () => {
  test('add: Request Vars shows the posted fields, SQL the INSERT and the SELECT of the new uid, Response the redirect', async () => {
    // multipart/form-data, as a browser posts deform's form
    const { res, page } = await post('/add', wikiForm('Toolbar Page', '<p>From the toolbar test</p>'), 'multipart');
    expect(res.status).toBe(302);
    expect(page).toMatch(/History: <strong>POST \/add 302<\/strong>/);
    const vars = panel(page, 'request_vars');
    expect(cell(vars, 'POST', 'title')).toBe('Toolbar Page');
    expect(cell(vars, 'POST', 'body')).toBe('<p>From the toolbar test</p>');
    expect(cell(vars, 'POST', 'submit')).toBe('submit');
    expect(cell(vars, 'POST', '__formid__')).toBe('deform');
    expect(queries(page)).toEqual([
      ['sqlite', 'insert into "wikipages" ("title", "body") values (?, ?)', "[ 'Toolbar Page', '<p>From the toolbar test</p>' ]", '1'],
      ['sqlite', 'select * from "wikipages" where "title" = ?', "[ 'Toolbar Page' ]", '1'],
    ]);
    const response = panel(page, 'headers');
    expect(response).toContain('<p class="pdtb-status">302 Found</p>');
    expect(cell(response, 'Response headers', 'Location')).toBe(res.headers.location);
    expect(res.headers.location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/2$/);
    expect(panel(page, 'renderings')).toMatch(/<td><code>WikiViews\.wikipage_add<\/code><\/td><td>wikipage_add<\/td><td>wikipage_addedit\.pt<\/td>/);
  });

  test('edit: the page read, then the UPDATE, with the posted values', async () => {
    const { res, page } = await post('/2/edit', wikiForm('Toolbar Page, edited', '<p>Edited</p>'));
    expect(res.status).toBe(302);
    expect(cell(panel(page, 'request_vars'), 'POST', 'title')).toBe('Toolbar Page, edited');
    expect(cell(panel(page, 'request_vars'), 'Matchdict', 'uid')).toBe('2');
    expect(queries(page)).toEqual([
      ['sqlite', 'select * from "wikipages" where "uid" = ?', '[ 2 ]', '1'],
      ['sqlite', 'update "wikipages" set "title" = ?, "body" = ? where "uid" = ?', "[ 'Toolbar Page, edited', '<p>Edited</p>', 2 ]", '1'],
    ]);
    // committed by pyramid_tm: the next request reads it
    expect((await httpRequest(port, { path: '/2', headers: HTML })).body).toContain('<h1>Toolbar Page, edited</h1>');
  });

  test('a post with errors: the form rendered again (Views/Renderers), no statement run, the fields in Request Vars', async () => {
    const { res, page } = await post('/add', wikiForm('', '<p>No title</p>'), 'multipart');
    expect(res.status).toBe(200);
    expect(res.body).toContain('There was a problem with your submission');
    expect(cell(panel(page, 'request_vars'), 'POST', 'title')).toBe('');
    expect(queries(page)).toEqual([]);
    expect(page).toContain('<li id="pDebugPanel-sql" data-panel="sql" class="pdtb-nocontent"><a href="#sql">SQL</a>');
    const values = cell(panel(page, 'renderings'), 'Rendering 1: wikipage_addedit.pt', 'values')!;
    expect(values).toMatch(/^\{\s*form: '<form\\n' \+\s*' {2}id="deform"\\n' \+/);
    expect(values).toContain('There was a problem with your submission');
  });

  test('a taken title: the INSERT that failed is listed, and the Traceback panel names the constraint', async () => {
    const res = await httpRequest(port, { method: 'POST', path: '/add', ...encode(wikiForm('Root', '<p>Again</p>'), 'urlencoded') });
    expect(res.status).toBe(500);
    const page = (await httpRequest(port, { path: '/_debug_toolbar/', headers: HTML })).body;
    expect(page).toMatch(/History: <strong>POST \/add 500<\/strong>/);
    // it failed: no count
    expect(queries(page)).toEqual([['sqlite', 'insert into "wikipages" ("title", "body") values (?, ?)', "[ 'Root', '<p>Again</p>' ]", '']]);
    expect(panel(page, 'traceback')).toContain('UNIQUE constraint failed: wikipages.title');
  });
});
