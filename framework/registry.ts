/**
 * What a committed configuration holds: settings, routes, views, renderers, the session
 * factory. One per Configurator (as Pyramid's registry), never shared between apps.
 */
import { RoutesMapper } from './routes';
import type { SessionFactory } from './session';
import type { ViewEntry } from './views';
import { asbool } from './ini';

export { asbool };

export type Settings = Record<string, any>;

const booleanSettings = [
  'reload_templates', 'reload_assets', 'reload_all', 'debug_authorization', 'debug_notfound',
  'debug_routematch', 'debug_templates', 'debug_all', 'prevent_http_cache', 'prevent_cachebust',
];

/**
 * Settings as Pyramid keeps them: every key as given, and Pyramid's own booleans parsed
 * under both names (`pyramid.reload_templates` and `reload_templates`).
 */
export function makeSettings(given: Settings = {}): Settings {
  const settings: Settings = { ...given };
  for (const name of booleanSettings) {
    const value = given[`pyramid.${name}`] ?? given[name];
    settings[`pyramid.${name}`] = settings[name] = asbool(value);
  }
  if (asbool(given['pyramid.reload_all'] ?? given.reload_all)) {
    settings['pyramid.reload_templates'] = settings.reload_templates = true;
  }
  if (asbool(given['pyramid.debug_all'] ?? given.debug_all)) {
    for (const name of ['debug_authorization', 'debug_notfound', 'debug_routematch', 'debug_templates']) {
      settings[`pyramid.${name}`] = settings[name] = true;
    }
  }
  return settings;
}

export class Registry {
  settings: Settings;
  readonly routes = new RoutesMapper();
  sessionFactory: SessionFactory | null = null;
  /** A route's views, most specific first (filled at commit). */
  views = new Map<string, ViewEntry[]>();
  /** Exception views by the error class they handle. */
  exceptionViews = new Map<Function, ViewEntry[]>();
  /** Anything an add-on keeps (Pyramid's `registry[...]`). */
  readonly extras = new Map<string, unknown>();

  constructor(readonly packageName = 'app', settings: Settings = {}) {
    this.settings = makeSettings(settings);
  }
}
