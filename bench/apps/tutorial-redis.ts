/**
 * The tutorial with its sessions in Redis (bench/redis.js): tutorial/index.ts's main, line for
 * line, but for the session factory, which comes from the `redis.sessions.*` settings through
 * config.include('pyramid_redis_sessions') instead of SignedCookieSessionFactory.
 */
import { Configurator } from '../../framework/config';

export function main(_globalConfig: Record<string, string>, settings: Record<string, string> = {}) {
  const config = new Configurator({ settings });
  config.include('pyramid_redis_sessions');
  config.include('pyramid_chameleon');
  config.addRoute('home', '/');
  config.addRoute('hello', '/howdy');
  config.scan('../../tutorial/views');
  return config.makeWsgiApp();
}
