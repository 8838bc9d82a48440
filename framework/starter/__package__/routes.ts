import type { Configurator } from 'pyramid-ts/config';


export function includeme(config: Configurator) {
  config.addRoute('home', '/');
}
