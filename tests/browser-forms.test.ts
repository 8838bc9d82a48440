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
import * as colander from '../framework/api/colander';
import * as deform from '../framework/api/deform';
import { Configurator } from '../framework/config';
import type { Request } from '../framework/request';
import { Response } from '../framework/response';
import { getApp } from '../framework/paster';
import { haveChromium, launchChromium, needsChromium } from './fixtures/chromium';
import { serve } from './framework/helpers';

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

/** A form with sequences, on a page that loads what its widgets need; a valid post answers the data as JSON. */
function sequenceApp() {
  class Friend extends colander.MappingSchema({
    name: new colander.SchemaNode(new colander.String()),
  }) {}
  class Friends extends colander.SequenceSchema({ friend: new Friend() }) {}
  class Tags extends colander.SequenceSchema({ tag: new colander.SchemaNode(new colander.String()) }) {}
  class Party extends colander.MappingSchema({
    friends: new Friends({ widget: new deform.widget.SequenceWidget({ orderable: true, maxLen: 2 }) }),
    tags: new Tags({ missing: [] }),
  }) {}
  const config = new Configurator();
  config.addStaticView('deform_static', 'deform:static/');
  config.addRoute('party', '/');
  config.addView((_context: unknown, request: Request) => {
    const form = new deform.Form(new Party(), { buttons: ['submit'] });
    let html: string;
    if (request.params.has('submit')) {
      try {
        return new Response({ body: JSON.stringify(form.validate(request.POST.items())), contentType: 'application/json' });
      } catch (e) {
        if (!(e instanceof deform.ValidationFailure)) throw e;
        html = e.render();
      }
    } else {
      html = form.render();
    }
    const assets = ['deform:static/scripts/jquery-2.0.3.min.js', ...form.getWidgetResources().js];
    const scripts = assets.map((spec) => `<script src="${request.staticUrl(spec)}"></script>`).join('');
    return new Response({ body: `<!DOCTYPE html><html><head>${scripts}</head><body>${html}<script>deform.load()</script></body></html>`, contentType: 'text/html' });
  }, { routeName: 'party' });
  return config.makeWsgiApp();
}

if (haveChromium) it('adds and removes sequence items with deform.js, and posts them back in order', async () => {
  const seq = await serve(sequenceApp());
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('response', (response) => {
      if (response.url().includes('/deform_static/') && response.status() !== 200) problems.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`http://127.0.0.1:${seq.port}/`);
    const friendsAdd = page.locator('.deform-seq-add').first();
    const tagsAdd = page.locator('.deform-seq-add').nth(1);
    await friendsAdd.click();
    await friendsAdd.click();
    // max_len 2: the add button hides
    expect(await friendsAdd.isVisible()).toBe(false);
    const names = page.locator('input[name="name"]');
    expect(await names.count()).toBe(2);
    // each added item's ids were made unique, labels following
    const ids = await names.evaluateAll((nodes) => nodes.map((n) => (n as unknown as { id: string }).id));
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(id).toMatch(/^deformField\d+-[0-9A-Za-z]{6}$/);
    await names.nth(0).fill('Ann');
    await names.nth(1).fill('Bob');
    await tagsAdd.click();
    await tagsAdd.click();
    await tagsAdd.click();
    const tags = page.locator('input[name="tag"]');
    await tags.nth(0).fill('x');
    await tags.nth(1).fill('dropped');
    await tags.nth(2).fill('z');
    // remove the middle tag
    await page.locator('.deform-seq').nth(1).locator('.deform-seq-item').nth(1).locator('.deform-close-button').click();
    expect(await tags.count()).toBe(2);
    const [answer] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('#deformsubmit')]);
    expect(answer.status()).toBe(200);
    expect(await answer.json()).toEqual({ friends: [{ name: 'Ann' }, { name: 'Bob' }], tags: ['x', 'z'] });
    expect(problems).toEqual([]);
  } finally {
    await seq.close();
  }
}, 60000);
