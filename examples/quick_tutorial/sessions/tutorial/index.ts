import { Configurator } from 'pyramid-ts/config';
import { SignedCookieSessionFactory } from 'pyramid-ts/session';

export function main(globalConfig: Record<string, string>, settings: Record<string, string> = {}) {
  const mySessionFactory = SignedCookieSessionFactory(
    'itsaseekreet');
  const config = new Configurator({ settings,
                                    sessionFactory: mySessionFactory });
  config.include('pyramid_chameleon');
  config.addRoute('home', '/');
  config.addRoute('hello', '/howdy');
  config.scan('.views');
  return config.makeWsgiApp();
}
