import { serve } from 'pyramid-ts/waitress';
import { Configurator } from 'pyramid-ts/config';
import { Response } from 'pyramid-ts/response';
import type { Request } from 'pyramid-ts/request';


export function helloWorld(request: Request) {
  console.log('Incoming request');
  return new Response('<body><h1>Hello World!</h1></body>');
}


if (require.main === module) {
  const config = new Configurator();
  config.addRoute('hello', '/');
  config.addView(helloWorld, { routeName: 'hello' });
  const app = config.makeWsgiApp();
  serve(app, { host: '0.0.0.0', port: 6543 });
}
