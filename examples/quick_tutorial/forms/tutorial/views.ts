import * as colander from 'pyramid-ts/colander';
import * as deform from 'pyramid-ts/deform';

import { HTTPFound } from 'pyramid-ts/httpexceptions';
import type { Request } from 'pyramid-ts/request';
import { viewConfig } from 'pyramid-ts/view';

interface Page {
  uid: string;
  title: string;
  body: string;
}

const pages: Record<string, Page> = {
  '100': { uid: '100', title: 'Page 100', body: '<em>100</em>' },
  '101': { uid: '101', title: 'Page 101', body: '<em>101</em>' },
  '102': { uid: '102', title: 'Page 102', body: '<em>102</em>' },
};

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
  wiki_view() {
    return { pages: Object.values(pages) };
  }

  @viewConfig({ routeName: 'wikipage_add',
                renderer: 'wikipage_addedit.pt' })
  wikipage_add() {
    const form = this.wiki_form.render();

    if (this.request.params.has('submit')) {
      const controls = this.request.POST.items();
      let appstruct;
      try {
        appstruct = this.wiki_form.validate(controls) as Page;
      } catch (e) {
        if (!(e instanceof deform.ValidationFailure)) throw e;
        // Form is NOT valid
        return { form: e.render() };
      }

      // Form is valid, make a new identifier and add to list
      const last_uid = parseInt(Object.keys(pages).sort().slice(-1)[0], 10);
      const new_uid = String(last_uid + 1);
      pages[new_uid] = {
        uid: new_uid, title: appstruct.title,
        body: appstruct.body,
      };

      // Now visit new page
      const url = this.request.routeUrl('wikipage_view', { uid: new_uid });
      return new HTTPFound({ location: url });
    }

    return { form: form };
  }

  @viewConfig({ routeName: 'wikipage_view', renderer: 'wikipage_view.pt' })
  wikipage_view() {
    const uid = this.request.matchdict['uid'];
    const page = pages[uid];
    return { page: page };
  }

  @viewConfig({ routeName: 'wikipage_edit',
                renderer: 'wikipage_addedit.pt' })
  wikipage_edit() {
    const uid = this.request.matchdict['uid'];
    const page = pages[uid];

    const wiki_form = this.wiki_form;

    if (this.request.params.has('submit')) {
      const controls = this.request.POST.items();
      let appstruct;
      try {
        appstruct = wiki_form.validate(controls) as Page;
      } catch (e) {
        if (!(e instanceof deform.ValidationFailure)) throw e;
        return { page: page, form: e.render() };
      }

      // Change the content and redirect to the view
      page.title = appstruct.title;
      page.body = appstruct.body;

      const url = this.request.routeUrl('wikipage_view',
                                        { uid: page.uid });
      return new HTTPFound({ location: url });
    }

    const form = wiki_form.render(page);

    return { page: page, form: form };
  }
}
