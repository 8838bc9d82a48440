import { notFoundViewConfig } from 'pyramid-ts/view';
import type { Request } from 'pyramid-ts/request';


export const notfoundView = notFoundViewConfig({ renderer: 'cc_starter:templates/404.pt' })(
  function notfoundView(request: Request) {
    request.response.status = 404;
    return {};
  });
