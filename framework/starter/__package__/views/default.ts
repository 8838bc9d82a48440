import { viewConfig } from 'pyramid-ts/view';
import type { Request } from 'pyramid-ts/request';


export const myView = viewConfig({ routeName: 'home', renderer: '{{package}}:templates/mytemplate.pt' })(
  function myView(request: Request) {
    return { project: '{{project}}' };
  });
