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
import { makeApp, thrown, writeTree } from '../helpers';
import { startRedisServer, type RedisServer } from '../redis-server';

let redis: RedisServer;

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
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
