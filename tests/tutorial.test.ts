/**
 * The Quick Tutorial's sessions step, tested as the step's tutorial/tests.py tests it (two unit
 * tests, two functional tests), and beside them what the step asks the reader to see:
 * the count rises by one per request, is shared by / and /howdy, and goes on after a restart.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { testing } from '../framework';
import { TestApp } from '../framework/testing';

describe('TutorialViewTests', () => {
  beforeEach(() => {
    testing.setUp();
  });

  afterEach(() => {
    testing.tearDown();
  });

  test('home', () => {
    const { TutorialViews } = require('../tutorial/views');
    const request = new testing.DummyRequest();
    const inst = new TutorialViews(request);
    const response = inst.home();
    expect(response.name).toBe('Home View');
  });

  test('hello', () => {
    const { TutorialViews } = require('../tutorial/views');
    const request = new testing.DummyRequest();
    const inst = new TutorialViews(request);
    const response = inst.hello();
    expect(response.name).toBe('Hello View');
  });
});

describe('TutorialFunctionalTests', () => {
  let testapp: TestApp;

  beforeEach(() => {
    const { main } = require('../tutorial');
    const app = main({});
    testapp = new TestApp(app);
  });

  test('home', async () => {
    const res = await testapp.get('/', { status: 200 });
    expect(res.text).toContain('<h1>Hi Home View');
  });

  test('hello', async () => {
    const res = await testapp.get('/howdy', { status: 200 });
    expect(res.text).toContain('<h1>Hi Hello View');
  });
});

function count(html: string): number {
  const match = /<p>Count: (\d+)<\/p>/.exec(html);
  if (!match) throw new Error(`No count in page:\n${html}`);
  return Number(match[1]);
}

describe('the counter (steps 7 and 8)', () => {
  test('the page is the template, filled in', async () => {
    const { main } = require('../tutorial');
    const res = await new TestApp(main({})).get('/', { status: 200 });
    expect(res.text).toBe(
      '<!DOCTYPE html>\n<html lang="en">\n<head>\n    <title>Quick Tutorial: Home View</title>\n</head>\n' +
        '<body>\n<h1>Hi Home View</h1>\n<p>Count: 1</p>\n</body>\n</html>\n',
    );
    expect(res.header('content-type')).toBe('text/html; charset=UTF-8');
  });

  test('rises by exactly one per request and is shared by / and /howdy', async () => {
    const { main } = require('../tutorial');
    const testapp = new TestApp(main({}));
    const seen: number[] = [];
    for (const url of ['/', '/howdy', '/', '/', '/howdy']) seen.push(count((await testapp.get(url)).text));
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  test('a browser without the cookie starts at 1', async () => {
    const { main } = require('../tutorial');
    const app = main({});
    const alice = new TestApp(app);
    const bob = new TestApp(app);
    await alice.get('/');
    await alice.get('/');
    expect(count((await bob.get('/howdy')).text)).toBe(1);
    expect(count((await alice.get('/howdy')).text)).toBe(3);
  });

  describe('over real HTTP', () => {
    const servers: http.Server[] = [];

    async function serve(): Promise<string> {
      const { main } = require('../tutorial');
      const server = http.createServer(main({}));
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }

    afterEach(async () => {
      await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
    });

    /** A browser's cookie jar, reduced to the one cookie the tutorial sets. */
    async function visit(base: string, path: string, jar: { cookie?: string }): Promise<{ count: number; setCookie: string }> {
      const res = await fetch(base + path, { headers: jar.cookie ? { cookie: jar.cookie } : {}, signal: AbortSignal.timeout(10000) });
      expect(res.status).toBe(200);
      const setCookie = res.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^session=[A-Za-z0-9_-]+; Path=\/; SameSite=Lax$/);
      jar.cookie = setCookie.split(';')[0];
      return { count: count(await res.text()), setCookie };
    }

    test('the count goes on where it left off when the app is built anew from main()', async () => {
      const jar: { cookie?: string } = {};
      const first = await serve();
      expect((await visit(first, '/', jar)).count).toBe(1);
      expect((await visit(first, '/howdy', jar)).count).toBe(2);
      await new Promise((resolve) => servers.pop()!.close(resolve));

      const second = await serve();
      expect((await visit(second, '/', jar)).count).toBe(3);
      expect((await visit(second, '/howdy', jar)).count).toBe(4);
    });
  });
});
