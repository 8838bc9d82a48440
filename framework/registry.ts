/**
 * What a committed configuration holds: settings, routes, views, renderers, the session
 * factory, and the extension points (subscribers, tweens, view derivers, predicates, request
 * methods, root factories). One per Configurator (as Pyramid's registry), never shared between apps.
 */
import { RoutesMapper } from './routes';
import type { SessionFactory } from './session';
import { ViewTable } from './views';
import { ViewDerivers } from './derivers';
import { PredicateList, type PredicateFactory } from './predicates';
import { Subscribers } from './events';
import { Tweens } from './tweens';
import { AcceptViewOrder } from './accept';
import { defaultRootFactory, type RootFactory } from './traversal';
import type { RequestExtension } from './requestmethods';
import type { StaticRegistration, AssetOverride } from './static';
import { Introspector } from './introspection';
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
  /** Every view and exception view, by route, name and context (filled at commit). */
  readonly views = new ViewTable();
  readonly viewDerivers = new ViewDerivers();
  readonly viewPredicates = new PredicateList('view');
  readonly routePredicates = new PredicateList('route');
  readonly subscriberPredicates = new Map<string, PredicateFactory>();
  readonly subscribers = new Subscribers();
  readonly tweens = new Tweens();
  /** The server's order between views' media types (`addAcceptViewOrder`). */
  readonly acceptViewOrder = new AcceptViewOrder();
  /** Request methods and properties (`addRequestMethod`), by name. */
  readonly requestExtensions = new Map<string, RequestExtension>();
  rootFactory: RootFactory = defaultRootFactory;
  /** The app's package directory (the Configurator's), against which asset specs resolve at request time. */
  packageDir: string | null = null;
  /** What was registered, with the user's lines (Pyramid's `registry.introspector`). */
  readonly introspector = new Introspector();
  /** `addResponseAdapter`'s functions, by the class of value they turn into a Response. */
  readonly responseAdapters = new Map<Function, (value: any) => unknown>();
  /** Folders served by `addStaticView`, in order, for `request.staticUrl`. */
  readonly staticRegistrations: StaticRegistration[] = [];
  /** `overrideAsset`'s replacements, first given first. */
  readonly assetOverrides: AssetOverride[] = [];
  /** Route factories (`addRoute(name, pattern, { factory })`), by route name. */
  readonly routeFactories = new Map<string, RootFactory>();
  /** Anything an add-on keeps (Pyramid's `registry[...]`). */
  readonly extras = new Map<string, unknown>();

  constructor(readonly packageName = 'app', settings: Settings = {}) {
    this.settings = makeSettings(settings);
  }

  /**
   * Calls the subscribers of `event` (Pyramid's `registry.notify(*events)`); given several
   * objects, those subscribed to that many (`addSubscriber(fn, [EventClass, ObjectClass])`).
   */
  notify(event: unknown, ...more: unknown[]): void {
    // As Pyramid's notify(): nothing to notify without an object.
    if (arguments.length === 0) return;
    if (more.length === 0) this.subscribers.notify(event);
    else this.subscribers.notifyAll([event, ...more]);
  }

  /** Whether anything subscribes to events, so that the router can skip making them. */
  get hasListeners(): boolean {
    return this.subscribers.hasListeners;
  }
}
