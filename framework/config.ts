/**
 * The Configurator, as Pyramid's: directives (`addRoute`, `addView`, `scan`, `include`, ...)
 * are collected as actions, each with a discriminator and the call site that made it; `commit()`
 * (run by `makeWsgiApp()`) checks them for conflicts and applies them to the registry.
 * Directives given after a commit wait for the next one, as in Pyramid. Besides routes and
 * views, the extension points: tweens, view derivers, predicates, subscribers, request
 * methods, root factories, static views, response adapters (see README, "Extension points").
 *
 * @example
 *   const config = new Configurator({ settings, sessionFactory: mySessionFactory });
 *   config.include('pyramid_chameleon');
 *   config.addRoute('home', '/');
 *   config.scan('.views');
 *   return config.makeWsgiApp();
 */
import * as nodePath from 'node:path';
import { Registry, type Settings } from './registry';
import { Route, type RouteOptions, type RoutePredicate } from './routes';
import { callerSite, callerDir, carriedPackageOf, resolveModule, resolveAsset, resolveAssetInside, moduleFile, type CallSite } from './path';
import { registerCsrfStoragePolicy, type CSRFStoragePolicy } from './csrf';
import { checkSecurityPolicy, registerSecurityPolicy, type SecurityPolicy } from './security/policy';
import { registerDefaultCsrfOptions, registerDefaultPermission, type DefaultCsrfOptions } from './security/derivers';
import { includeme as securityIncludeme } from './security/includeme';
import { DummySecurityPolicy, type DummySecurityPolicyOptions } from './security/dummypolicy';
import { describeView, isErrorClass, identity, type DerivedView, type ViewCallable, type ViewOptions, type ViewEntry } from './views';
import { fromSetting, resolveInclude } from './addons';
import { builtinRenderers, rendererFactoryFor, RendererHelper, type RendererFactory } from './renderers';
import { findInModule, loadScanTarget, type ScanOptions } from './scan';
import { viewDefaultsOf, type ViewConfigRecord, type SubscriberFor } from './decorators';
import { HTTPNotFound, HTTPForbidden, HTTPFound } from './httpexceptions';
import type { Response } from './response';
import { makeRouter, excviewTweenFactory, type App } from './router';
import { SESSION_TWEEN, sessionTweenFactory, type SessionFactory } from './sessionbase';
import { ConfigurationError, ConfigurationConflictError } from './exceptions';
import { ApplicationCreated, type Subscriber, type SubscriberPredicate } from './events';
import { INGRESS, MAIN, EXCVIEW, TM_TWEEN, type TweenFactory, type TweenInfo } from './tweens';
import { noteAppWithoutManager } from './transaction';
import type { ViewDeriver } from './derivers';
import { asList, type PredicateFactory, type PredicateInfo } from './predicates';
import { asRootFactory, isClass, type RootFactoryLike } from './traversal';
import { aslist } from './ini';
import { AcceptViewOrder, normalizeOffer } from './accept';
import { staticView, overriddenAsset, type StaticViewOptions, type StaticRegistration, type AssetResolver } from './static';

export { ConfigurationError, ConfigurationConflictError };

/** Renderers kept per view for `request.overrideRenderer` names; more are made afresh each time. */
const MAX_OVERRIDE_RENDERERS = 64;

type Discriminator = readonly unknown[];

interface Action {
  /** Computed at commit when it depends on other directives (a view's predicates). */
  discriminator: Discriminator | (() => Discriminator) | null;
  execute: () => void;
  /** Lower runs first: settings-like, then routes, then views. */
  order: number;
  site: CallSite | null;
  includePath: readonly string[];
}

function discriminatorKey(d: Discriminator): string {
  // A view's discriminator is made at commit, with the predicates registered by then.
  // Two classes of one name are two contexts: the key names each by its identity.
  return JSON.stringify(d.map((part) => (typeof part === 'function' ? `<class ${(part as Function).name}#${identity(part as Function)}>` : part)));
}

/** Derivers and predicates first: views are made with them (Pyramid's PHASE1_CONFIG). */
const PHASE_EXTENSIONS = -1;
const PHASE_SETTINGS = 0;
const PHASE_ROUTES = 1;
const PHASE_VIEWS = 2;

/** View options that are not predicates and that no deriver declares: addView's own. */
const VIEW_OWN_OPTIONS = ['routeName', 'renderer', 'context', 'name', 'attr', 'exceptionOnly'];
/** addRoute's options besides its predicates. */
const ROUTE_OWN_OPTIONS = ['static', 'pregenerator', 'inheritSlash', 'factory', 'useGlobalViews'];
const CONFIGURATOR_OPTIONS = ['settings', 'sessionFactory', 'registry', 'packageDir', 'autocommit', 'rootFactory', 'securityPolicy', 'defaultPermission'];

/** Pyramid names the add-on that provides an option no deriver declares yet. */
const OPTION_HINTS: Record<string, string> = {
  permission: "declared by the secured_view deriver every new Configurator() adds; this registry was not set up by one: include('pyramid-ts/security')",
  requireCsrf: "declared by the csrf_view deriver every new Configurator() adds; this registry was not set up by one: include('pyramid-ts/security')",
  wrapper: 'wrapper views are not supported',
};

/** The error for options a directive does not know, with the closest known names. */
function unknownOptions(what: string, unknown: string[], known: Iterable<string>, site: CallSite | null): ConfigurationError {
  const knownList = [...new Set(known)].sort();
  const parts = unknown.map((name) => {
    const hint = OPTION_HINTS[name] ?? closest(name, [...new Set([...knownList, ...Object.keys(OPTION_HINTS)])]);
    return `'${name}'${hint ? ` (${hint})` : ''}`;
  });
  return new ConfigurationError(`${what} (${site ?? '<unknown location>'}): unknown option${unknown.length > 1 ? 's' : ''} ${parts.join(', ')}. Known options: ${knownList.join(', ')}.`);
}

function closest(name: string, known: string[]): string {
  const lower = name.toLowerCase();
  const near = known.filter((k) => k.toLowerCase() === lower || editDistance(k.toLowerCase(), lower) <= Math.max(1, Math.floor(name.length / 4)));
  return near.length ? `did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = current;
    }
  }
  return row[b.length];
}

/** The option names of `given` that are set (undefined counts as not given, as Pyramid's None). */
function givenKeys(given: object): string[] {
  return Object.keys(given).filter((key) => (given as Record<string, unknown>)[key] !== undefined);
}

/** Built-in names for Pyramid's add-ons that pyramid-ts carries. */
const knownIncludes: Record<string, () => { includeme: (config: Configurator) => void }> = {
  pyramid_debugtoolbar: () => require('./debugtoolbar'),
  pyramid_chameleon: () => require('./templates'),
  pyramid_jinja2: () => require('./templates'),
  pyramid_redis_sessions: () => require('./redis'),
  pyramid_tm: () => require('./tm'),
  deform: () => require('./deform/assets'),
};

/** `addNotFoundView`'s options: a view's, and `appendSlash` (Pyramid's `append_slash`). */
export type NotFoundViewOptions = ViewOptions & { appendSlash?: boolean | (new (location: string) => Response) };

export interface ConfiguratorOptions {
  settings?: Settings | null;
  sessionFactory?: SessionFactory | null;
  /** Makes the root resource of each request (Pyramid's `root_factory`). */
  rootFactory?: RootFactoryLike | null;
  registry?: Registry;
  /** The directory relative names resolve against; defaults to the calling module's. */
  packageDir?: string;
  /** Apply each directive at once, without conflict detection (`testing.setUp()` does). */
  autocommit?: boolean;
  /** Pyramid's `security_policy`: see `setSecurityPolicy`. */
  securityPolicy?: SecurityPolicy | null;
  /** Pyramid's `default_permission`: see `setDefaultPermission`. */
  defaultPermission?: string | null;
}

interface SharedState {
  registry: Registry;
  autocommit: boolean;
  failed?: unknown;
  actions: Action[];
  /** Bumped by each commit that applied something: an app is made again after one. */
  generation: number;
  app: App | null;
  appGeneration: number;
  /** Tween factories by name, for `pyramid.tweens` and explicit lists. */
  tweenFactories: Map<string, TweenFactory>;
  scanned: WeakSet<object>;
  included: Set<Function>;
  renderers: Map<string, RendererFactory>;
  views: Array<() => ViewEntry[]>;
}

export class Configurator {
  readonly registry: Registry;
  /** Where relative module and asset names resolve (Pyramid's "package"). */
  readonly packageDir: string;
  readonly routePrefix: string;
  private readonly state: SharedState;
  private readonly includePath: readonly string[];

  constructor(options: ConfiguratorOptions = {}, inherited?: { state: SharedState; packageDir: string; includePath: readonly string[]; routePrefix: string }) {
    if (inherited) {
      this.state = inherited.state;
      this.registry = inherited.state.registry;
      this.packageDir = inherited.packageDir;
      this.includePath = inherited.includePath;
      this.routePrefix = inherited.routePrefix;
      return;
    }
    const site = callerSite();
    const unknown = givenKeys(options ?? {}).filter((key) => !CONFIGURATOR_OPTIONS.includes(key));
    if (unknown.length) throw unknownOptions('new Configurator()', unknown, CONFIGURATOR_OPTIONS, site);
    this.packageDir = options.packageDir ?? callerDir();
    this.registry = options.registry ?? new Registry(nodePath.basename(this.packageDir), options.settings ?? {});
    if (options.registry && options.settings) this.registry.settings = { ...this.registry.settings, ...options.settings };
    this.registry.packageDir ??= this.packageDir;
    this.state = {
      registry: this.registry,
      autocommit: options.autocommit ?? false,
      actions: [],
      generation: 0,
      app: null,
      appGeneration: -1,
      tweenFactories: new Map([[EXCVIEW, excviewTweenFactory]]),
      scanned: new WeakSet(),
      included: new Set(),
      renderers: new Map(Object.entries(builtinRenderers)),
      views: [],
    };
    this.includePath = [];
    this.routePrefix = '';
    if (options.sessionFactory) this.setSessionFactory(options.sessionFactory);
    if (options.rootFactory) this.setRootFactory(options.rootFactory);
    if (options.securityPolicy) this.setSecurityPolicy(options.securityPolicy);
    if (options.defaultPermission) this.setDefaultPermission(options.defaultPermission);
    // Pyramid's setup_registry: an explicit tween list from the settings, and the excview tween.
    for (const name of aslist(String(this.registry.settings['pyramid.tweens'] ?? ''))) this.addTweenAction(name, {}, true, site);
    if (!options.registry) this.addTweenAction(EXCVIEW, {}, false, site);
    // Pyramid's default view derivers secured_view and csrf_view, and its request security API.
    if (!options.registry) this.include(securityIncludeme);
    // Pyramid's `pyramid.includes`: whitespace-separated names, included as the setup ends.
    const includes = String(this.registry.settings['pyramid.includes'] ?? '').split(/\s+/).filter(Boolean);
    for (const name of includes) {
      try {
        this.include(name);
      } catch (error) {
        throw fromSetting(error, 'pyramid.includes');
      }
    }
  }

  /**
   * Queues a directive for the next commit (after a commit, for the one `makeWsgiApp()` or
   * `commit()` runs next, as Pyramid); with autocommit, applies it at once.
   */
  private action(discriminator: Action['discriminator'], execute: () => void, order: number, site: CallSite | null): void {
    if (this.state.autocommit) {
      execute();
      if (order === PHASE_VIEWS) this.finishViews();
      if (order === PHASE_ROUTES) this.registry.routes.compile();
      this.state.generation++;
      return;
    }
    this.state.actions.push({ discriminator, execute, order, site, includePath: this.includePath });
  }

  /** The settings (Pyramid's `get_settings()`). */
  getSettings(): Settings {
    return this.registry.settings;
  }

  addSettings(settings: Settings): void {
    Object.assign(this.registry.settings, settings);
  }

  /**
   * The one session factory (Pyramid's `set_session_factory`). A factory whose store answers
   * asynchronously (Redis sessions) brings a tween too, placed over the exception views.
   */
  setSessionFactory(factory: SessionFactory): void {
    if (typeof factory !== 'function') throw new ConfigurationError('setSessionFactory() takes a factory: SignedCookieSessionFactory(secret)');
    const site = callerSite();
    this.action(['sessionFactory'], () => (this.registry.sessionFactory = factory), PHASE_SETTINGS, site);
    if (factory.tween) this.addTweenAction(sessionTweenFactory, { name: SESSION_TWEEN, over: EXCVIEW }, false, site);
  }

  /**
   * The security policy (Pyramid's `set_security_policy`): asked by `permission` views,
   * `request.identity`, `request.hasPermission`, `remember` and `forget`.
   *
   * @example
   *   config.setSecurityPolicy(new SecurityPolicy(settings['tutorial.secret']));
   */
  setSecurityPolicy(policy: SecurityPolicy): void {
    const site = callerSite();
    atSite(site, () => checkSecurityPolicy(policy));
    this.action(['securityPolicy'], () => registerSecurityPolicy(this.registry, policy), PHASE_SETTINGS, site);
  }

  /**
   * Registers a DummySecurityPolicy at once, for unit tests (Pyramid's `testing_securitypolicy`),
   * and returns it: `userid`, `identity`, `permissive` (default true), `rememberResult`, `forgetResult`.
   */
  testingSecuritypolicy(options: DummySecurityPolicyOptions = {}): DummySecurityPolicy {
    const policy = new DummySecurityPolicy(options);
    registerSecurityPolicy(this.registry, policy);
    return policy;
  }

  /** The permission of every view that names none (Pyramid's `set_default_permission`); `NO_PERMISSION_REQUIRED` opts a view out. */
  setDefaultPermission(permission: string): void {
    const site = callerSite();
    if (typeof permission !== 'string' || !permission) throw new ConfigurationError(`setDefaultPermission() (${site}) takes a permission name, such as 'view'`);
    this.action(['defaultPermission'], () => registerDefaultPermission(this.registry, permission), PHASE_SETTINGS, site);
  }

  /**
   * CSRF checks for every view on unsafe methods (Pyramid's `set_default_csrf_options`):
   * `requireCsrf` (default true), `token`, `header`, `safeMethods`, `checkOrigin`,
   * `allowNoOrigin`, `callback`. A view opts out with `requireCsrf: false`.
   */
  setDefaultCsrfOptions(options: DefaultCsrfOptions = {}): void {
    const site = callerSite();
    const known = ['requireCsrf', 'token', 'header', 'safeMethods', 'checkOrigin', 'allowNoOrigin', 'callback'];
    const unknown = givenKeys(options).filter((key) => !known.includes(key));
    if (unknown.length) throw unknownOptions('setDefaultCsrfOptions()', unknown, known, site);
    this.action(['defaultCsrfOptions'], () => atSite(site, () => registerDefaultCsrfOptions(this.registry, options)), PHASE_SETTINGS, site);
  }

  /** Where CSRF tokens are kept (Pyramid's `set_csrf_storage_policy`): `SessionCSRFStoragePolicy`, `CookieCSRFStoragePolicy`. */
  setCsrfStoragePolicy(policy: CSRFStoragePolicy): void {
    const site = callerSite();
    const missing = ['newCsrfToken', 'getCsrfToken', 'checkCsrfToken'].filter((m) => typeof (policy as any)?.[m] !== 'function');
    if (missing.length) throw new ConfigurationError(`setCsrfStoragePolicy() (${site}): the policy lacks ${missing.join(', ')}; use new SessionCSRFStoragePolicy() or new CookieCSRFStoragePolicy()`);
    this.action(['csrfStoragePolicy'], () => registerCsrfStoragePolicy(this.registry, policy), PHASE_SETTINGS, site);
  }

  /** A renderer factory for a name (`json`) or an extension (`.pt`). */
  addRenderer(name: string, factory: RendererFactory): void {
    const site = callerSite();
    this.action(['renderer', name], () => {
      this.state.renderers.set(name, factory);
      this.registry.introspector.add('renderer factories', name, name, { factory }, site);
    }, PHASE_SETTINGS, site);
  }

  /**
   * A route: its name, its pattern (`/howdy/{first}/{last}`, `{id:\d+}`, `*subpath`), and
   * route-level predicates. Routes are tried in the order they are added. `factory` makes the
   * root (and so the context) of the requests it matches.
   */
  addRoute(name: string, pattern: string, options: RouteOptions & { factory?: RootFactoryLike; useGlobalViews?: boolean } & Record<string, unknown> = {}): void {
    this.addRouteAt(name, pattern, options, callerSite());
  }

  private addRouteAt(name: string, pattern: string, options: RouteOptions & { factory?: RootFactoryLike; useGlobalViews?: boolean } & Record<string, unknown>, site: CallSite | null): void {
    if (!name) throw new ConfigurationError(`addRoute(): a route needs a name (${site})`);
    let full = pattern;
    // Pyramid's rule: prefix + '/' + pattern, so '' and '/' both give '/prefix/' (unless inheritSlash).
    if (this.routePrefix) full = pattern === '' && options.inheritSlash ? this.routePrefix : joinPrefix(this.routePrefix, pattern);
    const registry = this.registry;
    const info = this.predicateInfo();
    const make = () => {
      const unknown = givenKeys(options).filter((key) => !ROUTE_OWN_OPTIONS.includes(key) && !registry.routePredicates.has(key));
      if (unknown.length) throw unknownOptions(`Route '${name}'`, unknown, [...ROUTE_OWN_OPTIONS, ...registry.routePredicates.names()], site);
      if (options.factory !== undefined && typeof options.factory !== 'function') throw new ConfigurationError(`Route '${name}' (${site}): factory must be a class or a function (request) => root`);
      return atSite(site, () => {
        const predicates: RoutePredicate[] = registry.routePredicates
          .make(options, info)
          .predicates.map((p) => Object.assign((routeInfo: unknown, request: any) => p.test(routeInfo, request), { text: p.text }));
        return new Route(name, full, options, predicates);
      });
    };
    // The pattern and the built-in predicates are checked now, so the error points here at once.
    atSite(site, () => new Route(name, full, options, []));
    atSite(site, () => registry.routePredicates.make(options, info));
    this.action(
      ['route', name],
      () => {
        const route = make();
        registry.routes.add(route);
        registry.introspector.add('routes', name, name, { name, pattern: route.pattern, predicates: route.predicates.map((p) => p.text), accept: options.accept === undefined ? null : asList(options.accept as string | string[]).map(normalizeOffer), factory: options.factory ?? null, static: !!options.static }, site);
        if (options.factory) registry.routeFactories.set(name, asRootFactory(options.factory));
        else registry.routeFactories.delete(name);
        if (options.useGlobalViews) registry.views.globalViewRoutes.add(name);
      },
      PHASE_ROUTES,
      site,
    );
  }

  /** The root factory for requests no route with a `factory` matched (Pyramid's `set_root_factory`). */
  setRootFactory(factory: RootFactoryLike): void {
    const site = callerSite();
    if (typeof factory !== 'function') throw new ConfigurationError(`setRootFactory() (${site}) takes a class or a function (request) => root`);
    this.action(['root factory'], () => (this.registry.rootFactory = asRootFactory(factory)), PHASE_SETTINGS, site);
  }

  private predicateInfo(): PredicateInfo {
    return { registry: this.registry, settings: this.registry.settings };
  }

  /**
   * A view for a route: a function (`(request) => ...`) or a class (constructed with the
   * request, then `attr` is called), with a renderer and predicates.
   *
   * @example
   *   config.addView(hello, { routeName: 'hello', renderer: 'json', requestMethod: 'GET' });
   */
  addView(view: ViewCallable, options: ViewOptions = {}): void {
    this.registerView(view, options, callerSite(), 'view');
  }

  /**
   * The view for 404s: no route matched, or no view of the matched route accepted the request.
   * `appendSlash` (Pyramid's `append_slash`): when the path plus a `/` would match a route,
   * redirect there (with `HTTPFound`, or the redirect class given) instead of calling the view.
   */
  addNotFoundView(view: ViewCallable, options: NotFoundViewOptions = {}): void {
    this.registerView(view, this.notFoundOptions(options), callerSite(), 'exception');
  }

  /** A not-found view's options, `appendSlash` made into the decorator that redirects (Pyramid's AppendSlashNotFoundViewFactory). */
  private notFoundOptions(options: NotFoundViewOptions): ViewOptions {
    const { appendSlash, ...rest } = options;
    if (appendSlash) {
      const Redirect = appendSlash === true ? HTTPFound : appendSlash;
      const routes = this.registry.routes;
      const inner = rest.decorator === undefined ? [] : Array.isArray(rest.decorator) ? rest.decorator : [rest.decorator];
      const appendSlashView = (derived: DerivedView): DerivedView => (context, request) => {
        const path = request.pathInfo;
        // As Pyramid: any route whose pattern matches the slashed path, predicates aside.
        if (!path.endsWith('/') && routes.patternMatches(path + '/')) {
          return new Redirect(request.path + '/' + (request.queryString ? '?' + request.queryString : ''));
        }
        return derived(context, request);
      };
      rest.decorator = [appendSlashView, ...inner];
    }
    return { ...rest, context: HTTPNotFound };
  }

  /** The view for HTTPForbidden. */
  addForbiddenView(view: ViewCallable, options: ViewOptions = {}): void {
    this.registerView(view, { ...options, context: HTTPForbidden }, callerSite(), 'exception');
  }

  /** A view for thrown errors of class `options.context` (default: every Error). */
  addExceptionView(view: ViewCallable, options: ViewOptions = {}): void {
    this.registerView(view, { context: Error, ...options }, callerSite(), 'exception');
  }

  private registerView(view: ViewCallable | null, given: ViewOptions, site: CallSite | null, kind: 'view' | 'exception', baseDir?: string): void {
    const defaults = isClass(view) ? viewDefaultsOf(view) : {};
    const options: ViewOptions & Record<string, any> = { ...defaults, ...given };
    if (kind === 'exception') options.exceptionOnly = true;
    const description = describeView(view, options.attr);
    if (!view) {
      // Pyramid: no view but a renderer renders an empty dict.
      if (!options.renderer) throw new ConfigurationError(`addView() (${site}): no view given and no renderer`);
      view = () => ({});
    }
    const context = (options.context ?? null) as Function | null;
    if (context !== null && typeof context !== 'function') throw new ConfigurationError(`View ${description} (${site}): context must be a class`);
    if (options.exceptionOnly && !isErrorClass(context)) throw new ConfigurationError(`View ${description} (${site}): an exception view's context must be an Error class`);
    if (Array.isArray(options.accept)) {
      throw new ConfigurationError(`View ${description} (${site}): a list is not supported in the "accept" view predicate (as in Pyramid 2.0): give one media type, and add the view once per type; a route's accept takes several`);
    }
    const registry = this.registry;
    const info = this.predicateInfo();
    // Built-in predicates are checked now, so that a mistake points at once at this line.
    atSite(site, () => registry.viewPredicates.make(options, info));
    let made: { predicates: ViewEntry['predicates']; order: number } | null = null;
    const predicates = () => {
      if (made) return made;
      const unknown = givenKeys(options).filter((key) => !VIEW_OWN_OPTIONS.includes(key) && !registry.viewPredicates.has(key));
      const declared = registry.viewDerivers.declaredOptions();
      const refused = unknown.filter((key) => !declared.has(key));
      if (refused.length) throw unknownOptions(`View ${description}`, refused, [...VIEW_OWN_OPTIONS, ...registry.viewPredicates.names(), ...declared], site);
      return (made = atSite(site, () => registry.viewPredicates.make(options, info)));
    };
    const name = options.name ?? '';
    const discriminator = () => ['view', context, name, options.routeName ?? null, options.exceptionOnly ? 'exception' : 'view', ...predicates().predicates.map((p) => p.text).sort()];
    const dir = baseDir ?? callerDir(site, this.packageDir);
    const state = this.state;
    const original = view;
    const makeEntries = (): ViewEntry[] => {
      const { predicates: preds, order } = predicates();
      const helper = options.renderer ? this.rendererHelper(options.renderer, dir, site) : null;
      const key = discriminatorKey(discriminator());
      const helpers = new Map<string, RendererHelper>();
      const rendererFor = (rendererName: string) => {
        let found = helpers.get(rendererName);
        if (!found) {
          // A name chosen at request time stays inside the view's folder (or its package, as an asset spec).
          if (nodePath.extname(rendererName)) resolveAssetInside(rendererName, dir);
          found = this.rendererHelper(rendererName, dir, site);
          // Names may come from request data: keep a bounded number, so they cannot grow memory without end.
          if (helpers.size < MAX_OVERRIDE_RENDERERS) helpers.set(rendererName, found);
        }
        return found;
      };
      const derive = (exceptionOnly: boolean) =>
        atSite(site, () => registry.viewDerivers.apply({ options, registry, originalView: original, exceptionOnly, predicates: preds, renderer: helper, rendererFor, description, site }));
      const accept = typeof options.accept === 'string' ? normalizeOffer(options.accept) : null;
      const entry = (exception: boolean): ViewEntry => ({ view: derive(exception), predicates: preds, order, routeName: options.routeName ?? null, context, name, accept, exception, description, site, key });
      const entries: ViewEntry[] = [];
      if (!options.exceptionOnly) entries.push(entry(false));
      if (isErrorClass(context)) entries.push(entry(true));
      return entries;
    };
    this.action(discriminator, () => state.views.push(makeEntries), PHASE_VIEWS, site);
  }

  /**
   * Serves a folder under a URL prefix (Pyramid's `add_static_view`): `name` is the prefix
   * (`static` serves `/static/...`) or an external URL (a CDN: only `staticUrl` uses it), `path`
   * an asset spec (`tutorial:static`) or a folder relative to the calling module.
   *
   * @example
   *   config.addStaticView('static', 'tutorial:static', { cacheMaxAge: 3600 });
   */
  addStaticView(name: string, path: string, options: StaticViewOptions = {}): void {
    const site = callerSite();
    const known = ['cacheMaxAge', 'index', 'contentEncodings'];
    if ('reload' in options) throw new ConfigurationError(`addStaticView('${name}') (${site}): reload is not an option here (as in Pyramid): set pyramid.reload_assets = true in the settings`);
    const unknown = givenKeys(options).filter((key) => !known.includes(key));
    if (unknown.length) throw unknownOptions(`addStaticView('${name}')`, unknown, known, site);
    if (!name) throw new ConfigurationError(`addStaticView() (${site}) needs a name: a URL prefix such as 'static', or a URL`);
    const folder = atSite(site, () => resolveAsset(path, callerDir(site, this.packageDir)));
    // A package pyramid-ts carries (deform) puts its npm-installed files in place when served.
    const carried = carriedPackageOf(folder);
    if (carried && knownIncludes[carried]) this.include(carried);
    const registration: StaticRegistration = { folder: folder.replace(/[\\/]*$/, nodePath.sep), routeName: null, url: null };
    const registry = this.registry;
    // As Pyramid: a name with a host (`https://cdn/...`, `//cdn/...`) is an external URL.
    if (/^([a-z][a-z0-9+.-]*:)?\/\//i.test(name)) {
      registration.url = name.replace(/\/*$/, '/');
    } else {
      const prefix = name.replace(/^\/+|\/+$/g, '');
      registration.routeName = `__${prefix}/`;
      this.addRouteAt(registration.routeName, `${prefix}/*subpath`, {}, site);
      const resolve: AssetResolver = (file, root) => overriddenAsset(registry.assetOverrides, file) ?? { file, root };
      const reload = !!this.registry.settings['pyramid.reload_assets'];
      const view = atSite(site, () => staticView(folder, { ...options, resolve, reload }));
      this.registerView(view, { routeName: registration.routeName }, site, 'view');
    }
    this.action(['static view', name], () => {
      const list = registry.staticRegistrations;
      const same = list.findIndex((r) => r.folder === registration.folder);
      if (same !== -1) list.splice(same, 1);
      list.push(registration);
      registry.introspector.add('static views', name, name, { name, folder, url: registration.url, routeName: registration.routeName, cacheMaxAge: options.cacheMaxAge ?? null, contentEncodings: options.contentEncodings ?? [] }, site);
    }, PHASE_SETTINGS, site);
  }

  /**
   * Puts another file or folder in the place of an asset (Pyramid's `override_asset`): static
   * views and templates read the override where it has the file, the original elsewhere.
   * Folders end in '/': `overrideAsset('tutorial:static/', 'theme:static/')`.
   */
  overrideAsset(toOverride: string, overrideWith: string): void {
    const site = callerSite();
    const fromDir = callerDir(site, this.packageDir);
    const isFolder = (spec: string) => spec.endsWith('/') || spec.endsWith(':');
    if (isFolder(toOverride) !== isFolder(overrideWith)) throw new ConfigurationError(`overrideAsset() (${site}): a folder (ending in '/') overrides a folder, a file a file`);
    const from = atSite(site, () => resolveAsset(toOverride, fromDir)) + (isFolder(toOverride) ? nodePath.sep : '');
    const to = atSite(site, () => resolveAsset(overrideWith, fromDir));
    this.action(['asset override', from], () => this.registry.assetOverrides.push({ from: from.replace(/[\\/]+$/, nodePath.sep), to }), PHASE_SETTINGS, site);
  }

  private rendererHelper(name: string, dir: string, site: CallSite | null): RendererHelper {
    // An overridden template: the renderer reads the override (checked at commit).
    if (this.registry.assetOverrides.length && nodePath.extname(name)) {
      const over = overriddenAsset(this.registry.assetOverrides, resolveAsset(name, dir));
      if (over) name = over.file;
    }
    const found = atSite(site, () => rendererFactoryFor(name, this.state.renderers));
    const info = { name, dir, type: found.type, registry: this.registry };
    return new RendererHelper(info, found.factory(info));
  }

  /**
   * Registers what the decorators in a module recorded. `scan('.views')` resolves against the
   * calling module's directory, `scan()` scans every module of the caller's package, and an
   * imported module object works too.
   */
  scan(target?: unknown, options: ScanOptions = {}): void {
    const site = callerSite();
    const unknown = givenKeys(options).filter((key) => key !== 'ignore' && key !== 'onError');
    if (unknown.length) throw unknownOptions('scan()', unknown, ['ignore', 'onError'], site);
    const fromDir = callerDir(site, this.packageDir);
    const modules = loadScanTarget(target ?? fromDir, fromDir, options);
    let count = 0;
    for (const [file, exports] of modules) {
      for (const found of findInModule(exports, file)) {
        count++;
        const { record } = found;
        // Scanning one object twice (or through a second module) registers each record once.
        if (this.state.scanned.has(record)) continue;
        this.state.scanned.add(record);
        if (record.kind === 'subscriber') {
          this.scanSubscriber(found.object, record);
          continue;
        }
        // The class's @viewDefaults are merged by registerView, as for addView.
        let options_: ViewOptions = { ...record.options };
        if (record.attr) options_.attr = record.attr;
        const kind = record.kind === 'view' ? 'view' : 'exception';
        if (record.kind === 'notfound') options_ = this.notFoundOptions(options_);
        if (record.kind === 'forbidden') options_.context = HTTPForbidden;
        this.registerView(found.object as ViewCallable, options_, record.site, kind, callerDir(record.site, fromDir));
      }
    }
    if (count === 0 && modules.length) {
      const what = modules.map(([file]) => file ?? '<module>').join(', ');
      process.emitWarning(`scan() found no views in ${what} (${site}): are the decorators applied and the module's classes exported?`, 'PyramidScanWarning');
    }
  }

  /**
   * Runs another module's configuration: a function taking the Configurator, a module name
   * whose module exports `includeme` (`.routes`, `tutorial.routes`, an npm package), or a
   * module object. `pyramid_chameleon` and `pyramid_jinja2` name our template renderers (templates.ts).
   * Including the same thing twice runs it once.
   */
  include(target: string | ((config: Configurator) => void) | { includeme: (config: Configurator) => void }, options: { routePrefix?: string } = {}): void {
    const site = callerSite();
    const unknown = givenKeys(options).filter((key) => key !== 'routePrefix');
    if (unknown.length) throw unknownOptions('include()', unknown, ['routePrefix'], site);
    const fromDir = callerDir(site, this.packageDir);
    let fn: (config: Configurator) => void;
    let dir = fromDir;
    let label: string;
    if (typeof target === 'function') {
      fn = target;
      label = target.name || '<function>';
    } else if (typeof target === 'string') {
      let mod: { includeme?: (config: Configurator) => void };
      if (knownIncludes[target]) {
        mod = knownIncludes[target]();
      } else {
        const file = resolveInclude(target, fromDir, site);
        mod = require(file);
        dir = nodePath.dirname(file);
      }
      if (typeof mod.includeme !== 'function') throw new ConfigurationError(`include('${target}') (${site}): the module has no includeme(config) function`);
      fn = mod.includeme;
      label = target;
    } else if (target && typeof target.includeme === 'function') {
      fn = target.includeme;
      const file = moduleFile(target);
      if (file) dir = nodePath.dirname(file);
      label = file ?? '<module>';
    } else {
      throw new ConfigurationError(`include() takes a function, a module name or a module with includeme (${site})`);
    }
    // Pyramid runs an includeme once, however it was named.
    if (this.state.included.has(fn)) return;
    this.state.included.add(fn);
    const prefix = options.routePrefix ? joinPrefix(this.routePrefix, options.routePrefix) : this.routePrefix;
    const child = new Configurator({}, { state: this.state, packageDir: dir, includePath: [...this.includePath, label], routePrefix: prefix });
    fn(child);
  }

  /**
   * Checks the queued actions for conflicts, then applies them. Directives given after a
   * commit queue actions for the next one, as in Pyramid; an app already made keeps what it
   * was made with.
   */
  commit(): void {
    if (this.state.failed) throw this.state.failed;
    if (!this.state.actions.length) return;
    try {
      const pending = this.state.actions;
      this.state.actions = [];
      // Phase by phase, as Pyramid: a view's discriminator needs the predicates registered before it.
      for (const order of [...new Set(pending.map((a) => a.order))].sort((a, b) => a - b)) {
        for (const action of resolveConflicts(pending.filter((a) => a.order === order))) action.execute();
      }
      this.finishViews();
      this.registry.routes.compile();
      this.state.generation++;
    } catch (error) {
      // Half applied: a second commit() must not serve it; it gives the same error.
      this.state.failed = error;
      throw error;
    }
  }

  /** Puts the collected views in the registry's view table. */
  private finishViews(): void {
    const { views, routes } = this.registry;
    for (const make of this.state.views) {
      for (const entry of make()) {
        if (entry.routeName !== null && !routes.get(entry.routeName)) {
          const names = routes.names.join(', ') || '(none)';
          throw new ConfigurationError(`No route named '${entry.routeName}' found for view ${entry.description} (${entry.site}). Known routes: ${names}.`);
        }
        views.add(entry);
        this.registry.introspector.add('views', entry.key + (entry.exception ? ' exception' : ''), entry.description, {
          routeName: entry.routeName,
          context: entry.context,
          name: entry.name,
          exception: entry.exception,
          predicates: entry.predicates.map((p) => p.text),
          accept: entry.accept,
          order: entry.order,
          view: entry.view,
        }, entry.site);
      }
    }
    this.state.views = [];
    // As Pyramid, the order is sorted (and its errors found) only once views offer media types.
    if ([...views.entries()].some((entry) => entry.accept !== null)) views.setAcceptOrder(this.registry.acceptViewOrder.sorted());
  }

  /**
   * Commits, and returns the app: a Node request listener for `http.createServer`. The same
   * app until a later directive changes the configuration; ApplicationCreated is announced
   * for each app made.
   */
  makeWsgiApp(): App {
    this.commit();
    if (this.state.app && this.state.appGeneration === this.state.generation) return this.state.app;
    const app = makeRouter(this.registry);
    // A database session used in this app's requests needs to know whether a manager binds them.
    if (!this.registry.tweens.inUse().some((t) => t.name === TM_TWEEN)) noteAppWithoutManager();
    this.state.app = app;
    this.state.appGeneration = this.state.generation;
    this.registry.notify(new ApplicationCreated(app));
    return app;
  }

  // -------------------------------------------------------------------------------------------
  // Extension points

  /**
   * A tween (Pyramid's `add_tween`): `factory(handler, registry)` returns the tween, called with
   * each request. `under`/`over` place it (names of other tweens, `INGRESS`, `MAIN`,
   * `EXCVIEW`, or lists of them, the first present wins); neither means under INGRESS. The
   * name is the factory's (or `options.name`, or 'module:export' when given as a string).
   */
  addTween(factory: TweenFactory | string, options: { under?: string | string[]; over?: string | string[]; name?: string } = {}): void {
    const site = callerSite();
    const unknown = givenKeys(options).filter((key) => !['under', 'over', 'name'].includes(key));
    if (unknown.length) throw unknownOptions('addTween()', unknown, ['under', 'over', 'name'], site);
    this.addTweenAction(factory, options, false, site);
  }

  private addTweenAction(factory: TweenFactory | string, options: { under?: string | string[]; over?: string | string[]; name?: string }, explicit: boolean, site: CallSite | null): void {
    const name = options.name ?? (typeof factory === 'string' ? factory : factory.name);
    if (!name) throw new ConfigurationError(`addTween() (${site}): an anonymous tween factory needs { name }`);
    if (name === MAIN || name === INGRESS) throw new ConfigurationError(`${name} is a reserved tween name (${site})`);
    const list = (v: string | string[] | undefined) => (v === undefined ? null : typeof v === 'string' ? [v] : v);
    const over = list(options.over);
    const under = list(options.under);
    if (over?.includes(INGRESS)) throw new ConfigurationError(`${name} cannot be over INGRESS (${site})`);
    if (under?.includes(MAIN)) throw new ConfigurationError(`${name} cannot be under MAIN (${site})`);
    if (typeof factory === 'function') this.state.tweenFactories.set(name, factory);
    const fromDir = callerDir(site, this.packageDir);
    this.action(
      ['tween', name, explicit],
      () => {
        const resolved = typeof factory === 'function' ? factory : this.resolveTween(factory, fromDir, site);
        const info: TweenInfo = { name, factory: resolved, under, over, explicit, site };
        this.registry.introspector.add('tweens', `${name} ${explicit ? 'explicit' : 'implicit'}`, name, { name, factory: resolved, under, over, type: explicit ? 'explicit' : 'implicit' }, site);
        if (explicit) this.registry.tweens.addExplicit(info);
        else this.registry.tweens.addImplicit(info);
      },
      PHASE_SETTINGS,
      site,
    );
  }

  /** A tween named by a string: a registered name, or 'module:export' / 'pkg.module.export'. */
  private resolveTween(name: string, fromDir: string, site: CallSite | null): TweenFactory {
    const known = this.state.tweenFactories.get(name);
    if (known) return known;
    const colon = name.lastIndexOf(':');
    const dot = name.lastIndexOf('.');
    const [moduleName, attr] = colon > 0 ? [name.slice(0, colon), name.slice(colon + 1)] : dot > 0 ? [name.slice(0, dot), name.slice(dot + 1)] : [name, 'default'];
    let found: unknown;
    try {
      found = require(resolveModule(moduleName, fromDir))[attr];
    } catch (error) {
      throw new ConfigurationError(`Tween '${name}' (${site}): ${(error as Error).message}`);
    }
    if (typeof found !== 'function') throw new ConfigurationError(`Tween '${name}' (${site}): the module has no function '${attr}'. Known tweens: ${[...this.state.tweenFactories.keys()].join(', ')}.`);
    return found as TweenFactory;
  }

  /**
   * A subscriber (Pyramid's `add_subscriber`): `fn(event)` for each event of class `eventType`
   * (or a subclass; none: every event), when the predicates hold. An array of classes is one
   * multi-object subscription, as Pyramid's tuple `iface=(IEvent, IObject)`: `fn(event, object)`
   * for each `registry.notify(event, object)` whose objects are instances of them, in order (null
   * in the array: any object). To hear any of several events, subscribe once per class (what
   * `@subscriber(A, B)` does).
   *
   * @example
   *   config.addSubscriber((event: NewRequest) => log.info(event.request.url), NewRequest);
   *   config.addSubscriber((event: ObjectModified, page: Page) => reindex(page), [ObjectModified, Page]);
   */
  addSubscriber(fn: Subscriber, eventType: SubscriberFor = null, predicates: Record<string, unknown> = {}): void {
    this.addSubscriberAt(fn, eventType, predicates, callerSite());
  }

  private addSubscriberAt(fn: Subscriber, eventType: SubscriberFor, predicates: Record<string, unknown>, site: CallSite | null): void {
    if (typeof fn !== 'function') throw new ConfigurationError(`addSubscriber() (${site}) takes a function (event) => void`);
    const types: ReadonlyArray<Function | null> = Array.isArray(eventType) ? eventType : [eventType as Function | null];
    if (types.length === 0) throw new ConfigurationError(`addSubscriber() (${site}): an empty array of event classes; give a class, null for every event, or one class per object notified`);
    for (const type of types) {
      if (type !== null && (typeof type !== 'function' || !type.prototype)) throw new ConfigurationError(`addSubscriber() (${site}): the event type must be a class (or null for any), not ${typeof type === 'function' ? 'an arrow function' : typeof type}`);
    }
    const registry = this.registry;
    this.action(
      null,
      () => {
        const made: SubscriberPredicate[] = Object.entries(predicates).map(([name, value]) => {
          const factory = registry.subscriberPredicates.get(name);
          if (!factory) throw unknownOptions('addSubscriber()', [name], registry.subscriberPredicates.keys(), site);
          const predicate = atSite(site, () => (isClass(factory) ? new (factory as any)(value, this.predicateInfo()) : (factory as any)(value, this.predicateInfo())));
          if (typeof predicate?.__call__ !== 'function') throw new ConfigurationError(`Subscriber predicate '${name}' (${site}) must make an object with text() and __call__(event)`);
          return predicate;
        });
        registry.subscribers.add(fn, types, made, site);
        const names = types.map((type) => type?.name ?? '*').join(', ');
        registry.introspector.add('subscribers', `${fn.name || '<anonymous>'}#${identity(fn)} ${names}`, fn.name || '<anonymous>', { subscriber: fn, event: types[0], interfaces: types, predicates: made.map((p) => p.text()) }, site);
      },
      PHASE_SETTINGS,
      site,
    );
  }

  private scanSubscriber(object: Function, record: ViewConfigRecord): void {
    const fn = record.attr ? (object as unknown as Record<string, unknown>)[record.attr] : object;
    if (typeof fn !== 'function') throw new ConfigurationError(`@subscriber on ${object.name}.${record.attr} (${record.site}): put it on a function or a static method`);
    const { eventTypes, predicates } = record.subscriber!;
    // As Pyramid's decorator: one registration per argument, so that any of the events calls it.
    const bound = fn.bind(object) as Subscriber;
    for (const eventType of eventTypes.length ? eventTypes : [null]) this.addSubscriberAt(bound, eventType, predicates, record.site);
  }

  /** A subscriber predicate (Pyramid's `add_subscriber_predicate`): `factory(value, info)` makes `{ text(), __call__(event) }`. */
  addSubscriberPredicate(name: string, factory: PredicateFactory): void {
    const site = callerSite();
    this.action(['subscriber predicate', name], () => this.registry.subscriberPredicates.set(name, factory), PHASE_EXTENSIONS, site);
  }

  /**
   * Where a media type stands among the `accept` of views (Pyramid's `add_accept_view_order`),
   * for clients that take several as much (`Accept: *\/*`, or none): Pyramid's defaults put
   * text/html first, then application/xhtml+xml, application/xml, text/xml, text/plain,
   * application/json; a type added later comes after those unless placed.
   *
   * @example
   *   config.addAcceptViewOrder('application/json', { weighsMoreThan: 'text/html' });
   */
  addAcceptViewOrder(value: string, options: { weighsMoreThan?: string | string[]; weighsLessThan?: string | string[] } = {}): void {
    const site = callerSite();
    const unknown = givenKeys(options).filter((key) => key !== 'weighsMoreThan' && key !== 'weighsLessThan');
    if (unknown.length) throw unknownOptions(`addAcceptViewOrder('${value}')`, unknown, ['weighsMoreThan', 'weighsLessThan'], site);
    let checked: ReturnType<typeof AcceptViewOrder.check>;
    try {
      checked = AcceptViewOrder.check(value, asList(options.weighsMoreThan), asList(options.weighsLessThan));
    } catch (error) {
      throw new ConfigurationError(`addAcceptViewOrder(${JSON.stringify(value)}) (${site}): ${(error as Error).message}`);
    }
    const { value: type, more, less } = checked;
    this.action(['accept view order', type], () => this.registry.acceptViewOrder.add(type, more, less, String(site)), PHASE_EXTENSIONS, site);
  }

  /** A view predicate (Pyramid's `add_view_predicate`): `addView(view, { [name]: value })` then tests it. */
  addViewPredicate(name: string, factory: PredicateFactory, options: { weighsMoreThan?: string | string[]; weighsLessThan?: string | string[] } = {}): void {
    const site = callerSite();
    if (typeof factory !== 'function') throw new ConfigurationError(`addViewPredicate('${name}') (${site}) takes a factory (value, info) => predicate`);
    this.action(['view predicate', name], () => this.registry.viewPredicates.add(name, factory, options.weighsMoreThan, options.weighsLessThan), PHASE_EXTENSIONS, site);
  }

  /** A route predicate (Pyramid's `add_route_predicate`): its `__call__(info, request)` sees `info.match`. */
  addRoutePredicate(name: string, factory: PredicateFactory, options: { weighsMoreThan?: string | string[]; weighsLessThan?: string | string[] } = {}): void {
    const site = callerSite();
    if (typeof factory !== 'function') throw new ConfigurationError(`addRoutePredicate('${name}') (${site}) takes a factory (value, info) => predicate`);
    this.action(['route predicate', name], () => this.registry.routePredicates.add(name, factory, options.weighsMoreThan, options.weighsLessThan), PHASE_EXTENSIONS, site);
  }

  /**
   * A view deriver (Pyramid's `add_view_deriver`): wraps every view at commit. By default it
   * sits under `decorated_view` and over `rendered_view`; the view options it reads are
   * declared as `deriver.options`.
   */
  addViewDeriver(deriver: ViewDeriver, options: { name?: string; under?: string | string[]; over?: string | string[] } = {}): void {
    const site = callerSite();
    if (typeof deriver !== 'function') throw new ConfigurationError(`addViewDeriver() (${site}) takes a function (view, info) => view`);
    const entry = this.registry.viewDerivers.add(deriver, options, site);
    this.action(['view deriver', entry.name], () => {
      this.registry.viewDerivers.register(entry);
      this.registry.introspector.add('view derivers', entry.name, entry.name, { deriver, under: entry.under, over: entry.over, options: deriver.options ?? [] }, site);
    }, PHASE_EXTENSIONS, site);
  }

  /**
   * Turns what a view without a renderer returns, when it is an instance of `type` (or a
   * subclass), into a Response (Pyramid's `add_response_adapter`). `String` adapts strings.
   *
   * @example
   *   config.addResponseAdapter((s: string) => new Response(s), String);
   */
  addResponseAdapter(adapter: (value: any) => Response, type: Function): void {
    const site = callerSite();
    if (typeof adapter !== 'function' || typeof type !== 'function') throw new ConfigurationError(`addResponseAdapter() (${site}) takes an adapter (value) => Response and a class`);
    this.action(['response adapter', type], () => this.registry.responseAdapters.set(type, adapter), PHASE_SETTINGS, site);
  }

  /**
   * A request method or property (Pyramid's `add_request_method`): `fn(request, ...args)`;
   * `property: true` makes it a getter, `reify: true` one computed once per request.
   */
  addRequestMethod(fn: (request: any, ...args: any[]) => unknown, name?: string, options: { property?: boolean; reify?: boolean } = {}): void {
    const site = callerSite();
    if (typeof fn !== 'function') throw new ConfigurationError(`addRequestMethod() (${site}) takes a function (request, ...args)`);
    const key = name ?? fn.name;
    if (!key) throw new ConfigurationError(`addRequestMethod() (${site}): an anonymous function needs a name`);
    const unknown = givenKeys(options).filter((k) => k !== 'property' && k !== 'reify');
    if (unknown.length) throw unknownOptions('addRequestMethod()', unknown, ['property', 'reify'], site);
    const extension = { name: key, fn, property: !!(options.property || options.reify), reify: !!options.reify, site };
    this.action(['request extensions', key], () => {
      this.registry.requestExtensions.set(key, extension);
      this.registry.introspector.add('request extensions', key, key, { callable: fn, property: extension.property, reify: extension.reify }, site);
    }, PHASE_SETTINGS, site);
  }
}

/** Pyramid's route prefix rule: `prefix.rstrip('/') + '/' + path.lstrip('/')`. */
function joinPrefix(prefix: string, path: string): string {
  return prefix.replace(/\/$/, '') + '/' + path.replace(/^\//, '');
}

/** Runs a directive's own checks; a mistake becomes a ConfigurationError naming the directive's line. */
function atSite<T>(site: CallSite | null, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    throw new ConfigurationError(`${(error as Error).message} (${site ?? '<unknown location>'})`);
  }
}

/** Pyramid's rule: an action made closer to the root configuration wins over one in its includes. */
function resolveConflicts(actions: Action[]): Action[] {
  const groups = new Map<string, Action[]>();
  for (const action of actions) {
    if (action.discriminator === null) continue;
    if (typeof action.discriminator === 'function') action.discriminator = action.discriminator();
    const key = discriminatorKey(action.discriminator);
    const group = groups.get(key);
    if (group) group.push(action);
    else groups.set(key, [action]);
  }
  const conflicts: Array<{ discriminator: Discriminator; sites: Array<CallSite | null> }> = [];
  const losing = new Set<Action>();
  for (const group of groups.values()) {
    if (group.length === 1) continue;
    const shortest = group.reduce((a, b) => (b.includePath.length < a.includePath.length ? b : a));
    const isPrefix = (p: readonly string[], q: readonly string[]) => p.length < q.length && p.every((x, i) => x === q[i]);
    const losers = group.filter((a) => a !== shortest);
    if (losers.every((a) => isPrefix(shortest.includePath, a.includePath))) {
      for (const loser of losers) losing.add(loser);
    } else {
      conflicts.push({ discriminator: group[0].discriminator as Discriminator, sites: group.map((a) => a.site) });
    }
  }
  if (conflicts.length) throw new ConfigurationConflictError(conflicts);
  // The winners, in the order the directives were given in.
  return actions.filter((a) => !losing.has(a));
}

