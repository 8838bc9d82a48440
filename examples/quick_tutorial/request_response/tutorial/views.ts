import { HTTPFound } from 'pyramid-ts/httpexceptions';
import { Response } from 'pyramid-ts/response';
import type { Request } from 'pyramid-ts/request';
import { viewConfig } from 'pyramid-ts/view';


export class TutorialViews {
  constructor(public request: Request) {
  }

  @viewConfig({ routeName: 'home' })
  home() {
    return new HTTPFound({ location: '/plain' });
  }

  @viewConfig({ routeName: 'plain' })
  plain() {
    const name = this.request.params.get('name', 'No Name Provided');

    const body = `URL ${this.request.url} with name: ${name}`;
    return new Response({
      contentType: 'text/plain',
      body: body,
    });
  }
}
