/**
 * The routes variant of issue 5: the tutorial's main() with 1,000 realistic routes added before
 * `home`, so every request for `/` or `/howdy` is tried against all of them first (Pyramid tries
 * routes in registration order). Served by pserve through routes1000.ini.
 */
import { Configurator } from '../../framework/config';
import { SignedCookieSessionFactory } from '../../framework/session';

const ROUTE_COUNT = 1000;

/** Patterns of the shapes real apps have: literals, one or more placeholders, a regex, a remainder. */
function pattern(i: number): string {
  switch (i % 5) {
    case 0: return `/api/v1/items${i}/{id}`;
    case 1: return `/static${i}/*subpath`;
    case 2: return `/users${i}/{uid}/posts/{pid}`;
    case 3: return `/blog${i}/{year:\\d{4}}/{slug}`;
    default: return `/pages${i}`;
  }
}

export function main(globalConfig: Record<string, string>, settings: Record<string, string> = {}) {
  const mySessionFactory = SignedCookieSessionFactory('itsaseekreet');
  const config = new Configurator({ settings, sessionFactory: mySessionFactory });
  config.include('pyramid_chameleon');
  for (let i = 0; i < ROUTE_COUNT; i++) config.addRoute(`r${i}`, pattern(i));
  config.addRoute('home', '/');
  config.addRoute('hello', '/howdy');
  config.scan('../../tutorial/views');
  return config.makeWsgiApp();
}
