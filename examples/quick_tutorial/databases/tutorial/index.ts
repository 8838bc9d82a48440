import { Configurator } from 'pyramid-ts/config';
import { engineFromConfig } from 'pyramid-ts/db';
import type { Request } from 'pyramid-ts/request';
import type { TransactionManager } from 'pyramid-ts/transaction';

import { DBSession, Root } from './models';

export function main(globalConfig: Record<string, string>, settings: Record<string, string>) {
  const engine = engineFromConfig(settings, 'sqlalchemy.');
  DBSession.configure({ bind: engine });

  const config = new Configurator({ settings,
                                    rootFactory: Root });
  config.include('pyramid_chameleon');
  // The request's session, joined to its transaction (request.tm, from pyramid_tm).
  config.addRequestMethod((request: Request & { tm: TransactionManager }) => DBSession.session(request.tm),
                          'dbsession', { reify: true });
  config.addRoute('wiki_view', '/');
  config.addRoute('wikipage_add', '/add');
  config.addRoute('wikipage_view', '/{uid}');
  config.addRoute('wikipage_edit', '/{uid}/edit');
  config.addStaticView('deform_static', 'deform:static/');
  config.scan('.views');
  return config.makeWsgiApp();
}
