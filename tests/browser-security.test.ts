/**
 * The Quick Tutorial's authorization step in a real (headless) Chromium: /howdy sends an
 * anonymous visitor to the login form; the editor logs in with the form and is sent back to
 * /howdy; logout forgets the login. On 127.0.0.1 and on localhost, since the auth_tkt cookie
 * carries `Domain=` the host (Pyramid's wild_domain), which the browser must accept.
 */
import type { BrowserContext } from 'playwright-core';
import { main } from '../examples/quick_tutorial/authorization/tutorial';
import { haveChromium, launchChromium, needsChromium } from './fixtures/chromium';
import { serve, type Served } from './framework/helpers';

let browser: BrowserContext;
let close: (() => Promise<void>) | undefined;
let app: Served;

beforeAll(async () => {
  app = await serve(main({}, { 'tutorial.secret': '98zd' }));
  if (haveChromium) ({ browser, close } = await launchChromium());
}, 60000);

afterAll(async () => {
  await close?.();
  await app?.close();
});

if (!haveChromium) needsChromium();

if (haveChromium) it.each(['127.0.0.1', 'localhost'])('log in, see the protected page, log out (on %s)', async (host) => {
  const base = `http://${host}:${app.port}`;
  const page = await browser.newPage();
  await page.goto(`${base}/howdy`);
  expect(page.url()).toBe(`${base}/login`);
  await page.fill('#login', 'editor');
  await page.fill('#password', 'wrong');
  await page.click('input[type=submit]');
  expect(await page.textContent('body')).toContain('Failed login');
  await page.fill('#login', 'editor');
  await page.fill('#password', 'editor');
  await page.click('input[type=submit]');
  await page.waitForURL(`${base}/howdy`, { timeout: 10000 });
  expect(await page.textContent('h1')).toBe('Hi Hello View');
  expect((await browser.cookies(base)).map((c) => [c.name, c.domain])).toContainEqual(['auth_tkt', host]);
  await page.click('text=Logout');
  await page.waitForURL(`${base}/`, { timeout: 10000 });
  expect(await page.textContent('body')).toContain('Log In');
  await page.goto(`${base}/howdy`);
  expect(page.url()).toBe(`${base}/login`);
  await page.close();
}, 60000);
