import type { Configurator } from 'pyramid-ts/config';


export function includeme(config: Configurator) {
  config.addStaticView('static', 'static', { cacheMaxAge: 3600 });
  config.addRoute('home', '/');
}
