/**
 * The Quick Tutorial's forms step in a real (headless) Chromium, served from its development.ini:
 * the add page loads deform's scripts and TinyMCE turns the body into an editor (so deform:static/
 * serves jQuery, Bootstrap, jquery.form, our deform.js and TinyMCE with its theme and skin); an
 * empty submission shows the errors; a filled one, posted by the browser as the form's enctype
 * says (multipart), lands on the new page. Leaves a screenshot at tests/output/browser-forms.png.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import type { AddressInfo } from 'net';
import type { BrowserContext } from 'playwright-core';
import { getApp } from '../framework/paster';
import { haveChromium, launchChromium, needsChromium } from './fixtures/chromium';

const STEP = path.join(__dirname, '..', 'examples', 'quick_tutorial', 'forms');
const OUTPUT = path.join(__dirname, 'output');

let browser: BrowserContext;
let close: (() => Promise<void>) | undefined;
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer(await getApp(path.join(STEP, 'development.ini')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (haveChromium) ({ browser, close } = await launchChromium());
}, 60000);

afterAll(async () => {
  await close?.();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

if (!haveChromium) needsChromium();

if (haveChromium) it('adds a wiki page through the deform form, TinyMCE and all', async () => {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.url().includes('/deform_static/') && response.status() !== 200) problems.push(`${response.status()} ${response.url()}`);
  });

  await page.goto(`${base}/add`);
  // TinyMCE replaced the body's textarea with its editor (an iframe) once deform.load ran.
  await page.waitForSelector('#deformField2_ifr', { timeout: 15000 });
  expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('deformField1');

  await page.click('#deformsubmit');
  await page.waitForSelector('.alert-danger', { timeout: 15000 });
  expect(await page.textContent('#error-deformField1')).toBe('Required');
  expect(await page.textContent('#error-deformField2')).toBe('Required');

  await page.waitForSelector('#deformField2_ifr', { timeout: 15000 });
  await page.fill('#deformField1', 'From the browser');
  // (a string: the test is compiled without the DOM's types)
  await page.evaluate("tinyMCE.get('deformField2').setContent('<p>Typed in <strong>TinyMCE</strong></p>')");
  await Promise.all([page.waitForURL(/\/\d+$/, { timeout: 15000 }), page.click('#deformsubmit')]);
  expect(await page.textContent('h1')).toBe('From the browser');
  expect(await page.innerHTML('body')).toContain('<p>Typed in <strong>TinyMCE</strong></p>');

  await page.goto(`${base}/add`);
  await page.waitForSelector('#deformField2_ifr', { timeout: 15000 });
  fs.mkdirSync(OUTPUT, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT, 'browser-forms.png'), fullPage: true });
  expect(problems).toEqual([]);
}, 60000);
