/**
 * `serve(app, { host, port })`, as `waitress.serve`: what the Quick Tutorial's hello_world runs
 * (`python app.py`). The same server pserve uses for `use = egg:waitress#main`, with its keys
 * (`listen`, `host`, `port`, `channel_timeout`, ...) as options.
 *
 * @example
 *   serve(app, { host: '0.0.0.0', port: 6543 });
 */
import type { App } from './ini';
import { main as serverFactory, type RunningServer } from './cli/server';

export type ServeOptions = Record<string, string | number>;

/** Serves `app` until the process ends; prints `Serving on URL` for each address, as waitress does. */
export async function serve(app: App, options: ServeOptions = {}): Promise<RunningServer> {
  const settings = Object.fromEntries(Object.entries(options).map(([k, v]) => [k, String(v)]));
  const server = await serverFactory({}, settings)(app);
  for (const url of server.urls) process.stdout.write(`Serving on ${url}\n`);
  return server;
}
