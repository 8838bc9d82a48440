import { Configurator } from 'pyramid-ts/config';


export function main(globalConfig: Record<string, string>, settings: Record<string, string> = {}) {
  const config = new Configurator({ settings });
  config.include('pyramid_chameleon');
  config.addRoute('home', '/');
  config.addRoute('hello', '/howdy');
  config.addRoute('hello_json', '/howdy.json');
  config.scan('.views');
  return config.makeWsgiApp();
}
