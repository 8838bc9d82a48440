/**
 * View derivers, as Pyramid's (`pyramid.viewderivers`): at commit, each view is wrapped by a
 * chain of derivers into one function `(context, request) => Response`. The chain is ordered
 * as Pyramid's, from the request's way in to the view:
 *
 *   INGRESS → (add-ons: secured_view, csrf_view, ...) → owrapped_view → http_cached_view → decorated_view
 *           → (user derivers, by default here) → rendered_view → mapped_view → VIEW
 *
 * A deriver is `(view, info) => view`; the view options it reads are declared on it
 * (`deriver.options = ['permission']`), and only declared options (and predicates) are
 * accepted by `addView`: any other option is a ConfigurationError naming its line.
 *
 * @example
 *   function timedView(view: DerivedView, info: ViewDeriverInfo): DerivedView {
 *     if (!info.options.timed) return view;
 *     return (context, request) => { const t = Date.now(); try { return view(context, request); } finally { ... } };
 *   }
 *   timedView.options = ['timed'];
 *   config.addViewDeriver(timedView);
 */
import { inspect } from 'node:util';
import { Response } from './response';
import { ConfigurationError } from './exceptions';
import { TopologicalSorter } from './topsort';
import { isThenable, type DerivedView, type Predicate, type ViewCallable, type ViewOptions } from './views';
import { isClass } from './traversal';
import type { RendererHelper } from './renderers';
import type { Registry } from './registry';
import type { Request } from './request';
import type { CallSite } from './path';

/** The top of the deriver chain (Pyramid's `pyramid.viewderivers.INGRESS`). */
export const INGRESS = 'INGRESS';
/** The user's view itself, the bottom of the chain (Pyramid's `pyramid.viewderivers.VIEW`). */
export const VIEW = 'VIEW';

/** What a deriver learns about the view it wraps (Pyramid's IViewDeriverInfo). */
export interface ViewDeriverInfo {
  /** Every option the view was configured with (predicates included). */
  options: ViewOptions & Record<string, any>;
  registry: Registry;
  /** The function or class as given to addView. */
  originalView: ViewCallable;
  /** Whether this derivation is the exception-view one. */
  exceptionOnly: boolean;
  predicates: Predicate[];
  /** The renderer, if the view has one. */
  renderer: RendererHelper | null;
  /** A renderer by name, resolved as the view's own (for `request.overrideRenderer`). */
  rendererFor(name: string): RendererHelper;
  /** `TutorialViews.home`: for messages. */
  description: string;
  /** The user's line that configured the view. */
  site: CallSite | null;
}

/** `(view, info) => view`, with the view options it reads declared in `options`. */
export type ViewDeriver = ((view: DerivedView, info: ViewDeriverInfo) => DerivedView) & { options?: readonly string[] };

export interface DeriverEntry {
  name: string;
  deriver: ViewDeriver;
  under: readonly string[];
  over: readonly string[];
  site: CallSite | null;
}

const asTuple = (value: string | readonly string[]) => (typeof value === 'string' ? [value] : [...value]).sort();

/** The derivers of one registry, in Pyramid's topological order. */
export class ViewDerivers {
  private readonly sorter = new TopologicalSorter<DeriverEntry>({ before: null, after: INGRESS }, INGRESS, VIEW);
  private cache: DeriverEntry[] | null = null;

  constructor() {
    // Pyramid's defaults (add_default_view_derivers), each under the one before it.
    let last = INGRESS;
    for (const [name, deriver] of [
      ['owrapped_view', owrappedView],
      ['http_cached_view', httpCachedView],
      ['decorated_view', decoratedView],
      ['rendered_view', renderedView],
      ['mapped_view', mappedView],
    ] as const) {
      this.sorter.add(name, { name, deriver, under: [last], over: [VIEW], site: null }, [last], [VIEW]);
      last = name;
    }
  }

  /**
   * Pyramid's `add_view_deriver` checks and defaults: between `decorated_view` (under) and
   * `rendered_view` (over) unless told otherwise; always over `mapped_view`.
   */
  add(deriver: ViewDeriver, options: { name?: string; under?: string | readonly string[]; over?: string | readonly string[] }, site: CallSite | null): DeriverEntry {
    const name = options.name ?? deriver.name;
    if (!name) throw new ConfigurationError(`addViewDeriver() (${site}): an anonymous deriver needs { name }`);
    if (name === INGRESS || name === VIEW) throw new ConfigurationError(`${name} is a reserved view deriver name (${site})`);
    let over = asTuple(options.over ?? 'rendered_view');
    const under = asTuple(options.under ?? 'decorated_view');
    if (over.includes(INGRESS)) throw new ConfigurationError(`${name} cannot be over INGRESS (${site})`);
    if (over.includes(VIEW) && name !== 'mapped_view') over = [...over, 'mapped_view'].sort();
    if (under.includes(VIEW)) throw new ConfigurationError(`${name} cannot be under VIEW (${site})`);
    if (under.includes('mapped_view')) throw new ConfigurationError(`${name} cannot be under "mapped_view" (${site})`);
    return { name, deriver, under, over, site };
  }

  register(entry: DeriverEntry): void {
    this.sorter.add(entry.name, entry, entry.under, entry.over);
    this.cache = null;
  }

  /** From ingress to view. */
  sorted(): DeriverEntry[] {
    return (this.cache ??= this.sorter.sorted().map(([, entry]) => entry));
  }

  /** Every view option some deriver declares. */
  declaredOptions(): Set<string> {
    const names = new Set<string>();
    for (const entry of this.sorter.values()) for (const option of entry.deriver.options ?? []) names.add(option);
    return names;
  }

  /** Applies the chain: the deriver nearest the view first, so the first in order is outermost. */
  apply(info: ViewDeriverInfo): DerivedView {
    const chain = this.sorted();
    let view = info.originalView as unknown as DerivedView;
    for (let i = chain.length - 1; i >= 0; i--) {
      const { deriver, name } = chain[i];
      const wrapped = deriver(view, info);
      if (typeof wrapped !== 'function') throw new ConfigurationError(`View deriver '${name}' returned ${inspect(wrapped, { depth: 0 })}, not a view function (for view ${info.description}, ${info.site})`);
      view = wrapped;
    }
    return view;
  }
}

// ---------------------------------------------------------------------------------------------
// The built-in derivers

function hasMember(proto: object, name: string): boolean {
  for (let p: object | null = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    if (Object.prototype.hasOwnProperty.call(p, name)) return true;
  }
  return false;
}

/**
 * Pyramid's mapped_view: one calling convention for every kind of view. A class is made with
 * the request (or `(context, request)` when its constructor takes two arguments) and `attr` is
 * called; a function is called with `(request)` or `(context, request)`. The instance (or
 * function) is kept on the request as `view` for the renderer's system values.
 */
const mappedView: ViewDeriver = (original, info) => {
  const view = original as unknown as ViewCallable;
  const { attr } = info.options;
  if (isClass(view)) {
    const member = attr ?? '__call__';
    if (!hasMember(view.prototype, member)) {
      const how = attr ? `has no method '${member}'` : 'needs attr: the name of the method to call';
      throw new ConfigurationError(`View class ${view.name} ${how} (${info.site})`);
    }
    const cls = view;
    const twoArgs = cls.length >= 2;
    return (context, request) => {
      const instance = twoArgs ? new cls(context, request) : new cls(request);
      request.__view__ = instance;
      const value = instance[member];
      return typeof value === 'function' ? value.call(instance) : value;
    };
  }
  if (typeof view === 'function') {
    const fn = view as (...args: any[]) => unknown;
    const target = attr ? (fn as unknown as Record<string, (...a: any[]) => unknown>)[attr] : fn;
    if (typeof target !== 'function') throw new ConfigurationError(`View ${info.description}: '${attr}' is not a function (${info.site})`);
    const twoArgs = target.length >= 2;
    return (twoArgs ? (context: unknown, request: Request) => target.call(fn, context, request) : (_context: unknown, request: Request) => target.call(fn, request)) as DerivedView;
  }
  throw new ConfigurationError(`A view must be a function or a class, not ${inspect(view, { depth: 0 })} (${info.site})`);
};

function notAResponse(description: string, value: unknown): Error {
  return new Error(
    `Could not convert return value of the view callable ${description} into a response object. ` +
      `The value returned was ${inspect(value, { depth: 1 })}. You may have forgotten to return a value ` +
      `from the view callable, or to give the view a renderer.`,
  );
}

/**
 * Pyramid's rendered_view: a Response passes; any other value goes to the renderer
 * (`request.overrideRenderer` names another), or, for a view without one, through a response
 * adapter registered for its class (`addResponseAdapter`); anything else is an error.
 */
const renderedView: ViewDeriver = (view, info) => {
  const { renderer, description } = info;
  const original = info.originalView;
  const adapters = info.registry.responseAdapters;
  const finish = (result: unknown, context: unknown, request: Request): Response => {
    if (result instanceof Response) return result;
    if (renderer) {
      // As Pyramid's request.__view__: the instance is taken once, by the render it belongs to.
      const instance = request.__view__;
      request.__view__ = undefined;
      const helper = request.overrideRenderer ? info.rendererFor(request.overrideRenderer) : renderer;
      return helper.renderView(result, instance ?? original, context, request);
    }
    const adapted = adapters.size ? adaptToResponse(adapters, result) : undefined;
    if (adapted instanceof Response) return adapted;
    throw notAResponse(description, result);
  };
  return (context, request) => {
    const result: unknown = view(context, request);
    return isThenable(result) ? Promise.resolve(result).then((value) => finish(value, context, request)) : finish(result, context, request);
  };
};

/** The response adapter for a value's class, nearest class first (Pyramid's queryAdapterOrSelf). */
function adaptToResponse(adapters: Map<Function, (value: any) => unknown>, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  for (let proto = Object.getPrototypeOf(Object(value)); proto; proto = Object.getPrototypeOf(proto)) {
    const adapter = adapters.get(proto.constructor);
    if (adapter) return adapter(value);
  }
  return undefined;
}

/** Pyramid's decorated_view: `decorator` (one function, or several: the first outermost). */
const decoratedView: ViewDeriver = (view, info) => {
  const given = info.options.decorator;
  if (!given) return view;
  const list = Array.isArray(given) ? given : [given];
  for (const decorator of list) if (typeof decorator !== 'function') throw new ConfigurationError(`decorator must be a function (view ${info.description}, ${info.site})`);
  return list.reduceRight((inner: DerivedView, decorator) => decorator(inner), view);
};
decoratedView.options = ['decorator'];

/**
 * Pyramid's owrapped_view: with `wrapper: 'name'`, the view's response is handed to the view of
 * that name for the same context (as `request.wrappedResponse`, `wrappedBody`, `wrappedView`),
 * whose response is sent instead: a layout made of views.
 */
const owrappedView: ViewDeriver = (view, info) => {
  const wrapper = info.options.wrapper;
  if (!wrapper) return view;
  if (typeof wrapper !== 'string') throw new ConfigurationError(`wrapper must be a view name (view ${info.description}, ${info.site})`);
  const wrap = (response: Response, context: unknown, request: Request): Response | Promise<Response> => {
    request.wrappedResponse = response;
    request.wrappedBody = response.body;
    request.wrappedView = view;
    // As Pyramid's render_view_to_response: among the views of no route (pyramid#1643).
    const entry = info.registry.views.find(false, null, wrapper, context, request);
    if (entry === null) throw new Error(`No wrapper view named '${wrapper}' found when executing view named '${info.options.name ?? ''}'`);
    return entry.view(context, request);
  };
  return (context, request) => {
    const result = view(context, request);
    return isThenable(result) ? Promise.resolve(result).then((response) => wrap(response, context, request)) : wrap(result, context, request);
  };
};
owrappedView.options = ['wrapper'];

/**
 * Pyramid's http_cached_view: `httpCache: seconds` (or `[seconds, { public: true, ... }]`) sets
 * Cache-Control and Expires on the response, as webob's `cache_expires`; 0 forbids caching.
 * `pyramid.prevent_http_cache` turns it off.
 */
const httpCachedView: ViewDeriver = (view, info) => {
  const given = info.options.httpCache;
  if (given === undefined || given === null || info.registry.settings['pyramid.prevent_http_cache']) return view;
  const [seconds, extra] = Array.isArray(given) ? given : [given, {}];
  if (typeof seconds !== 'number' || !(seconds >= 0)) throw new ConfigurationError(`httpCache must be seconds (a number >= 0) or [seconds, options] (view ${info.description}, ${info.site})`);
  const apply = (response: Response): Response => {
    const now = Date.now();
    if (seconds === 0) {
      response.setHeader('Cache-Control', 'max-age=0, must-revalidate, no-cache, no-store');
      response.setHeader('Expires', new Date(now).toUTCString());
      if (response.getHeader('Last-Modified') === undefined) response.setHeader('Last-Modified', new Date(now).toUTCString());
      response.setHeader('Pragma', 'no-cache');
    } else {
      const parts = Object.entries(extra as Record<string, unknown>)
        .filter(([, v]) => v !== false && v !== null && v !== undefined)
        .map(([k, v]) => [k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()).replace(/_/g, '-'), v] as const)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => (v === true ? k : `${k}=${v}`));
      response.setHeader('Cache-Control', [`max-age=${seconds}`, ...parts].join(', '));
      response.setHeader('Expires', new Date(now + seconds * 1000).toUTCString());
      response.removeHeader('Pragma');
    }
    return response;
  };
  return (context, request) => {
    const result = view(context, request);
    return isThenable(result) ? Promise.resolve(result).then(apply) : apply(result);
  };
};
httpCachedView.options = ['httpCache'];

