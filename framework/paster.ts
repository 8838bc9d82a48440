/**
 * Pyramid's `pyramid.paster`: load an app, its settings or its logging from an ini file, as
 * pserve does, for scripts and tests.
 *
 * @example
 *   const env = await bootstrap('development.ini');
 *   try { ... env.request, env.registry, env.root ... } finally { env.closer(); }
 */
import { appConfig, IniFile, loadApp, parseConfigUri, type App, type Conf } from './ini';
import { fileConfig } from './logging';
import type { Registry } from './registry';
import type { Request } from './request';
import { prepare, type ScriptEnv } from './scripting';

/** Pyramid's `get_app(config_uri, name=None, options=None)`: `[app:NAME]` (default `main`, or the URI's `#name`). */
export function getApp(configUri: string, name?: string, options: Conf = {}): Promise<App> {
  return loadApp(configUri, { name, globalConf: options });
}

/** Pyramid's `get_appsettings`: the settings `main()` would receive, without calling it. */
export function getAppSettings(configUri: string, name?: string, options: Conf = {}): Conf {
  return appConfig(configUri, { name, globalConf: options }).settings;
}

/** Pyramid's `setup_logging`: configures logging from the ini's `[loggers]` sections, if it has them. */
export function setupLogging(configUri: string, globalConf: Conf = {}): void {
  const ini = IniFile.read(parseConfigUri(configUri).file);
  ini.updateDefaults(globalConf);
  if (ini.has('loggers')) fileConfig(ini);
}

/** `prepare()`'s env, with the app beside it. */
export interface BootstrapEnv extends ScriptEnv {
  app: App & { registry: Registry };
}

/**
 * Pyramid's `bootstrap(config_uri, request=None, options=None)`: loads the app and prepares a
 * request, root and registry for it. Call `env.closer()` when done.
 */
export async function bootstrap(configUri: string, request?: Request, options: Conf = {}): Promise<BootstrapEnv> {
  const app = await getApp(configUri, undefined, options);
  const registry = app.registry as Registry | undefined;
  if (!registry) throw new Error(`bootstrap('${configUri}'): the app has no registry; its factory must return config.makeWsgiApp()`);
  return { ...prepare({ request, registry }), app: app as BootstrapEnv['app'] };
}
