/**
 * The debug toolbar in a real (headless) Chromium: the tutorial with `pyramid.includes =
 * pyramid_debugtoolbar`, served by pserve. Open the page, find the toolbar's button, open the
 * toolbar from it (a new tab, as in Pyramid), open the Request Vars panel and read the session
 * counter there. Then the Quick Tutorial's databases step (a deform form over SQLite, pyramid_tm):
 * add a page in the browser, and find its POST in the toolbar's history, with the posted fields in
 * Request Vars and the INSERT in SQL. Leaves screenshots at tests/output/debugtoolbar-*.png (the
 * README shows one).
 */
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import type { AddressInfo } from 'net';
import type { BrowserContext } from 'playwright-core';
import { haveChromium, launchChromium, needsChromium } from './fixtures/chromium';
import { copyTutorial, editFile, freePort, Pserve, ROOT, stopAll } from './fixtures/pserve-harness';
import { getApp } from '../framework/paster';
import { iniWithDatabase } from '../examples/quick_tutorial/databases/tests/ini';
import { main as initializeDb } from '../examples/quick_tutorial/databases/tutorial/initialize_db';
import { DBSession } from '../examples/quick_tutorial/databases/tutorial/models';

const OUTPUT = path.join(ROOT, 'tests', 'output');

let browser: BrowserContext;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  if (haveChromium) ({ browser, close } = await launchChromium());
}, 60000);

afterAll(async () => {
  await close?.();
});

afterEach(stopAll);

if (!haveChromium) needsChromium();

if (haveChromium) it('finds the toolbar on the tutorial page and reads the session counter in Request Vars', async () => {
  const dir = copyTutorial();
  editFile(dir, 'development.ini', (t) => t.replace(/^pyramid\.includes =$/m, 'pyramid.includes =\n    pyramid_debugtoolbar'));
  const port = await freePort();
  const pserve = new Pserve(dir, ['development.ini', `http_port=${port}`]);
  await pserve.waitFor(/Serving on/, 20000);

  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.reload();
  expect(await page.textContent('p')).toContain('Count: 2');
  const button = page.locator('#pShowToolBarButton');
  await button.waitFor({ state: 'visible', timeout: 10000 });
  fs.mkdirSync(OUTPUT, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT, 'debugtoolbar-page.png') });

  // The button opens the toolbar in its own tab (target="pDebugToolbar").
  const [toolbar] = await Promise.all([browser.waitForEvent('page', { timeout: 10000 }), button.click()]);
  await toolbar.waitForLoadState();
  expect(await toolbar.title()).toBe('GET /');
  await toolbar.click('#pDebugPanel-request_vars a');
  const vars = toolbar.locator('#pDebugPanel-content-request_vars');
  await vars.waitFor({ state: 'visible', timeout: 10000 });
  const counter = (section: string) => vars.locator(`${section} tr`, { hasText: 'counter' }).locator('td').nth(1).textContent();
  expect(await counter('.pdtb-session')).toBe('1');
  expect(await counter('.pdtb-session-after')).toBe('2');
  // Only the chosen panel shows.
  expect(await toolbar.locator('#pDebugPanel-content-routes').isVisible()).toBe(false);
  await toolbar.screenshot({ path: path.join(OUTPUT, 'debugtoolbar-request-vars.png') });
}, 60000);

if (haveChromium) it('databases step: a page added in the browser; its POST in the history, the fields in Request Vars, the INSERT in SQL', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'browser-databases-'));
  const ini = iniWithDatabase('browser', `sqlite:///${dir}/sqltutorial.sqlite`);
  const server = http.createServer();
  try {
    await initializeDb(['node', 'initialize_tutorial_db', ini]);
    server.on('request', await getApp(ini));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const page = await browser.newPage();
    await page.goto(`${base}/add`);
    await page.waitForSelector('#deformField2_ifr', { timeout: 15000 });
    await page.fill('#deformField1', 'Seen by the toolbar');
    // (a string: the test is compiled without the DOM's types)
    await page.evaluate("tinyMCE.get('deformField2').setContent('<p>Posted by Chromium</p>')");
    await Promise.all([page.waitForURL(`${base}/2`, { timeout: 15000 }), page.click('#deformsubmit')]);
    expect(await page.textContent('h1')).toBe('Seen by the toolbar');

    // The new page's toolbar; the POST before it is in the history.
    const button = page.locator('#pShowToolBarButton');
    await button.waitFor({ state: 'visible', timeout: 10000 });
    const [toolbar] = await Promise.all([browser.waitForEvent('page', { timeout: 10000 }), button.click()]);
    await toolbar.waitForLoadState();
    expect(await toolbar.title()).toBe('GET /2');
    await toolbar.click('.pdtb-history a:has-text("POST /add 302")');
    await toolbar.waitForLoadState();
    expect(await toolbar.title()).toBe('POST /add');

    await toolbar.click('#pDebugPanel-request_vars a');
    const posted = (name: string) => toolbar.locator('#pDebugPanel-content-request_vars tr', { has: toolbar.locator(`td:text-is("${name}")`) }).first().locator('td').nth(1).textContent();
    expect(await posted('title')).toBe('Seen by the toolbar');
    expect(await posted('body')).toBe('<p>Posted by Chromium</p>');

    await toolbar.click('#pDebugPanel-sql a');
    const sql = toolbar.locator('#pDebugPanel-content-sql');
    await sql.waitFor({ state: 'visible', timeout: 10000 });
    const statements = await sql.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(statements).toEqual(['insert into "wikipages" ("title", "body") values (?, ?)', 'select * from "wikipages" where "title" = ?']);
    fs.mkdirSync(OUTPUT, { recursive: true });
    await toolbar.screenshot({ path: path.join(OUTPUT, 'debugtoolbar-databases-sql.png') });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await DBSession.bind.dispose();
    fs.rmSync(ini, { force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60000);
