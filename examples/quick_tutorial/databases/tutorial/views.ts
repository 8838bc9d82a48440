import type { Request } from 'pyramid-ts/request';
import { viewConfig } from 'pyramid-ts/view';

import { DBSession } from './models';


export class WikiViews {
  constructor(public request: Request) {}

  @viewConfig({ routeName: 'wiki_view', renderer: 'wiki_view.pt' })
  async wiki_view() {
    const pages = await DBSession.db.selectFrom('wikipages').selectAll().orderBy('title').execute();
    return { title: 'Wiki View', pages };
  }

  @viewConfig({ routeName: 'wikipage_view', renderer: 'wikipage_view.pt' })
  async wikipage_view() {
    const uid = parseInt(this.request.matchdict['uid'], 10);
    const page = await DBSession.db.selectFrom('wikipages').selectAll().where('uid', '=', uid).executeTakeFirstOrThrow();
    return { page };
  }
}
