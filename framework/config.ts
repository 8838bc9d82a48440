/**
 * The Configurator, as Pyramid's: directives (`addRoute`, `addView`, `scan`, `include`, ...)
 * are collected as actions, each with a discriminator and the call site that made it; `commit()`
 * (run by `makeWsgiApp()`) checks them for conflicts and applies them to the registry.
 * After that the configuration is frozen.
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
import { callerSite, callerDir, resolveModule, moduleFile, type CallSite } from './path';
import { deriveView, makePredicates, sortViews, describeView, isClass, identity, type ViewCallable, type ViewOptions, type ViewEntry } from './views';
import { builtinRenderers, rendererFactoryFor, RendererHelper, type RendererFactory } from './renderers';
import { findInModule, loadScanTarget, type ScanOptions } from './scan';
import { viewDefaultsOf } from './decorators';
import { HTTPNotFound, HTTPForbidden, HTTPFound } from './httpexceptions';
import type { Response } from './response';
import { makeRouter, type App } from './router';
import type { SessionFactory } from './session';
import { ConfigurationError, ConfigurationConflictError } from './exceptions';

export { ConfigurationError, ConfigurationConflictError };

type Discriminator = readonly unknown[];

interface Action {
  discriminator: Discriminator | null;
  execute: () => void;
  /** Lower runs first: settings-like, then routes, then views. */
  order: number;
  site: CallSite | null;
  includePath: readonly string[];
}

function discriminatorKey(d: Discriminator): string {
  // Two classes of one name are two contexts: the key names each by its identity.
  return JSON.stringify(d.map((part) => (typeof part === 'function' ? `<class ${(part as Function).name}#${identity(part as Function)}>` : part)));
}

const PHASE_SETTINGS = 0;
const PHASE_ROUTES = 1;
const PHASE_VIEWS = 2;

/** Built-in names for Pyramid's template add-ons. */
const knownIncludes: Record<string, () => { includeme: (config: Configurator) => void }> = {
  pyramid_chameleon: () => require('./templates'),
  pyramid_jinja2: () => require('./templates'),
};

export interface ConfiguratorOptions {
  settings?: Settings | null;
  sessionFactory?: SessionFactory | null;
  registry?: Registry;
  /** The directory relative names resolve against; defaults to the calling module's. */
  packageDir?: string;
  /** Apply each directive at once, without conflict detection (`testing.setUp()` does). */
  autocommit?: boolean;
}

interface SharedState {
  registry: Registry;
  autocommit: boolean;
  failed?: unknown;
  actions: Action[];
  committed: boolean;
  app: App | null;
  scanned: WeakSet<object>;
  included: Set<Function>;
  renderers: Map<string, RendererFactory>;
  views: Array<() => ViewEntry>;
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
    this.packageDir = options.packageDir ?? callerDir();
    this.registry = options.registry ?? new Registry(nodePath.basename(this.packageDir), options.settings ?? {});
    if (options.registry && options.settings) this.registry.settings = { ...this.registry.settings, ...options.settings };
    this.state = {
      registry: this.registry,
      autocommit: options.autocommit ?? false,
      actions: [],
      committed: false,
      app: null,
      scanned: new WeakSet(),
      included: new Set(),
      renderers: new Map(Object.entries(builtinRenderers)),
      views: [],
    };
    this.includePath = [];
    this.routePrefix = '';
    if (options.sessionFactory) this.setSessionFactory(options.sessionFactory);
    // Pyramid's `pyramid.includes`: whitespace-separated names, included as the setup ends.
    const includes = String(this.registry.settings['pyramid.includes'] ?? '').split(/\s+/).filter(Boolean);
    for (const name of includes) this.include(name);
  }

  private get frozenError(): ConfigurationError {
    return new ConfigurationError('The configuration is committed (makeWsgiApp() or commit() ran): directives must come before it.');
  }

  private action(discriminator: Discriminator | null, execute: () => void, order: number, site: CallSite | null): void {
    if (this.state.committed) throw this.frozenError;
    if (this.state.autocommit) {
      execute();
      if (order === PHASE_VIEWS) this.finishViews();
      if (order === PHASE_ROUTES) this.registry.routes.compile();
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

  /** The one session factory (Pyramid's `set_session_factory`). */
  setSessionFactory(factory: SessionFactory): void {
    if (typeof factory !== 'function') throw new ConfigurationError('setSessionFactory() takes a factory: SignedCookieSessionFactory(secret)');
    this.action(['sessionFactory'], () => (this.registry.sessionFactory = factory), PHASE_SETTINGS, callerSite());
  }

  /** A renderer factory for a name (`json`) or an extension (`.pt`). */
  addRenderer(name: string, factory: RendererFactory): void {
    this.action(['renderer', name], () => this.state.renderers.set(name, factory), PHASE_SETTINGS, callerSite());
  }

  /**
   * A route: its name, its pattern (`/howdy/{first}/{last}`, `{id:\d+}`, `*subpath`), and
   * route-level predicates. Routes are tried in the order they are added.
   */
  addRoute(name: string, pattern: string, options: RouteOptions = {}): void {
    const site = callerSite();
    if (!name) throw new ConfigurationError(`addRoute(): a route needs a name (${site})`);
    let full = pattern;
    // Pyramid's rule: prefix + '/' + pattern, so '' and '/' both give '/prefix/' (unless inheritSlash).
    if (this.routePrefix) full = pattern === '' && options.inheritSlash ? this.routePrefix : joinPrefix(this.routePrefix, pattern);
    const { customPredicates = [], ...viewLike } = options;
    const route = atSite(site, () => {
      const predicates: RoutePredicate[] = [
        ...makePredicates(viewLike).map((p) => Object.assign((_info: unknown, request: any) => p.test(null, request), { text: p.text })),
        ...customPredicates,
      ];
      return new Route(name, full, options, predicates);
    });
    this.action(['route', name], () => this.registry.routes.add(route), PHASE_ROUTES, site);
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
  addNotFoundView(view: ViewCallable, options: ViewOptions & { appendSlash?: boolean | (new (location: string) => Response) } = {}): void {
    const { appendSlash, ...rest } = options;
    if (appendSlash) {
      const Redirect = appendSlash === true ? HTTPFound : appendSlash;
      const routes = this.registry.routes;
      const inner = rest.decorator;
      rest.decorator = (derived) => {
        const viewOrInner = inner ? inner(derived) : derived;
        return (context, request) => {
          const path = request.pathInfo;
          // As Pyramid: any route whose pattern matches the slashed path, predicates aside.
          if (!path.endsWith('/') && routes.patternMatches(path + '/')) {
            return new Redirect(request.path + '/' + (request.queryString ? '?' + request.queryString : ''));
          }
          return viewOrInner(context, request);
        };
      };
    }
    this.registerView(view, { ...rest, context: HTTPNotFound }, callerSite(), 'exception');
  }

  /** The view for HTTPForbidden. */
  addForbiddenView(view: ViewCallable, options: ViewOptions = {}): void {
    this.registerView(view, { ...options, context: HTTPForbidden }, callerSite(), 'exception');
  }

  /** A view for thrown errors of class `options.context` (default: every Error). */
  addExceptionView(view: ViewCallable, options: ViewOptions = {}): void {
    this.registerView(view, { context: Error, ...options }, callerSite(), 'exception');
  }

  private registerView(view: ViewCallable, given: ViewOptions, site: CallSite | null, kind: 'view' | 'exception', baseDir?: string): void {
    const defaults = isClass(view) ? viewDefaultsOf(view) : {};
    const options: ViewOptions = { ...defaults, ...given };
    if (options.name) throw new ConfigurationError(`View ${describeView(view, options.attr)} (${site}): view names need traversal, which is not supported; use a route`);
    if (kind === 'view' && !options.routeName) {
      throw new ConfigurationError(`View ${describeView(view, options.attr)} (${site}) needs a routeName (traversal is not supported)`);
    }
    const predicates = atSite(site, () => makePredicates(options));
    const context = kind === 'exception' ? (options.context ?? Error) : null;
    const discriminator: Discriminator = [
      'view',
      kind === 'exception' ? 'exception' : 'route',
      options.routeName ?? null,
      context,
      ...predicates.map((p) => p.text).sort(),
    ];
    const dir = baseDir ?? callerDir(site, this.packageDir);
    const state = this.state;
    const makeEntry = (): ViewEntry => {
      const helper = options.renderer ? this.rendererHelper(options.renderer, dir, site) : null;
      const derived = atSite(site, () => deriveView(view, options, helper));
      return { view: derived, predicates, routeName: options.routeName ?? null, context, description: describeView(view, options.attr), site };
    };
    this.action(discriminator, () => state.views.push(makeEntry), PHASE_VIEWS, site);
  }

  private rendererHelper(name: string, dir: string, site: CallSite | null): RendererHelper {
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
    if (this.state.committed) throw this.frozenError;
    const site = callerSite();
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
        // The class's @viewDefaults are merged by registerView, as for addView.
        const options_: ViewOptions = { ...record.options };
        if (record.attr) options_.attr = record.attr;
        const kind = record.kind === 'view' ? 'view' : 'exception';
        if (record.kind === 'notfound') options_.context = HTTPNotFound;
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
    if (this.state.committed) throw this.frozenError;
    const site = callerSite();
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
        let file: string;
        try {
          file = resolveModule(target, fromDir);
        } catch (error) {
          throw new ConfigurationError(`include('${target}') (${site}): ${(error as Error).message}`);
        }
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

  /** Checks every action for conflicts, then applies them. Idempotent. */
  commit(): void {
    if (this.state.failed) throw this.state.failed;
    if (this.state.committed) return;
    try {
      const actions = resolveConflicts(this.state.actions);
      actions.sort((a, b) => a.order - b.order);
      for (const action of actions) action.execute();
      this.state.actions = [];
      this.finishViews();
      this.registry.routes.compile();
      this.state.committed = true;
    } catch (error) {
      // Half applied: a second commit() must not serve it; it gives the same error.
      this.state.failed = error;
      throw error;
    }
  }

  /** Turns the collected views into the registry's lookup tables, most specific first. */
  private finishViews(): void {
    const { views: routeViews, exceptionViews, routes } = this.registry;
    const touched = new Set<ViewEntry[]>();
    for (const make of this.state.views) {
      const entry = make();
      if (entry.routeName !== null && !routes.get(entry.routeName)) {
        const names = routes.names.join(', ') || '(none)';
        throw new ConfigurationError(`No route named '${entry.routeName}' found for view ${entry.description} (${entry.site}). Known routes: ${names}.`);
      }
      let list: ViewEntry[] | undefined;
      if (entry.context) {
        list = exceptionViews.get(entry.context);
        if (!list) exceptionViews.set(entry.context, (list = []));
      } else {
        list = routeViews.get(entry.routeName!);
        if (!list) routeViews.set(entry.routeName!, (list = []));
      }
      list.push(entry);
      touched.add(list);
    }
    for (const list of touched) list.splice(0, list.length, ...sortViews(list));
    this.state.views = [];
  }

  /** Commits, and returns the app: a Node request listener for `http.createServer`. */
  makeWsgiApp(): App {
    this.commit();
    return (this.state.app ??= makeRouter(this.registry));
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
      conflicts.push({ discriminator: group[0].discriminator!, sites: group.map((a) => a.site) });
    }
  }
  if (conflicts.length) throw new ConfigurationConflictError(conflicts);
  // The winners, in the order the directives were given in.
  return actions.filter((a) => !losing.has(a));
}

