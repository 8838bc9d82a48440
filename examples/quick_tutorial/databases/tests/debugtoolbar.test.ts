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
import { iniWithDatabase, STEP } from './ini';
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

  test('SQL: the request\'s own queries, each with its engine, parameters and time; the count and total on the tab', async () => {
    const { page } = await get('/1');
    const sql = panel(page, 'sql');
    const rows = [...sql.matchAll(/<tr><td>(\d+\.\d{3})<\/td><td>(\w+)<\/td><td><pre>([^<]*)<\/pre><\/td><td><pre>([^<]*)<\/pre>/g)];
    expect(rows.map((m) => [m[2], unescapeHtml(m[3]), m[4]])).toEqual([['sqlite', 'select * from "wikipages" where "uid" = ?', '[ 1 ]']]);
    expect(Number(rows[0][1])).toBeGreaterThanOrEqual(0);
    expect(page).toMatch(/<li id="pDebugPanel-sql" data-panel="sql"><a href="#sql">SQL<small>1 in [\d.]+ ms<\/small>/);
    const listed = panel((await get('/')).page, 'sql');
    expect(unescapeHtml(listed)).toContain('<pre>select * from "wikipages" order by "title"</pre><td><pre>[]</pre>'.replace('</pre><td>', '</pre></td><td>'));
  });
});
