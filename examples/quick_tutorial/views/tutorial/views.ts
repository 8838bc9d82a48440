import { Response } from 'pyramid-ts/response';
import type { Request } from 'pyramid-ts/request';
import { viewConfig } from 'pyramid-ts/view';


// First view, available at http://localhost:6543/
export const home = viewConfig({ routeName: 'home' })(function home(request: Request) {
  return new Response('<body>Visit <a href="/howdy">hello</a></body>');
});


// /howdy
export const hello = viewConfig({ routeName: 'hello' })(function hello(request: Request) {
  return new Response('<body>Go back <a href="/">home</a></body>');
});
