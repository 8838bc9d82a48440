import type { Request } from 'pyramid-ts/request';
import {
  viewConfig,
  viewDefaults,
} from 'pyramid-ts/view';


@viewDefaults({ routeName: 'hello' })
export class TutorialViews {
  view_name: string;

  constructor(public request: Request) {
    this.view_name = 'TutorialViews';
  }

  get full_name() {
    const first = this.request.matchdict['first'];
    const last = this.request.matchdict['last'];
    return first + ' ' + last;
  }

  @viewConfig({ routeName: 'home', renderer: 'home.pt' })
  home() {
    return { page_title: 'Home View' };
  }

  // Retrieving /howdy/first/last the first time
  @viewConfig({ renderer: 'hello.pt' })
  hello() {
    return { page_title: 'Hello View' };
  }

  // Posting to /howdy/first/last via the "Edit" submit button
  @viewConfig({ requestMethod: 'POST', renderer: 'edit.pt' })
  edit() {
    const new_name = this.request.params.getone('new_name');
    return { page_title: 'Edit View', new_name: new_name };
  }

  // Posting to /howdy/first/last via the "Delete" submit button
  @viewConfig({ requestMethod: 'POST', requestParam: 'form.delete',
                renderer: 'delete.pt' })
  delete() {
    console.log('Deleted');
    return { page_title: 'Delete View' };
  }
}
