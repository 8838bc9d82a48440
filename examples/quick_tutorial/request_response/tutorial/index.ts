import { Configurator } from 'pyramid-ts/config';


export function main(globalConfig: Record<string, string>, settings: Record<string, string> = {}) {
  const config = new Configurator({ settings });
  config.addRoute('home', '/');
  config.addRoute('plain', '/plain');
  config.scan('.views');
  return config.makeWsgiApp();
}
