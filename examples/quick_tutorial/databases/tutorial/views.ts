import * as colander from 'pyramid-ts/colander';
import * as deform from 'pyramid-ts/deform';

import { HTTPFound } from 'pyramid-ts/httpexceptions';
import type { Request } from 'pyramid-ts/request';
import { viewConfig } from 'pyramid-ts/view';

import { DBSession } from './models';


/** Python's `int()` of a string, which the views use on the path's uid: '1.5' or '1abc' is an error, not 1. */
function int(text: string): number {
  if (!/^\s*[+-]?\d(?:_?\d)*\s*$/.test(text)) throw new TypeError(`invalid literal for int() with base 10: '${text}'`);
  return Number(text.replace(/_/g, ''));
}


class WikiPage extends colander.MappingSchema({
  title: new colander.SchemaNode(new colander.String()),
  body: new colander.SchemaNode(
    new colander.String(),
    { widget: new deform.widget.RichTextWidget() },
  ),
}) {}


export class WikiViews {
  constructor(public request: Request) {}

  get wiki_form() {
    const schema = new WikiPage();
    return new deform.Form(schema, { buttons: ['submit'] });
  }

  get reqts() {
    return this.wiki_form.getWidgetResources();
  }

  @viewConfig({ routeName: 'wiki_view', renderer: 'wiki_view.pt' })
  async wiki_view() {
    const pages = await DBSession.db.selectFrom('wikipages').selectAll().orderBy('title').execute();
    return { title: 'Wiki View', pages };
  }

  @viewConfig({ routeName: 'wikipage_add',
                renderer: 'wikipage_addedit.pt' })
  async wikipage_add() {
    const form = this.wiki_form.render();

    if (this.request.params.has('submit')) {
      const controls = this.request.POST.items();
      let appstruct;
      try {
        appstruct = this.wiki_form.validate(controls) as { title: string; body: string };
      } catch (e) {
        if (!(e instanceof deform.ValidationFailure)) throw e;
        // Form is NOT valid
        return { form: e.render() };
      }

      // Add a new page to the database
      const new_title = appstruct.title;
      const new_body = appstruct.body;
      await DBSession.db.insertInto('wikipages').values({ title: new_title, body: new_body }).execute();

      // Get the new ID and redirect
      const page = await DBSession.db.selectFrom('wikipages').selectAll().where('title', '=', new_title).executeTakeFirstOrThrow();
      const new_uid = page.uid;

      const url = this.request.routeUrl('wikipage_view', { uid: new_uid });
      return new HTTPFound({ location: url });
    }

    return { form: form };
  }


  @viewConfig({ routeName: 'wikipage_view', renderer: 'wikipage_view.pt' })
  async wikipage_view() {
    const uid = int(this.request.matchdict['uid']);
    const page = await DBSession.db.selectFrom('wikipages').selectAll().where('uid', '=', uid).executeTakeFirstOrThrow();
    return { page };
  }


  @viewConfig({ routeName: 'wikipage_edit',
                renderer: 'wikipage_addedit.pt' })
  async wikipage_edit() {
    const uid = int(this.request.matchdict['uid']);
    const page = await DBSession.db.selectFrom('wikipages').selectAll().where('uid', '=', uid).executeTakeFirstOrThrow();

    const wiki_form = this.wiki_form;

    if (this.request.params.has('submit')) {
      const controls = this.request.POST.items();
      let appstruct;
      try {
        appstruct = wiki_form.validate(controls) as { title: string; body: string };
      } catch (e) {
        if (!(e instanceof deform.ValidationFailure)) throw e;
        return { page, form: e.render() };
      }

      // Change the content and redirect to the view (SQLAlchemy would flush the changed
      // attributes; Kysely says the UPDATE itself)
      page.title = appstruct.title;
      page.body = appstruct.body;
      await DBSession.db.updateTable('wikipages').set({ title: page.title, body: page.body }).where('uid', '=', uid).execute();
      const url = this.request.routeUrl('wikipage_view', { uid });
      return new HTTPFound({ location: url });
    }

    const form = this.wiki_form.render({
      uid: page.uid, title: page.title, body: page.body,
    });

    return { page, form };
  }
}
