/**
 * framework/redis/store.ts: what happens when Redis is not there, goes away, or is slow. A
 * request that uses the session then gets a 503 and a log line saying why; a request that does
 * not is served as usual; once Redis is back, sessions work again without a restart.
 */
import { ConfigurationError } from '../../../framework/exceptions';
import { Response } from '../../../framework/response';
import type { Request } from '../../../framework/request';
import { RedisSessionFactory } from '../../../framework/redis';
import { captureLog, httpRequest, makeApp, serve, type Served } from '../helpers';
import { startRedisServer, type RedisServer } from '../redis-server';
import { freePort, until } from '../../fixtures/pserve-harness';

const SECRET = 'a secret of some length for the tests';

/** An app whose /count uses the session and whose /plain does not. */
function appWith(factory: RedisSessionFactory) {
  return makeApp((config) => {
    config.setSessionFactory(factory);
    config.addRoute('count', '/count');
    config.addRoute('plain', '/plain');
    config.addView((_c: unknown, request: Request) => {
      const session = request.session;
      session['n'] = (session.get('n', 0) as number) + 1;
      return new Response(`n=${session['n']}`);
    }, { routeName: 'count' });
    config.addView(() => new Response('plain'), { routeName: 'plain' });
  }).app;
}

/** Asks `get` again until it answers 200; fails saying what it waited for after `ms`. */
const answers200 = (what: string, ms: number, get: () => Promise<{ status: number }>) => until(async () => (await get()).status === 200, ms, what);

describe('Redis down when the app starts', () => {
  test('the factory refuses to be made, saying where it looked and what to do (the default: check_at_start)', async () => {
    const port = await freePort();
    let error: unknown;
    try {
      RedisSessionFactory(SECRET, { url: `redis://:hunter2@127.0.0.1:${port}/0`, socketTimeout: 2 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^Cannot reach the Redis session store at redis://:\\*\\*\\*@127.0.0.1:${port}/0 \\(.*ECONNREFUSED.*\\)\\. Start Redis or fix the address .* ` +
          'or set redis.sessions.check_at_start = false to start anyway, answering 503 to requests that use the session until Redis is back.$',
      ),
    );
    expect((error as Error).message).not.toContain('hunter2');
  });

  test('with checkAtStart: false it starts: requests that use the session get 503, others are served; when Redis comes, sessions work', async () => {
    const redis = await startRedisServer();
    await redis.kill(); // its port, with nobody on it
    const factory = RedisSessionFactory(SECRET, { url: redis.url, checkAtStart: false, socketTimeout: 1 });
    const served = await serve(appWith(factory));
    const log = captureLog('pyramid_redis_sessions');
    try {
      expect((await httpRequest(served.port, { path: '/count' })).status).toBe(503);
      expect((await httpRequest(served.port, { path: '/plain' })).status).toBe(200);
      expect(log.records.some((r) => r.levelname === 'ERROR' && /^GET \/count: Redis session store redis:\/\/127.0.0.1:\d+\/0 .*; answered 503 Service Unavailable$/.test(r.message))).toBe(true);
      await redis.start();
      await answers200('/count to answer 200 once redis-server started', 10000, () => httpRequest(served.port, { path: '/count' }));
    } finally {
      log.stop();
      await served.close();
      await factory.close();
      await redis.stop();
    }
  });
});

describe('Redis lost, and slow, while serving', () => {
  let redis: RedisServer;
  let factory: RedisSessionFactory;
  let served: Served;
  let cookie: string;
  const count = (headers = { cookie }) => httpRequest(served.port, { path: '/count', headers });

  beforeAll(async () => {
    redis = await startRedisServer();
    factory = RedisSessionFactory(SECRET, { url: redis.url, socketTimeout: 0.5 });
    served = await serve(appWith(factory));
  });
  afterAll(async () => {
    await served?.close();
    await factory?.close();
    await redis?.stop();
  });
  beforeEach(async () => {
    const first = await httpRequest(served.port, { path: '/count' });
    expect(first.body).toBe('n=1');
    cookie = String(first.headers['set-cookie']).split(';')[0];
    expect((await count()).body).toBe('n=2');
  });

  test('killed: session requests get 503 with a log line; others are served; after a restart sessions work without restarting the app', async () => {
    const log = captureLog('pyramid_redis_sessions');
    try {
      await redis.kill();
      const lost = await count();
      expect(lost.status).toBe(503);
      expect(lost.body).toContain('The session store is unavailable');
      // a new session cannot be stored either
      expect((await count({ cookie: '' })).status).toBe(503);
      expect((await httpRequest(served.port, { path: '/plain', headers: { cookie } })).status).toBe(200);
      const messages = log.records.map((r) => `${r.levelname} ${r.message}`);
      expect(messages).toContainEqual(expect.stringMatching(/^ERROR Redis session store redis:\/\/127.0.0.1:\d+\/0 unreachable \(.*\): requests that use the session get 503 until it is back; reconnecting.$/));
      expect(messages).toContainEqual(expect.stringMatching(/^ERROR GET \/count: Redis session store .*; answered 503 Service Unavailable$/));
      await redis.start();
      // The restarted Redis kept nothing (no persistence): the old cookie gives a new session.
      await answers200('/count to answer 200 after redis-server restarted', 10000, () => count());
      expect(log.records.map((r) => r.message)).toContainEqual(expect.stringMatching(/^Redis session store .* is back: sessions served again.$/));
    } finally {
      log.stop();
    }
  });

  test('slow (a Redis that answers nothing): session requests get 503 after the socket timeout; others are served meanwhile', async () => {
    const log = captureLog('pyramid_redis_sessions');
    redis.pause();
    try {
      const started = Date.now();
      const slow = await count();
      const waited = Date.now() - started;
      expect(slow.status).toBe(503);
      // bounded by socket_timeout (0.5 s); the upper bound is generous for a busy machine
      expect(waited).toBeGreaterThanOrEqual(450);
      expect(waited).toBeLessThan(5000);
      expect((await httpRequest(served.port, { path: '/plain', headers: { cookie } })).status).toBe(200);
      expect(log.records.map((r) => r.message)).toContainEqual(expect.stringMatching(/^GET \/count: Redis session store .* did not answer the session load within 500 ms; answered 503 Service Unavailable$/));
    } finally {
      redis.resume();
      log.stop();
    }
    await answers200('/count to answer 200 once redis-server was resumed', 10000, () => count());
    expect((await count()).body).toMatch(/^n=\d+$/);
  });
});
