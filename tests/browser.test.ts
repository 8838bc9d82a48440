/**
 * Steps 7 and 8 of the Quick Tutorial's sessions step, in a real (headless) Chromium:
 * open / and /howdy, reload, watch the count rise and be shared by both URLs; restart pserve
 * and watch it go on. Leaves a screenshot at tests/output/browser-sessions.png.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { BrowserContext, Page } from 'playwright-core';
import { haveChromium, launchChromium, needsChromium } from './fixtures/chromium';
import { copyTutorial, freePort, Pserve, ROOT, stopAll } from './fixtures/pserve-harness';

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

/** `pserve development.ini --reload`, as step 6 runs it, on a free port. */
async function serveTutorial(dir: string, port: number): Promise<Pserve> {
  const pserve = new Pserve(dir, ['development.ini', `http_port=${port}`, '--reload']);
  await pserve.waitFor(/Serving on/, 20000);
  return pserve;
}

async function countOn(page: Page): Promise<number> {
  const text = await page.textContent('p');
  return Number(/Count: (\d+)/.exec(text ?? '')?.[1]);
}

if (haveChromium) it('counts across reloads and both URLs, and goes on after a pserve restart', async () => {
  const dir = copyTutorial();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const first = await serveTutorial(dir, port);

  const page = await browser.newPage();
  await page.goto(`${base}/`);
  expect(await page.textContent('h1')).toBe('Hi Home View');
  expect(await countOn(page)).toBe(1);
  await page.reload();
  expect(await countOn(page)).toBe(2);
  await page.goto(`${base}/howdy`);
  expect(await page.textContent('h1')).toBe('Hi Hello View');
  expect(await countOn(page)).toBe(3);
  await page.reload();
  expect(await countOn(page)).toBe(4);
  fs.mkdirSync(OUTPUT, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT, 'browser-sessions.png') });

  expect(await first.stop('SIGINT')).toEqual({ code: 0, signal: null });
  await serveTutorial(dir, port);
  await page.goto(`${base}/`);
  expect(await countOn(page)).toBe(5);
}, 60000);
