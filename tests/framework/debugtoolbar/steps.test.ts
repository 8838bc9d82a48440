/**
 * The toolbar on Quick Tutorial steps as they ship, each from its own development.ini (which
 * has `pyramid.includes = pyramid_debugtoolbar`, as Pyramid's): the authentication step's login
 * form, over real HTTP.
 */
import * as path from 'node:path';
import { getApp } from '../../../framework/paster';
import { httpRequest, serve, type Served } from '../helpers';
import { HTML, panel } from '../../fixtures/debugtoolbar/pages';
import type { App } from '../../../framework/router';

let served: Served | null = null;

afterEach(async () => {
  await served?.close();
  served = null;
});

const STEPS = path.resolve(__dirname, '../../../examples/quick_tutorial');

it('authentication: the login POST in the history, with its form, its view, its redirect and its auth_tkt cookie', async () => {
  served = await serve((await getApp(path.join(STEPS, 'authentication', 'development.ini'))) as App);
  const port = served.port;
  const form = await httpRequest(port, { path: '/login', headers: HTML });
  expect(form.body).toContain('<h1>Login</h1>');
  expect(form.body).toContain('id="pShowToolBarButton"');
  const login = await httpRequest(port, {
    method: 'POST', path: '/login', body: 'login=editor&password=editor&form.submitted=Log+In',
    headers: { ...HTML, 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(login.status).toBe(302);
  // /_debug_toolbar/ opens the newest request: the POST (a redirect has no button to click)
  const page = (await httpRequest(port, { path: '/_debug_toolbar/', headers: HTML })).body;
  expect(page).toContain('History: <strong>POST /login 302</strong> <a href=');
  expect(panel(page, 'request_vars')).toContain('<h4>POST</h4><table class="pdtb-table"><thead><tr><th>Name</th><th>Value</th></tr></thead><tbody><tr><td>login</td><td><pre>editor</pre></td></tr>');
  expect(panel(page, 'renderings')).toMatch(/<td><code>TutorialViews\.login<\/code><\/td><td>login<\/td>/);
  expect(panel(page, 'headers')).toContain('<p class="pdtb-status">302 Found</p>');
  expect(panel(page, 'headers')).toMatch(/<tr><td>Set-Cookie<\/td><td><pre>auth_tkt=/);
});
