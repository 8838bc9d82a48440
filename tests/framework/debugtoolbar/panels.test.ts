/**
 * Each panel's content, read from the toolbar's page over real HTTP: on the tutorial (sessions
 * step: a chameleon template, a session counter) and on the test app with a form that writes to
 * a database layer reporting its queries.
 */
import { main } from '../../../tutorial';
import { makeToolbarApp } from '../../fixtures/debugtoolbar/app';
import { httpRequest, serve, type Served } from '../helpers';
import { cell, HTML, panel, toolbarOf } from '../../fixtures/debugtoolbar/pages';
import type { App } from '../../../framework/router';

let served: Served | null = null;

afterEach(async () => {
  await served?.close();
  served = null;
});

async function start(app: App): Promise<number> {
  served = await serve(app);
  return served.port;
}

const tutorial = () => main({}, { 'pyramid.includes': 'pyramid_debugtoolbar', 'pyramid.reload_templates': 'true' });

describe('on the tutorial', () => {
  it('Request Vars: GET, cookies, the session counter before and after the view, headers, matchdict', async () => {
    const port = await start(tutorial());
    const first = await httpRequest(port, { path: '/?q=hello', headers: HTML });
    const cookie = String(first.headers['set-cookie']).split(';')[0];
    const second = await httpRequest(port, { path: '/howdy', headers: { ...HTML, cookie } });
    const vars = panel(await toolbarOf(port, second.body), 'request_vars');
    expect(cell(vars, 'Session (before the view)', 'counter')).toBe('1');
    expect(cell(vars, 'Session (after the view)', 'counter')).toBe('2');
    expect(cell(vars, 'Cookies', 'session')).toBe(cookie.slice('session='.length));
    expect(cell(vars, 'Request headers', 'accept')).toBe('text/html');
    expect(cell(vars, 'Request attributes', 'matchedRoute')).toBe('hello');
    expect(cell(vars, 'Request attributes', 'remoteAddr')).toBe('127.0.0.1');
    const firstVars = panel(await toolbarOf(port, first.body), 'request_vars');
    expect(cell(firstVars, 'GET', 'q')).toBe('hello');
    expect(cell(firstVars, 'Session (before the view)', 'counter')).toBeUndefined();
    expect(firstVars).toContain('<h4>Session (before the view)</h4><p class="pdtb-empty">Empty</p>');
  });

  it('Response: status and headers, the session cookie included', async () => {
    const port = await start(tutorial());
    const res = await httpRequest(port, { path: '/', headers: HTML });
    const response = panel(await toolbarOf(port, res.body), 'headers');
    expect(response).toContain('<p class="pdtb-status">200 OK</p>');
    expect(cell(response, 'Response headers', 'Content-Type')).toBe('text/html; charset=UTF-8');
    expect(cell(response, 'Response headers', 'Set-Cookie')).toBe(String(res.headers['set-cookie']));
  });

  it('Routes: every route, the matched one marked; the toolbar\'s own static route', async () => {
    const port = await start(tutorial());
    const res = await httpRequest(port, { path: '/howdy', headers: HTML });
    const routes = panel(await toolbarOf(port, res.body), 'routes');
    expect(routes).toContain('<td>home</td><td><code>/</code></td>');
    expect(routes).toContain('<td>hello <strong class="pdtb-matched">(matched)</strong></td><td><code>/howdy</code></td>');
    expect(routes).toContain('<td>debugtoolbar</td><td><code>/_debug_toolbar/*subpath</code></td><td>static (URL generation only)</td>');
  });

  it('Views/Renderers: the view class and method, its template and the values it got', async () => {
    const port = await start(tutorial());
    const res = await httpRequest(port, { path: '/', headers: HTML });
    const views = panel(await toolbarOf(port, res.body), 'renderings');
    expect(views).toMatch(/<td><code>TutorialViews\.home<\/code><\/td><td>home<\/td><td>home\.pt<\/td><td>[^<]*tutorial\/views\.ts:\d+/);
    expect(views).toContain('<h4>Rendering 1: home.pt</h4>');
    expect(cell(views, 'Rendering 1: home.pt', 'values')).toBe("{ name: 'Home View' }");
  });

  it('Introspection: what the configuration registered, with the lines that registered it', async () => {
    const port = await start(tutorial());
    const page = await toolbarOf(port, (await httpRequest(port, { path: '/', headers: HTML })).body);
    const introspection = panel(page, 'introspection');
    expect(introspection).toContain('<h4>routes</h4>');
    expect(introspection).toMatch(/<td><code>hello<\/code><\/td><td><pre>[^<]*\/howdy[^<]*<\/pre><\/td><td>[^<]*tutorial\/index\.ts:\d+/);
  });

  it('Settings, Tweens, Versions', async () => {
    const port = await start(tutorial());
    const page = await toolbarOf(port, (await httpRequest(port, { path: '/', headers: HTML })).body);
    expect(cell(panel(page, 'settings'), '', 'pyramid.includes')).toBe('pyramid_debugtoolbar');
    expect(cell(panel(page, 'settings'), '', 'pyramid.reload_templates')).toBe('true');
    const tweens = panel(page, 'tweens');
    expect(tweens.indexOf('pyramid_debugtoolbar.toolbar_tween_factory')).toBeGreaterThan(-1);
    expect(tweens.indexOf('pyramid_debugtoolbar.toolbar_tween_factory')).toBeLessThan(tweens.indexOf('pyramid.tweens.excview_tween_factory'));
    expect(tweens).toContain('<code>MAIN</code>');
    const versions = panel(page, 'versions');
    expect(cell(versions, 'Platform', 'Node')).toBe(process.version);
    expect(cell(versions, 'Platform', 'pyramid-ts')).toBe(require('../../../framework/package.json').version);
    expect(cell(versions, 'pyramid-ts dependencies', 'nunjucks')).toBe(require('nunjucks/package.json').version);
    // kysely's package.json is not in its exports: found all the same
    expect(cell(versions, 'pyramid-ts dependencies', 'kysely')).toMatch(/^\d+\.\d+\.\d+$/);
    // the app's package.json: the one above the working directory (the repository's here)
    expect(versions).toContain("<h4>The app&#39;s dependencies (");
    expect(versions).toContain(`<tr><td>jest</td><td><pre>${require('jest/package.json').version}</pre>`);
  });

});

describe('on an app with a form and a database layer', () => {
  it('SQL: the queries the layer reported, with parameters, times and rows; Request Vars shows the POST', async () => {
    const port = await start(makeToolbarApp());
    const post = await httpRequest(port, { method: 'POST', path: '/notes', headers: { ...HTML, 'content-type': 'application/x-www-form-urlencoded' }, body: 'text=milk' });
    expect(post.status).toBe(302);
    const list = await httpRequest(port, { path: '/notes', headers: HTML });
    expect(list.body).toContain('<li>milk</li>');
    const sql = panel(await toolbarOf(port, list.body), 'sql');
    expect(sql).toMatch(/<td>\d+\.\d{3}<\/td><td>memory<\/td><td><pre>SELECT text FROM notes<\/pre><\/td><td><pre>\[\]<\/pre><\/td><td>1<\/td>/);
    // the POST's own toolbar, from the history page
    const history = await httpRequest(port, { path: '/_debug_toolbar/', headers: HTML });
    const postId = /<a href="http:\/\/127\.0\.0\.1:\d+\/_debug_toolbar\/([0-9a-f]+)">POST \/notes 302<\/a>/.exec(history.body)![1];
    const postPage = (await httpRequest(port, { path: `/_debug_toolbar/${postId}`, headers: HTML })).body;
    expect(panel(postPage, 'sql')).toContain("<pre>INSERT INTO notes (text) VALUES (?)</pre></td><td><pre>[ &#39;milk&#39; ]</pre>");
    expect(cell(panel(postPage, 'request_vars'), 'POST', 'text')).toBe('milk');
    expect(postPage).toMatch(/<li id="pDebugPanel-sql" data-panel="sql"><a href="#sql">SQL<small>1 in [\d.]+ ms<\/small>/);
  });

  it('Performance: the time taken; with the panel switched on (pdtb_active), a CPU profile', async () => {
    const port = await start(makeToolbarApp());
    const res = await httpRequest(port, { path: '/busy', headers: { ...HTML, cookie: 'pdtb_active=performance' } });
    const page = await toolbarOf(port, res.body);
    expect(page).toContain('<input type="checkbox" data-activate="performance" checked>');
    const profiled = panel(page, 'performance');
    expect(profiled).toContain('<th>Self time (ms)</th><th>Samples</th><th>Function</th>');
    expect(profiled).toMatch(/<td><code>busyWork \S+\/tests\/fixtures\/debugtoolbar\/app\.ts:\d+<\/code><\/td>/);
    const plain = panel(await toolbarOf(port, (await httpRequest(port, { path: '/', headers: HTML })).body), 'performance');
    expect(Number(cell(plain, 'Time', 'Wall clock time \\(ms\\)'))).toBeGreaterThan(0);
    expect(plain).toContain('Turn the CPU profile on');
  });
  it('Logging: the records emitted while the request ran, and only those', async () => {
    const port = await start(makeToolbarApp());
    const [a, b] = await Promise.all([httpRequest(port, { path: '/', headers: HTML }), httpRequest(port, { path: '/notes', headers: HTML })]);
    const logging = panel(await toolbarOf(port, a.body), 'logging');
    expect(logging).toMatch(/<td>WARNING<\/td><td>[^<]+<\/td><td>toolbarapp<\/td><td><pre>home visited 1 times<\/pre><\/td>/);
    expect(panel(await toolbarOf(port, b.body), 'logging')).toContain('No records');
  });

  it('Logging and SQL keep each request\'s own records, however requests interleave across awaits', async () => {
    const port = await start(makeToolbarApp());
    const slow = httpRequest(port, { path: '/later?ms=300', headers: HTML });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const fast = await httpRequest(port, { path: '/later?ms=1', headers: HTML });
    const slowPage = await toolbarOf(port, (await slow).body);
    const fastPage = await toolbarOf(port, fast.body);
    const messages = (page: string) => [...panel(page, 'logging').matchAll(/<pre>([^<]*)<\/pre>/g)].map((m) => m[1]);
    expect(messages(slowPage)).toEqual(['before waiting 300 ms', 'after waiting 300 ms']);
    expect(messages(fastPage)).toEqual(['before waiting 1 ms', 'after waiting 1 ms']);
    expect(panel(slowPage, 'sql').match(/SELECT text FROM notes/g)).toHaveLength(1);
    expect(panel(fastPage, 'sql').match(/SELECT text FROM notes/g)).toHaveLength(1);
  });

  it('takes a panel of the app\'s own from extra_panels (module:Export), after the built-in ones', async () => {
    const port = await start(makeToolbarApp({ 'debugtoolbar.extra_panels': '.panel:HeaderCountPanel' }));
    const page = await toolbarOf(port, (await httpRequest(port, { path: '/', headers: { ...HTML, 'x-one': '1' } })).body);
    expect(panel(page, 'header_count')).toBe('<h3>Header count</h3><p id="header-count">4</p>');
    expect(page.indexOf('data-panel="header_count"')).toBeGreaterThan(page.indexOf('data-panel="traceback"'));
  });
});

describe('the logging panel\'s handler', () => {
  it('does not count as a handler: an app without logging configured still gets the last resort', () => {
    const { getLogger, manager, WARNING } = require('../../../framework/logging') as typeof import('../../../framework/logging');
    makeToolbarApp(); // installs the toolbar's handler on the root logger
    expect(getLogger().handlers.some((h) => h.observer)).toBe(true);
    const printed: string[] = [];
    const saved = manager.lastResort;
    manager.lastResort = { level: WARNING, handle: (r) => void printed.push(r.message) };
    try {
      getLogger('toolbartest.unconfigured').warning('still printed');
    } finally {
      manager.lastResort = saved;
    }
    expect(printed).toEqual(['still printed']);
  });
});
