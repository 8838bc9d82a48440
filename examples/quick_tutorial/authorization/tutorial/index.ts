import { Configurator } from 'pyramid-ts/config';
import { SignedCookieSessionFactory } from 'pyramid-ts/session';

import { Root } from './resources';
import { SecurityPolicy } from './security';


export function main(globalConfig: Record<string, string>, settings: Record<string, string>) {
  const mySessionFactory = SignedCookieSessionFactory('itsaseekreet');
  const config = new Configurator({
    settings,
    rootFactory: Root,
    sessionFactory: mySessionFactory,
  });
  config.include('pyramid_chameleon');

  config.setSecurityPolicy(
    new SecurityPolicy(
      settings['tutorial.secret'],
    ),
  );

  config.addRoute('home', '/');
  config.addRoute('hello', '/howdy');
  config.addRoute('login', '/login');
  config.addRoute('logout', '/logout');
  config.scan('.views');
  return config.makeWsgiApp();
}
