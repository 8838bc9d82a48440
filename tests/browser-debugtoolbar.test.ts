/**
 * The debug toolbar in a real (headless) Chromium: the tutorial with `pyramid.includes =
 * pyramid_debugtoolbar`, served by pserve. Open the page, find the toolbar's button, open the
 * toolbar from it (a new tab, as in Pyramid), open the Request Vars panel and read the session
 * counter there. Leaves screenshots at tests/output/debugtoolbar-*.png (the README shows one).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { BrowserContext } from 'playwright-core';
import { haveChromium, launchChromium, needsChromium } from './fixtures/chromium';
import { copyTutorial, editFile, freePort, Pserve, ROOT, stopAll } from './fixtures/pserve-harness';

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
