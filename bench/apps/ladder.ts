/**
 * The ladder (`npm run bench -- --ladder`): the tutorial rebuilt one layer at a time on the
 * framework, each served by pserve, so the cost of each layer shows in req/s over real HTTP.
 *   plain     routes + a view returning a fixed page (no session, no template)
 *   session   + the session counter (verify, increment, re-sign), page built by string concat
 *   template  + home.pt rendered with a fixed count (a template, no session)
 * `ours` (the tutorial itself) is the top rung; `floor-in-pserve` is pserve serving the floor's handler.
 */
import { Configurator } from '../../framework/config';
import { Response } from '../../framework/response';
import { SignedCookieSessionFactory } from '../../framework/session';
import type { Request } from '../../framework/request';

const NAMES: Record<string, string> = { home: 'Home View', hello: 'Hello View' };

function page(name: string, count: number): string {
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n    <title>Quick Tutorial: ${name}</title>\n</head>\n<body>\n<h1>Hi ${name}</h1>\n<p>Count: ${count}</p>\n</body>\n</html>\n`;
}

function configure(settings: Record<string, string>, withSession: boolean): Configurator {
  const config = new Configurator({ settings, sessionFactory: withSession ? SignedCookieSessionFactory('itsaseekreet') : undefined });
  config.addRoute('home', '/');
  config.addRoute('hello', '/howdy');
  return config;
}

export function plain(_global: Record<string, string>, settings: Record<string, string> = {}) {
  const config = configure(settings, false);
  for (const route of ['home', 'hello']) {
    const body = page(NAMES[route], 1);
    config.addView(() => new Response(body), { routeName: route });
  }
  return config.makeWsgiApp();
}

export function session(_global: Record<string, string>, settings: Record<string, string> = {}) {
  const config = configure(settings, true);
  for (const route of ['home', 'hello']) {
    config.addView((_context: unknown, request: Request) => {
      const s = request.session;
      s['counter'] = 'counter' in s ? s['counter'] + 1 : 1;
      return new Response(page(NAMES[route], s['counter']));
    }, { routeName: route });
  }
  return config.makeWsgiApp();
}

class FixedCount {
  counter = 1;
  constructor(public request: Request) {}
  home() { return { name: NAMES.home }; }
  hello() { return { name: NAMES.hello }; }
}

export function template(_global: Record<string, string>, settings: Record<string, string> = {}) {
  const config = configure(settings, false);
  config.include('pyramid_chameleon');
  config.addView(FixedCount, { routeName: 'home', attr: 'home', renderer: '../../tutorial/home.pt' });
  config.addView(FixedCount, { routeName: 'hello', attr: 'hello', renderer: '../../tutorial/home.pt' });
  return config.makeWsgiApp();
}
