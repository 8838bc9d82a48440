import { viewConfig } from 'pyramid-ts/view';
import type { Request } from 'pyramid-ts/request';


export const myView = viewConfig({ routeName: 'home', renderer: 'cc_starter:templates/mytemplate.pt' })(
  function myView(request: Request) {
    return { project: 'cc_starter' };
  });
