/**
 * pyramid_redis_sessions from the ini: every `redis.sessions.*` setting, coerced as its
 * `_parse_settings` coerces them, becomes an option of RedisSessionFactory; `includeme` sets
 * the factory, so `config.include('pyramid_redis_sessions')` (or `pyramid.includes`) is all
 * an app needs.
 *
 * @example
 *   redis.sessions.secret = a long random string
 *   redis.sessions.url = redis://localhost:6379/0
 *   redis.sessions.timeout = 1200
 */
import * as nodePath from 'node:path';
import { ConfigurationError } from '../exceptions';
import { asbool } from '../ini';
import { resolveModule } from '../path';
import type { Settings } from '../registry';
import { RedisSessionFactory, type RedisSessionOptions } from './session';

const PREFIX = 'redis.sessions.';

/** Each setting's option, and how its text becomes the option's value. */
const SETTINGS: Record<string, { option: keyof RedisSessionOptions | 'secret'; kind: 'string' | 'int' | 'float' | 'bool' | 'callable' }> = {
  secret: { option: 'secret', kind: 'string' },
  timeout: { option: 'timeout', kind: 'int' },
  cookie_name: { option: 'cookieName', kind: 'string' },
  cookie_max_age: { option: 'cookieMaxAge', kind: 'int' },
  cookie_path: { option: 'cookiePath', kind: 'string' },
  cookie_domain: { option: 'cookieDomain', kind: 'string' },
  cookie_secure: { option: 'cookieSecure', kind: 'bool' },
  cookie_httponly: { option: 'cookieHttponly', kind: 'bool' },
  cookie_samesite: { option: 'cookieSamesite', kind: 'string' },
  cookie_on_exception: { option: 'cookieOnException', kind: 'bool' },
  prefix: { option: 'prefix', kind: 'string' },
  url: { option: 'url', kind: 'string' },
  host: { option: 'host', kind: 'string' },
  port: { option: 'port', kind: 'int' },
  db: { option: 'db', kind: 'int' },
  password: { option: 'password', kind: 'string' },
  unix_socket_path: { option: 'unixSocketPath', kind: 'string' },
  socket_timeout: { option: 'socketTimeout', kind: 'float' },
  client_callable: { option: 'clientCallable', kind: 'callable' },
  serialize: { option: 'serialize', kind: 'callable' },
  deserialize: { option: 'deserialize', kind: 'callable' },
  id_generator: { option: 'idGenerator', kind: 'callable' },
  check_at_start: { option: 'checkAtStart', kind: 'bool' },
};

/**
 * A function named `module:name` or `module.name` (Pyramid's dotted name), resolved from
 * `fromDir` as `config.include` resolves modules; a function given as such is kept.
 */
function resolveCallable(value: unknown, setting: string, fromDir: string): Function {
  if (typeof value === 'function') return value;
  const text = String(value).trim();
  const colon = text.lastIndexOf(':');
  const dot = text.lastIndexOf('.');
  const split = colon > 0 ? colon : dot;
  if (split <= 0) throw new ConfigurationError(`${setting} = ${text}: name a function as module:function (or module.function)`);
  const [moduleName, name] = [text.slice(0, split), text.slice(split + 1)];
  let file: string;
  try {
    file = resolveModule(moduleName, fromDir);
  } catch (error) {
    throw new ConfigurationError(`${setting} = ${text}: ${(error as Error).message}`);
  }
  const fn = (require(file) as Record<string, unknown>)[name];
  if (typeof fn !== 'function') throw new ConfigurationError(`${setting} = ${text}: ${nodePath.basename(file)} exports no function named '${name}'`);
  return fn;
}

function coerce(value: unknown, setting: string, kind: string, fromDir: string): unknown {
  if (kind === 'callable') return resolveCallable(value, setting, fromDir);
  if (typeof value !== 'string') return value;
  switch (kind) {
    case 'bool':
      return asbool(value);
    case 'int': {
      const n = Number(value.trim());
      if (value.trim() === '' || !Number.isInteger(n)) throw new ConfigurationError(`${setting} must be a whole number, not ${JSON.stringify(value)}`);
      return n;
    }
    case 'float': {
      const n = Number(value.trim());
      if (value.trim() === '' || !Number.isFinite(n)) throw new ConfigurationError(`${setting} must be a number, not ${JSON.stringify(value)}`);
      return n;
    }
  }
  return value;
}

/** The secret and options the `redis.sessions.*` settings give; a setting it does not know is an error. */
export function parseSettings(settings: Settings, fromDir = process.cwd()): { secret: string; options: RedisSessionOptions } {
  const options: Record<string, unknown> = {};
  for (const key of Object.keys(settings)) {
    if (!key.startsWith(PREFIX)) continue;
    const name = key.slice(PREFIX.length);
    const known = SETTINGS[name];
    if (!known) {
      throw new ConfigurationError(`Unknown setting ${key}: pyramid_redis_sessions knows ${Object.keys(SETTINGS).map((n) => PREFIX + n).join(', ')}`);
    }
    options[known.option] = coerce(settings[key], key, known.kind, fromDir);
  }
  const { secret, ...rest } = options;
  if (typeof secret !== 'string' || secret === '') throw new ConfigurationError('redis.sessions.secret is a required setting');
  return { secret, options: rest as RedisSessionOptions };
}

/** pyramid_redis_sessions' `session_factory_from_settings`. */
export function sessionFactoryFromSettings(settings: Settings, fromDir?: string): RedisSessionFactory {
  const { secret, options } = parseSettings(settings, fromDir);
  return RedisSessionFactory(secret, options);
}

/** `config.include('pyramid_redis_sessions')`: the session factory from the settings. */
export function includeme(config: { registry: { settings: Settings }; packageDir: string; setSessionFactory(factory: RedisSessionFactory): void }): void {
  config.setSessionFactory(sessionFactoryFromSettings(config.registry.settings, config.packageDir));
}
