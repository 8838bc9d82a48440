import { Configurator } from 'pyramid-ts/config';

import { SecurityPolicy } from './security';


export function main(globalConfig: Record<string, string>, settings: Record<string, string>) {
  const config = new Configurator({ settings });
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
