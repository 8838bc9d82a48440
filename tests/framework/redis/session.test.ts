/**
 * framework/redis/session.ts against a real redis-server (started here on a free port, no
 * persistence): the session contract every factory keeps, then what is Redis's own: the key
 * and its record, sliding expiry on Redis TTLs, invalidate() deleting the key, the cookie.
 */
import Redis from 'ioredis';
import { RedisSessionFactory, type RedisSessionOptions } from '../../../framework/redis';
import { SignedSerializer } from '../../../framework/sessionserializers';
import { makeApp, withLog } from '../helpers';
import { HTTPFound } from '../../../framework/httpexceptions';
import { Response } from '../../../framework/response';
import type { Request } from '../../../framework/request';
import { Browser, runSessionContract } from '../session-contract';
import { startRedisServer, type RedisServer } from '../redis-server';

let redis: RedisServer;
let inspect: Redis;

beforeAll(async () => {
  redis = await startRedisServer();
  inspect = new Redis(redis.url);
});

afterAll(async () => {
  await inspect?.quit();
  await redis?.stop();
});

const SECRET = 'a secret of some length for the tests';

runSessionContract('RedisSessionFactory', (clock) => RedisSessionFactory(SECRET, { url: redis.url, clock, checkAtStart: false }));

describe('the key and the record', () => {
  let browser: Browser;
  const open = (options: RedisSessionOptions = {}) => {
    browser = new Browser((clock) => RedisSessionFactory(SECRET, { url: redis.url, clock, checkAtStart: false, ...options }));
    return browser;
  };
  const sessionId = () => idOf(browser.jar.get('session')!);
  const close = () => (browser.factory as RedisSessionFactory).close();
  afterEach(close);

  /** The id a cookie names: the payload after the 64-byte HMAC-SHA512, JSON. */
  function idOf(cookie: string): string {
    return JSON.parse(Buffer.from(cookie, 'base64url').subarray(64).toString());
  }

  test('the browser gets only a signed id (HttpOnly, no SameSite, as pyramid_redis_sessions); the state is in Redis under it, as JSON', async () => {
    const { setCookies } = await open().go((s) => {
      s['user'] = 'ada';
    });
    expect(setCookies).toHaveLength(1);
    expect(setCookies[0]).toMatch(/^session=[\w-]+; Path=\/; HttpOnly$/);
    const id = sessionId();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(await inspect.get(id)).toBe('{"managed_dict": {"user": "ada"}, "created": 1700000000.25, "timeout": 1200}');
    expect(await inspect.ttl(id)).toBeGreaterThan(1190);
  });

  test('a cookie naming the id is not enough: the signature must be ours', async () => {
    open();
    await browser.go((s) => (s['user'] = 'ada'));
    const id = sessionId();
    const forged = Buffer.concat([Buffer.alloc(64), Buffer.from(JSON.stringify(id))]).toString('base64url');
    const { result } = await browser.go((s) => [s.new, s.get('user')], { cookieHeader: `session=${forged}` });
    expect(result).toEqual([true, undefined]);
  });

  test('bad cookies give a new session and never reach Redis: another secret, a signed non-id, junk, an empty value', async () => {
    open();
    await browser.go((s) => (s['user'] = 'ada'));
    const id = sessionId();
    const signed = (value: unknown, secret = SECRET) => new SignedSerializer(secret, 'pyramid_redis_sessions.').dumps(value);
    const before = Number((await inspect.info('commandstats')).match(/cmdstat_get:calls=(\d+)/)?.[1] ?? 0);
    for (const cookie of [signed(id, 'another secret'), signed(42), signed(''), signed([id]), 'x'.repeat(5000), '', '%%%', signed(id).slice(0, -2)]) {
      expect((await browser.go((s) => [s.new, s.size], { cookieHeader: `session=${cookie}` })).result).toEqual([true, 0]);
    }
    const after = Number((await inspect.info('commandstats')).match(/cmdstat_get:calls=(\d+)/)?.[1] ?? 0);
    expect(after).toBe(before);
    // and the real one still works
    expect((await browser.go((s) => s['user'], { cookieHeader: `session=${signed(id)}` })).result).toBe('ada');
  });

  test('later changes keep the id and the cookie: no Set-Cookie once the session exists', async () => {
    open();
    await browser.go((s) => (s['n'] = 1));
    const id = sessionId();
    const { setCookies } = await browser.go((s) => (s['n'] += 1));
    expect(setCookies).toEqual([]);
    expect(JSON.parse((await inspect.get(id))!).managed_dict).toEqual({ n: 2 });
  });

  test('sliding expiry: a request that reads the session pushes its TTL back to the timeout', async () => {
    open({ timeout: 300 });
    await browser.go((s) => (s['n'] = 1));
    const id = sessionId();
    await inspect.expire(id, 20); // as if most of the timeout had passed
    await browser.go((s) => s['n']);
    expect(await inspect.ttl(id)).toBeGreaterThan(290);
  });

  test('a request that does not touch the session leaves its TTL alone', async () => {
    open({ timeout: 300 });
    await browser.go((s) => (s['n'] = 1));
    const id = sessionId();
    await inspect.expire(id, 20);
    await browser.go(() => null);
    expect(await inspect.ttl(id)).toBeLessThanOrEqual(20);
  });

  test('when Redis has dropped the key (the timeout passed), the cookie gives a new session and a new cookie', async () => {
    open();
    await browser.go((s) => (s['n'] = 1));
    const id = sessionId();
    await inspect.del(id);
    const { result } = await browser.go((s) => {
      const seen = [s.new, s.get('n')];
      s['n'] = 1;
      return seen;
    });
    expect(result).toEqual([true, undefined]);
    expect(sessionId()).not.toBe(id);
  });

  test('adjustTimeoutForSession() keeps a new timeout in the record: this save and every later refresh use it', async () => {
    open({ timeout: 300 });
    await browser.go((s) => (s['n'] = 1));
    const id = sessionId();
    await browser.go((s) => s.adjustTimeoutForSession(5000));
    expect(await inspect.ttl(id)).toBeGreaterThan(4990);
    expect(JSON.parse((await inspect.get(id))!).timeout).toBe(5000);
    await inspect.expire(id, 20);
    const { result } = await browser.go((s) => [s['n'], s.timeout]);
    expect(result).toEqual([1, 5000]);
    expect(await inspect.ttl(id)).toBeGreaterThan(4990);
    await expect(browser.go((s) => s.adjustTimeoutForSession(0))).rejects.toThrow('adjustTimeoutForSession(0): the timeout must be a whole number of seconds above 0');
  });

  test('invalidate() deletes the key and the cookie; storing after it starts a new session with a new id', async () => {
    open();
    await browser.go((s) => (s['user'] = 'ada'));
    const first = sessionId();
    const { setCookies } = await browser.go((s) => s.invalidate());
    expect(await inspect.exists(first)).toBe(0);
    expect(setCookies[0]).toMatch(/^session=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT$/);
    await browser.go((s) => (s['user'] = 'grace'));
    const second = sessionId();
    expect(second).not.toBe(first);
    // at login: invalidate, then store, in one request
    await browser.go((s) => {
      s.invalidate();
      s['user'] = 'alan';
    });
    expect(await inspect.exists(second)).toBe(0);
    expect(JSON.parse((await inspect.get(sessionId()))!).managed_dict).toEqual({ user: 'alan' });
  });

  test('prefix, idGenerator, serialize and deserialize, as pyramid_redis_sessions has them', async () => {
    open({ prefix: 'myapp:' });
    await browser.go((s) => (s['n'] = 1));
    expect(sessionId()).toMatch(/^myapp:[0-9a-f]{64}$/);
    await close();

    let count = 0;
    open({ idGenerator: () => `custom-${++count}`, serialize: (r) => `X${JSON.stringify(r)}`, deserialize: (t) => JSON.parse(t.slice(1)) });
    await inspect.set('custom-1', 'taken');
    await browser.go((s) => (s['n'] = 1));
    // custom-1 was taken: the next id is used, never an existing key overwritten
    expect(sessionId()).toBe('custom-2');
    expect(await inspect.get('custom-1')).toBe('taken');
    expect(await inspect.get('custom-2')).toBe('X{"managed_dict":{"n":1},"created":1700000000.25,"timeout":1200}');
    expect((await browser.go((s) => s['n'])).result).toBe(1);
    expect(() => RedisSessionFactory(SECRET, { prefix: 'a:', idGenerator: () => 'x', checkAtStart: false })).toThrow(
      "Redis session options prefix and idGenerator cannot both be given",
    );
  });

  test('a stored record it cannot read gives a new session (and says so in the log)', async () => {
    open();
    await browser.go((s) => (s['n'] = 1));
    await inspect.set(sessionId(), 'not json');
    await withLog('pyramid_redis_sessions', async (log) => {
      expect((await browser.go((s) => [s.new, s.size])).result).toEqual([true, 0]);
      expect(log.records.map((r) => r.message)).toEqual([`Redis session ${sessionId()}: the stored record cannot be read; a new session replaces it`]);
    });
  });

  test('the cookie attributes: cookieMaxAge, cookiePath, cookieDomain, cookieSecure, cookieHttponly, cookieSamesite', async () => {
    const { setCookies } = await open({ cookieName: 'sid', cookieMaxAge: 60, cookiePath: '/app', cookieDomain: 'example.com', cookieSecure: true, cookieHttponly: false, cookieSamesite: 'Strict' }).go((s) => (s['n'] = 1));
    expect(setCookies[0]).toMatch(/^sid=[\w-]+; Max-Age=60; Domain=example.com; Path=\/app; Expires=Tue, 14 Nov 2023 22:14:20 GMT; Secure; SameSite=Strict$/);
  });

  test('cookieOnException: false sends no cookie for a session made while an exception view answered (and stores none)', async () => {
    open({ cookieOnException: false });
    await inspect.flushdb();
    const { setCookies } = await browser.go((s) => (s['n'] = 1), { exception: new Error('boom') });
    expect(setCookies).toEqual([]);
    expect(await inspect.dbsize()).toBe(0);
    expect((await browser.go((s) => (s['n'] = 1))).setCookies).toHaveLength(1);
    expect(await inspect.dbsize()).toBe(1);
  });

  test('clientCallable gives the client for each request (given the request and the connection options)', async () => {
    const calls: unknown[] = [];
    const client = new Redis(redis.url);
    try {
      open({ clientCallable: (request, options) => (calls.push([typeof request.cookies, options.url]), client) });
      await browser.go((s) => (s['n'] = 1));
      expect((await browser.go((s) => s['n'])).result).toBe(1);
      expect(calls).toEqual([['object', redis.url], ['object', redis.url]]);
      expect(await client.get(sessionId())).toContain('"managed_dict": {"n": 1}');
    } finally {
      await client.quit();
    }
    expect(() => RedisSessionFactory(SECRET, { clientCallable: () => client })).toThrow(
      "Redis session option checkAtStart needs the factory's own client: with clientCallable, check your client yourself and set checkAtStart to false",
    );
  });

  test('where Redis is: a URL, host/port/db, a Unix socket; a password; the check at start uses the same', async () => {
    const counted = async (options: RedisSessionOptions) => {
      open(options); // checkAtStart would throw here if it could not reach Redis
      await browser.go((s) => (s['n'] = 1));
      const id = sessionId();
      await close();
      return id;
    };
    await inspect.select(3);
    try {
      expect(await inspect.exists(await counted({ url: `redis://127.0.0.1:${redis.port}/3`, checkAtStart: true }))).toBe(1);
      expect(await inspect.exists(await counted({ host: '127.0.0.1', port: String(redis.port), db: '3', url: undefined, checkAtStart: true }))).toBe(1);
      expect(await inspect.exists(await counted({ unixSocketPath: redis.socket, db: 3, url: undefined, checkAtStart: true }))).toBe(1);
      await inspect.config('SET', 'requirepass', 'sesame');
      await inspect.auth('sesame');
      expect(await inspect.exists(await counted({ host: '127.0.0.1', port: redis.port, db: 3, password: 'sesame', url: undefined, checkAtStart: true }))).toBe(1);
      expect(await inspect.exists(await counted({ url: `redis://:sesame@127.0.0.1:${redis.port}/3`, checkAtStart: true }))).toBe(1);
      expect(() => RedisSessionFactory(SECRET, { host: '127.0.0.1', port: redis.port, password: 'wrong' })).toThrow(/^Cannot reach the Redis session store at redis:\/\/127.0.0.1:\d+\/0 \(WRONGPASS/);
    } finally {
      await inspect.config('SET', 'requirepass', '');
      await inspect.select(0);
    }
  });

  test('a view that fails after changing the session: the change is saved (as pyramid_redis_sessions writes at once), the error goes on', async () => {
    open();
    await browser.go((s) => (s['n'] = 1));
    await expect(
      browser.go((s) => {
        s['n'] = 2;
        throw new Error('the view failed');
      }),
    ).rejects.toThrow('the view failed');
    expect((await browser.go((s) => s['n'])).result).toBe(2);
  });

  test('in an app: log in, then raise HTTPFound; the redirect carries the new session cookie and the next page sees the user', async () => {
    const factory = RedisSessionFactory(SECRET, { url: redis.url, checkAtStart: false });
    browser = new Browser(() => factory); // for afterEach's close
    const { testapp } = makeApp((config) => {
      config.setSessionFactory(factory);
      config.addRoute('login', '/login');
      config.addRoute('home', '/');
      config.addView((_c: unknown, request: Request) => {
        request.session.invalidate();
        request.session['user'] = 'ada';
        request.session.flash('Welcome');
        throw new HTTPFound('/');
      }, { routeName: 'login' });
      config.addView((_c: unknown, request: Request) => new Response(`${request.session.get('user')}: ${request.session.popFlash().join()}`), { routeName: 'home' });
    });
    const login = await testapp.get('/login', { status: 302 });
    expect(String(login.headers['set-cookie'])).toMatch(/^session=[\w-]+; Path=\/; HttpOnly$/);
    expect((await testapp.get('/')).text).toBe('ada: Welcome');
    expect((await testapp.get('/')).text).toBe('ada: ');
  });

  test('used outside its tween, the factory says how to set it up', () => {
    const factory = RedisSessionFactory(SECRET, { url: redis.url, checkAtStart: false });
    expect(() => factory({ cookies: {}, addResponseCallback: () => undefined })).toThrow(/loaded by its tween before the view: set the factory with config.setSessionFactory\(\)/);
  });
});
