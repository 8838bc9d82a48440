/**
 * Sessions over real HTTP (http.createServer on 127.0.0.1, fetch as the browser): the tutorial's
 * counter shared with the real Pyramid mid-way, expiry after `timeout` on a controllable clock,
 * Set-Cookie as Pyramid sets it for the same options, and bad cookies that give a normal page.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Configurator } from '../../framework/config';
import { Response } from '../../framework/response';
import type { Request } from '../../framework/request';
import { SignedCookieSessionFactory, type SessionFactory } from '../../framework/session';
import { loadScenarios, makeFactory, parseSetCookie, type Scenario } from './replay';
import { askPyramid, describeWithPyramid } from './pyramid';
import { flipChar, signRaw } from '../framework/helpers';

const servers: http.Server[] = [];

async function serve(app: http.RequestListener): Promise<string> {
  const server = http.createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** The tutorial's view code, answering `Count: N` as text. */
function counterApp(sessionFactory: SessionFactory): http.RequestListener {
  const config = new Configurator({ sessionFactory });
  config.addRoute('home', '/');
  config.addView(
    (request: Request) => {
      const session = request.session;
      if ('counter' in session) session['counter'] += 1;
      else session['counter'] = 1;
      return new Response({ body: `Count: ${session['counter']}`, contentType: 'text/plain' });
    },
    { routeName: 'home' },
  );
  return config.makeWsgiApp();
}

interface Visit {
  status: number;
  body: string;
  setCookie: string | null;
}

async function get(url: string, cookie?: string): Promise<Visit> {
  const res = await fetch(url, { headers: cookie === undefined ? {} : { cookie }, signal: AbortSignal.timeout(10000) });
  return { status: res.status, body: await res.text(), setCookie: res.headers.get('set-cookie') };
}

function cookiePair(setCookie: string | null): string {
  if (!setCookie) throw new Error('no Set-Cookie');
  return setCookie.split(';')[0];
}

describeWithPyramid("the tutorial's counter moves between our server and the real Pyramid", () => {
  test('ours counts 1, 2; Pyramid, given our cookie, counts 3; ours, given Pyramid\'s cookie, counts 4', async () => {
    const { main } = require('../../tutorial');
    const base = await serve(main({}));
    const first = await get(`${base}/`);
    const second = await get(`${base}/howdy`, cookiePair(first.setCookie));
    expect([first.body, second.body].map((b) => /Count: (\d+)/.exec(b)![1])).toEqual(['1', '2']);

    const [pyramid] = askPyramid([{ factory: { secret: 'itsaseekreet' }, now: Date.now() / 1000, cookie_header: cookiePair(second.setCookie), ops: [['tutorial_counter']] }]);
    expect(pyramid.results).toEqual(['3']);

    const fourth = await get(`${base}/`, cookiePair(pyramid.set_cookie!));
    expect(fourth.body).toContain('<p>Count: 4</p>');
  });
});

describe('timeout, on a controllable clock', () => {
  test('the count survives 1200 s of inactivity and restarts after 1201 s; the cookie is re-sent each time', async () => {
    const clock = { now: 1700000000.25 };
    const base = await serve(counterApp(SignedCookieSessionFactory('itsaseekreet', { clock: () => clock.now })));
    let visit = await get(base);
    expect(visit.body).toBe('Count: 1');
    clock.now += 1199.75; // accessed was stored as the whole second 1700000000: 1200 s later exactly
    visit = await get(base, cookiePair(visit.setCookie));
    expect(visit.body).toBe('Count: 2');
    clock.now += 1201;
    visit = await get(base, cookiePair(visit.setCookie));
    expect(visit.body).toBe('Count: 1');
  });

  test('timeout: null never expires', async () => {
    const clock = { now: 1700000000 };
    const base = await serve(counterApp(SignedCookieSessionFactory('itsaseekreet', { clock: () => clock.now, timeout: null })));
    const first = await get(base);
    clock.now += 10 * 365 * 86400;
    expect((await get(base, cookiePair(first.setCookie))).body).toBe('Count: 2');
  });
});

describe('Set-Cookie as the real Pyramid sets it for the same options', () => {
  const attrs = loadScenarios().filter((s) => s.id.startsWith('attrs-') && !s.deviation);

  test('the fixture has a case for each option', () => {
    expect(attrs.map((s) => s.id)).toEqual(expect.arrayContaining(['attrs-default', 'attrs-max-age', 'attrs-domain', 'attrs-secure', 'attrs-httponly', 'attrs-all']));
  });

  test.each(attrs.map((s) => [s.id, s] as const))('%s', async (_id, scenario: Scenario) => {
    const [step] = scenario.steps;
    const app = counterApp(makeFactory(scenario.factory, { now: step.now }));
    // The fixture's view stored n = 1; ours stores counter = 1: compare all but the value.
    const visit = await get(await serve(app));
    const ours = parseSetCookie(visit.setCookie!);
    const pyramid = parseSetCookie(step.set_cookie!);
    expect({ ...ours, value: '' }).toEqual({ ...pyramid, value: '' });
  });

  test('with the default options the header is byte for byte webob\'s', async () => {
    const [step] = loadScenarios().find((s) => s.id === 'attrs-default')!.steps;
    const config = new Configurator({ sessionFactory: makeFactory({ secret: 'itsaseekreet' }, { now: step.now }) });
    config.addRoute('home', '/');
    config.addView((request: Request) => {
      request.session['n'] = 1;
      return new Response('ok');
    }, { routeName: 'home' });
    const visit = await get(await serve(config.makeWsgiApp()));
    expect(visit.setCookie).toBe(step.set_cookie);
  });
});

describe('bad cookies give a new session and a normal page, never a 500', () => {
  const T0 = 1700000000.25;
  const factory = SignedCookieSessionFactory('itsaseekreet', { clock: () => T0 + 1 });
  const valid = SignedCookieSessionFactory('itsaseekreet', { clock: () => T0 });
  let good = '';

  beforeAll(async () => {
    const visit = await get(await serve(counterApp(valid)));
    good = cookiePair(visit.setCookie).slice('session='.length);
  });

  const badCookies: Array<[string, () => string]> = [
    ['a tampered signature', () => `session=${flipChar(good, 5)}`],
    ['a tampered payload', () => `session=${flipChar(good, good.length - 5)}`],
    ['a truncated value', () => `session=${good.slice(0, -7)}`],
    ['a value signed with another secret', () => 'session=' + signedWith({ secret: 'other secret' })],
    ['a value signed with another hashalg', () => 'session=' + signedWith({ secret: 'itsaseekreet', options: { hashalg: 'sha256' } })],
    ['garbage base64', () => 'session=%%%not*base64!!'],
    ['an empty value', () => 'session='],
    ['a valid signature over text that is not JSON', () => `session=${signRaw('hello')}`],
    ['JSON that is not a 3-element list', () => `session=${signRaw('[1700000000, {}]')}`],
    ['non-numeric timestamps', () => `session=${signRaw('["soon", "later", {"counter": 41}]')}`],
    ['a state that is not an object', () => `session=${signRaw('[1700000000, 1700000000.25, "counter"]')}`],
    ['two session cookies, the bad one last', () => `session=${good}; session=garbage`],
    ['a very long cookie header', () => `junk=${'x'.repeat(8000)}; session=${'A'.repeat(6000)}`],
  ];

  function signedWith(spec: { secret: string; options?: object }): string {
    return makeFactoryCookie(SignedCookieSessionFactory(spec.secret, { ...spec.options, clock: () => T0 }));
  }

  function makeFactoryCookie(f: SessionFactory): string {
    const callbacks: Array<(req: unknown, res: Response) => void> = [];
    const session = f({ cookies: {}, addResponseCallback: (cb) => callbacks.push(cb) });
    session['counter'] = 41;
    const response = new Response();
    for (const cb of callbacks) cb(null, response);
    return response.setCookies.session;
  }

  test('the good cookie counts on (the table below is not vacuous)', async () => {
    expect((await get(await serve(counterApp(factory)), `session=${good}`)).body).toBe('Count: 2');
  });

  test.each(badCookies)('%s', async (_name, cookie) => {
    const visit = await get(await serve(counterApp(factory)), cookie());
    expect(visit.status).toBe(200);
    expect(visit.body).toBe('Count: 1');
    expect(visit.setCookie).toMatch(/^session=[A-Za-z0-9_-]+; Path=\/; SameSite=Lax$/);
  });
});
