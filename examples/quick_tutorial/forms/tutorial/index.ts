import { Configurator } from 'pyramid-ts/config';


export function main(globalConfig: Record<string, string>, settings: Record<string, string> = {}) {
  const config = new Configurator({ settings });
  config.include('pyramid_chameleon');
  config.addRoute('wiki_view', '/');
  config.addRoute('wikipage_add', '/add');
  config.addRoute('wikipage_view', '/{uid}');
  config.addRoute('wikipage_edit', '/{uid}/edit');
  config.addStaticView('deform_static', 'deform:static/');
  config.scan('.views');
  return config.makeWsgiApp();
}
