import type { Request } from 'pyramid-ts/request';
import { viewConfig } from 'pyramid-ts/view';


// First view, available at http://localhost:6543/
export const home = viewConfig({ routeName: 'home', renderer: 'home.pt' })(function home(request: Request) {
  return { name: 'Home View' };
});


// /howdy
export const hello = viewConfig({ routeName: 'hello', renderer: 'home.pt' })(function hello(request: Request) {
  return { name: 'Hello View' };
});
