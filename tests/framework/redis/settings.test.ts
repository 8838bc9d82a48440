/**
 * framework/redis/settings.ts: pyramid_redis_sessions from the ini. `redis.sessions.*`
 * settings, coerced as its `_parse_settings` does, and `config.include('pyramid_redis_sessions')`
 * (or `pyramid.includes`) setting the factory.
 */
import Redis from 'ioredis';
import { ConfigurationError } from '../../../framework/exceptions';
import { Response } from '../../../framework/response';
import type { Request } from '../../../framework/request';
import { parseSettings, type RedisSessionFactory } from '../../../framework/redis';
import { makeApp, thrown, withLog, writeTree } from '../helpers';
import { SignedCookieSessionFactory } from '../../../framework/session';
import type { Configurator } from '../../../framework/config';
import type { TweenFactory } from '../../../framework/tweens';
import { startRedisServer, type RedisServer } from '../redis-server';

let redis: RedisServer;

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

test("the package's name for it: pyramid-ts/redis, as Python's pyramid_redis_sessions", () => {
  const api = require('pyramid-ts/redis');
  const own = require('../../../framework/redis');
  expect(api.RedisSessionFactory).toBe(own.RedisSessionFactory);
  expect(api.includeme).toBe(own.includeme);
});

describe('parseSettings', () => {
  test('every setting is coerced as pyramid_redis_sessions coerces it: ints, booleans, the socket timeout as a float', () => {
    const { secret, options } = parseSettings({
      'redis.sessions.secret': 's3cret',
      'redis.sessions.timeout': '600',
      'redis.sessions.cookie_name': 'sid',
      'redis.sessions.cookie_max_age': '3600',
      'redis.sessions.cookie_secure': 'true',
      'redis.sessions.cookie_httponly': 'false',
      'redis.sessions.cookie_on_exception': 'no',
      'redis.sessions.port': '6380',
      'redis.sessions.db': '2',
      'redis.sessions.socket_timeout': '0.25',
      'redis.sessions.check_at_start': 'off',
      'redis.sessions.prefix': 'app:',
      'other.setting': 'ignored: not ours',
    });
    expect(secret).toBe('s3cret');
    expect(options).toEqual({
      timeout: 600, cookieName: 'sid', cookieMaxAge: 3600, cookieSecure: true, cookieHttponly: false, cookieOnException: false,
      port: 6380, db: 2, socketTimeout: 0.25, checkAtStart: false, prefix: 'app:',
    });
  });

  test('client_callable, serialize, deserialize and id_generator name functions, as module:function or module.function', () => {
    const dir = writeTree({ 'hooks.js': "exports.makeId = () => 'id'; exports.dump = JSON.stringify; exports.load = JSON.parse; exports.notAFunction = 1;" });
    const { options } = parseSettings({ 'redis.sessions.secret': 's', 'redis.sessions.id_generator': './hooks:makeId', 'redis.sessions.serialize': '.hooks.dump', 'redis.sessions.deserialize': './hooks:load' }, dir);
    expect(options.idGenerator!()).toBe('id');
    expect(options.serialize).toBe(JSON.stringify);
    expect(options.deserialize).toBe(JSON.parse);
    expect(() => parseSettings({ 'redis.sessions.secret': 's', 'redis.sessions.id_generator': './hooks:notAFunction' }, dir)).toThrow("redis.sessions.id_generator = ./hooks:notAFunction: hooks.js exports no function named 'notAFunction'");
    expect(() => parseSettings({ 'redis.sessions.secret': 's', 'redis.sessions.serialize': './nowhere:dump' }, dir)).toThrow(/^redis.sessions.serialize = .\/nowhere:dump: Cannot find module '.\/nowhere'/);
  });

  test('mistakes are errors that name the setting: no secret, a setting it does not know, a number that is not one', () => {
    expect(() => parseSettings({ 'redis.sessions.url': 'redis://x' })).toThrow(new ConfigurationError('redis.sessions.secret is a required setting'));
    const unknown = thrown(() => parseSettings({ 'redis.sessions.secret': 's', 'redis.sessions.connection_pool': 'x' }));
    expect(unknown.message).toMatch(/^Unknown setting redis.sessions.connection_pool: pyramid_redis_sessions knows redis.sessions.secret, redis.sessions.timeout, .*redis.sessions.check_at_start$/);
    expect(() => parseSettings({ 'redis.sessions.secret': 's', 'redis.sessions.timeout': '20 minutes' })).toThrow('redis.sessions.timeout must be a whole number, not "20 minutes"');
  });
});

describe("config.include('pyramid_redis_sessions')", () => {
  function counterApp(settings: Record<string, string>, include = true) {
    const made = makeApp((config) => {
      if (include) config.include('pyramid_redis_sessions');
      config.addRoute('home', '/');
      config.addView((_c: unknown, request: Request) => {
        const session = request.session;
        session['counter'] = 'counter' in session ? session['counter'] + 1 : 1;
        return new Response(`Count: ${session['counter']}`);
      }, { routeName: 'home' });
    }, settings);
    return { ...made, factory: made.app.registry.sessionFactory as RedisSessionFactory };
  }

  test('sets the session factory from the settings; the counter lives in Redis, under the prefix', async () => {
    const { testapp, factory } = counterApp({ 'redis.sessions.secret': 's3cret', 'redis.sessions.url': redis.url, 'redis.sessions.prefix': 'tut:' });
    const inspect = new Redis(redis.url);
    try {
      expect((await testapp.get('/')).text).toBe('Count: 1');
      expect((await testapp.get('/')).text).toBe('Count: 2');
      const keys = await inspect.keys('tut:*');
      expect(keys).toHaveLength(1);
      expect(JSON.parse((await inspect.get(keys[0]))!).managed_dict).toEqual({ counter: 2 });
    } finally {
      await inspect.quit();
      await factory.close();
    }
  });

  test('pyramid.includes = pyramid_redis_sessions does the same', async () => {
    const { testapp, factory } = counterApp({ 'pyramid.includes': 'pyramid_redis_sessions', 'redis.sessions.secret': 's3cret', 'redis.sessions.host': '127.0.0.1', 'redis.sessions.port': String(redis.port) }, false);
    try {
      expect((await testapp.get('/')).text).toBe('Count: 1');
      expect((await testapp.get('/')).text).toBe('Count: 2');
    } finally {
      await factory.close();
    }
  });
});

describe('the session tween', () => {
  const names = (app: { registry: { tweens: { inUse(): Array<{ name: string }> } } }) => app.registry.tweens.inUse().map((t) => t.name);

  test('setSessionFactory places a Redis factory\'s tween over the exception views; a cookie factory brings none', async () => {
    const settings = { 'redis.sessions.secret': 's3cret', 'redis.sessions.url': redis.url };
    const redisApp = makeApp((config) => config.include('pyramid_redis_sessions'), settings).app;
    expect(names(redisApp)).toEqual(['pyramid.tweens.session_tween_factory', 'pyramid.tweens.excview_tween_factory']);
    await (redisApp.registry.sessionFactory as RedisSessionFactory).close();
    const cookieApp = makeApp((config) => config.setSessionFactory(SignedCookieSessionFactory('s'))).app;
    expect(names(cookieApp)).toEqual(['pyramid.tweens.excview_tween_factory']);
  });

  test('a main() that sets its own factory keeps it, as in Pyramid: the included Redis factory and its tween stand aside', async () => {
    const made = makeApp((config) => {
      config.setSessionFactory(SignedCookieSessionFactory('itsaseekreet'));
      config.include('pyramid_redis_sessions');
      config.addRoute('home', '/');
      config.addView((_c: unknown, request: Request) => new Response(String((request.session['n'] = 1))), { routeName: 'home' });
    }, { 'redis.sessions.secret': 's3cret', 'redis.sessions.url': redis.url });
    const res = await made.testapp.get('/');
    // the signed cookie holds the state itself: [accessed, created, {"n": 1}]
    expect(Buffer.from(String(res.headers['set-cookie']).split(/[=;]/)[1], 'base64url').subarray(64).toString()).toMatch(/\{"n": 1\}\]$/);
  });

  test('a tween of yours that uses the session goes under it, and sees the loaded session', async () => {
    const made = makeApp((config) => {
      config.include('pyramid_redis_sessions');
      const stamp: TweenFactory = (handler) => (request) => {
        request.session['seen'] = (request.session.get('seen', 0) as number) + 1;
        return handler(request);
      };
      config.addTween(stamp, { name: 'stamp', under: 'pyramid.tweens.session_tween_factory' });
      config.addRoute('home', '/');
      config.addView((_c: unknown, request: Request) => new Response(`seen ${request.session['seen']}`), { routeName: 'home' });
    }, { 'redis.sessions.secret': 's3cret', 'redis.sessions.url': redis.url });
    try {
      expect(names(made.app)).toEqual(['pyramid.tweens.session_tween_factory', 'stamp', 'pyramid.tweens.excview_tween_factory']);
      expect((await made.testapp.get('/')).text).toBe('seen 1');
      expect((await made.testapp.get('/')).text).toBe('seen 2');
    } finally {
      await (made.app.registry.sessionFactory as RedisSessionFactory).close();
    }
  });

  test('an explicit pyramid.tweens list must name it; without it, using the session says so', async () => {
    const configure = (config: Configurator) => {
      config.include('pyramid_redis_sessions');
      config.addRoute('home', '/');
      config.addView((_c: unknown, request: Request) => new Response(String((request.session['n'] = 1))), { routeName: 'home' });
    };
    const base = { 'redis.sessions.secret': 's3cret', 'redis.sessions.url': redis.url };
    const listed = makeApp(configure, { ...base, 'pyramid.tweens': 'pyramid.tweens.session_tween_factory\npyramid.tweens.excview_tween_factory' });
    const unlisted = makeApp(configure, { ...base, 'pyramid.tweens': 'pyramid.tweens.excview_tween_factory' });
    try {
      expect((await listed.testapp.get('/')).text).toBe('1');
      await withLog('pyramid.router', async () => {
        await unlisted.testapp.get('/', { status: 500 });
      });
      expect(() => (unlisted.app.registry.sessionFactory as RedisSessionFactory)({ cookies: {}, addResponseCallback: () => undefined })).toThrow(
        /a pyramid.tweens list must name pyramid.tweens.session_tween_factory \(over the excview tween\), and a tween that uses request.session must be under it/,
      );
    } finally {
      await (listed.app.registry.sessionFactory as RedisSessionFactory).close();
      await (unlisted.app.registry.sessionFactory as RedisSessionFactory).close();
    }
  });
});

