/**
 * Pyramid's `pyramid.scripting`: an app's registry, a request and the root, for code that runs
 * outside a request (scripts, pshell, console scripts).
 *
 * @example
 *   const env = prepare({ registry: app.registry });
 *   try { console.log(env.request.routeUrl('home')); } finally { env.closer(); }
 */
import { ConfigurationError } from './exceptions';
import type { Registry } from './registry';
import { Request } from './request';
import { DefaultRootFactory, type RootFactory } from './traversal';

export { DefaultRootFactory, type RootFactory };

/** What `prepare()` and `bootstrap()` give: Pyramid's env dict. */
export interface ScriptEnv {
  root: unknown;
  closer: () => void;
  registry: Registry;
  request: Request;
  rootFactory: RootFactory;
}


/** A request for `path` as Pyramid's `Request.blank` makes it: GET, `http://localhost`. */
export function blankRequest(registry: Registry, path = '/'): Request {
  return new Request({ method: 'GET', url: path, headers: { host: 'localhost:80' }, registry });
}

/**
 * Pyramid's `prepare(request=None, registry=None)`: the registry (given, or the request's),
 * a request (a blank `/` one unless given), and the root from the app's root factory.
 * Call `closer()` when done: it runs the request's finished callbacks.
 */
export function prepare(options: { request?: Request; registry?: Registry } = {}): ScriptEnv {
  const registry = options.registry ?? options.request?.registry ?? undefined;
  if (!registry) {
    throw new ConfigurationError('prepare(): no registry; pass { registry: app.registry } (or a request that has one), or use bootstrap(configUri)');
  }
  const request = options.request ?? blankRequest(registry);
  request.registry = registry;
  const rootFactory = registry.rootFactory;
  const root = rootFactory(request);
  request.context ??= root;
  let closed = false;
  const closer = () => {
    if (closed) return;
    closed = true;
    for (const callback of request.finishedCallbacks.splice(0)) callback(request);
  };
  return { root, closer, registry, request, rootFactory };
}

/** Pyramid's `get_root(app, request=None)`: the root and a closer. */
export function getRoot(app: { registry: Registry }, request?: Request): { root: unknown; closer: () => void } {
  const { root, closer } = prepare({ registry: app.registry, request });
  return { root, closer };
}
