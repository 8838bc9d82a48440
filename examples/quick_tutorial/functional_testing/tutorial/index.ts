import { Configurator } from 'pyramid-ts/config';
import { Response } from 'pyramid-ts/response';
import type { Request } from 'pyramid-ts/request';


export function helloWorld(request: Request) {
  return new Response('<body><h1>Hello World!</h1></body>');
}


export function main(globalConfig: Record<string, string>, settings: Record<string, string> = {}) {
  const config = new Configurator({ settings });
  config.addRoute('hello', '/');
  config.addView(helloWorld, { routeName: 'hello' });
  return config.makeWsgiApp();
}
