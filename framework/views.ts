/**
 * Views: their options, and the table that finds the view for a request, as Pyramid's view
 * lookup: by the matched route (or none), the view name traversal found, and the context's
 * class, most derived class first, then views for any context. Within one place, views are
 * tried in Pyramid's predicate order (see predicates.ts); the first whose predicates all hold
 * is called. The derivation of each view into one plain function is in derivers.ts.
 */
import type { Response } from './response';
import { HTTPException, HTTPNotFound } from './httpexceptions';
import type { Request } from './request';
import type { CallSite } from './path';
import type { Predicate } from './predicates';
import { acceptableOffers, sortAcceptOffers } from './accept';

export { identity } from './predicates';
export type { Predicate } from './predicates';

export type ViewCallable = ((request: any) => unknown) | ((context: any, request: any) => unknown) | (abstract new (...args: any[]) => any);

export type CustomPredicate = (context: any, request: Request) => boolean;

/**
 * Options of `addView` and `@viewConfig`, named as Pyramid's (camelCased). Options that
 * registered view derivers or predicates declare are accepted too; add-ons type theirs by
 * augmenting this interface. Any other option is refused at configuration time.
 */
export interface ViewOptions {
  routeName?: string;
  renderer?: string;
  /** The class of context (a resource, or an error for exception views) the view is for; subclasses match too. */
  context?: abstract new (...args: any[]) => any;
  /** The view name traversal finds after the context (`/page/edit` → 'edit'). */
  name?: string;
  /** The method of a class view to call. */
  attr?: string;
  /** Register only as an exception view (for a `context` that is an Error class). */
  exceptionOnly?: boolean;
  /** 'GET' (which also accepts HEAD, as in Pyramid), 'POST', or several. */
  requestMethod?: string | string[];
  /** 'form.delete' (present) or 'name=value'; several must all hold. */
  requestParam?: string | string[];
  /** 'key=value' on the matchdict; several must all hold. */
  matchParam?: string | string[];
  /** 'X-Header' (present) or 'X-Header:regex'; several must all hold. */
  header?: string | string[];
  /**
   * The media type the view offers (Pyramid's `accept`): the view is for clients whose Accept
   * header takes it; views of one place are tried in the client's order of preference among
   * theirs, ties in `addAcceptViewOrder`'s order. One media type, as Pyramid 2.0: no wildcard
   * (`text/*`), no list (register the view once per type).
   */
  accept?: string;
  xhr?: boolean;
  /** A regular expression the request's pathInfo must match. */
  pathInfo?: string | RegExp;
  /** A class some resource in the context's lineage is an instance of. */
  containment?: Function;
  /** The context's path from the root: '/a/b' or ['', 'a', 'b']. */
  physicalPath?: string | string[];
  customPredicates?: CustomPredicate[];
  /** Wraps the derived view (Pyramid's `decorator`); several: the first is outermost. */
  decorator?: ((view: DerivedView) => DerivedView) | Array<(view: DerivedView) => DerivedView>;
  /** The name of a view (for the same context) that wraps this one's response (Pyramid's `wrapper`). */
  wrapper?: string;
  /** Seconds of HTTP caching (Cache-Control and Expires), or [seconds, { public: true, ... }]. */
  httpCache?: number | [number, Record<string, unknown>];
  /** Declared by the security add-on's view deriver; refused until one is registered. */
  permission?: string;
  /** Declared by the CSRF view deriver; refused until one is registered. */
  requireCsrf?: boolean;
}

export type DerivedView = (context: unknown, request: Request) => Response | Promise<Response>;

export interface ViewEntry {
  view: DerivedView;
  predicates: Predicate[];
  /** Pyramid's predicate score: lower is tried first. */
  order: number;
  routeName: string | null;
  /** The context class, null for any context. */
  context: Function | null;
  name: string;
  /** The media type the view offers (its `accept`), tried in the client's order of preference. */
  accept: string | null;
  exception: boolean;
  description: string;
  site: CallSite | null;
  /** The discriminator: a later registration of the same one replaces this one (after a commit). */
  key: string;
}

/** A short name for messages: `TutorialViews.home`, `hello`. */
export function describeView(view: ViewCallable | null | undefined, attr?: string): string {
  const name = (view as { name?: string } | null)?.name || '<anonymous>';
  return attr ? `${name}.${attr}` : name;
}

/** Whether a value is a promise-like (async views). */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}

/** Whether `cls` is an Error or HTTPException class (its views are exception views too, as in Pyramid). */
export function isErrorClass(cls: unknown): boolean {
  return typeof cls === 'function' && (cls === Error || cls.prototype instanceof Error || cls === HTTPException || cls.prototype instanceof HTTPException);
}

/** Raised when a route matched but none of its views' predicates did: a 404, as in Pyramid. */
export class PredicateMismatch extends HTTPNotFound {}

/**
 * Where HTTP exceptions stand in the lookup, right after `HTTPException` (Pyramid's
 * IExceptionResponse): its view answers with the exception itself. So a view for `Error`
 * never swallows a 404 or a redirect; a view for `HTTPNotFound`, `HTTPException` (or any view
 * of the matched route) does.
 */
export const EXCEPTION_RESPONSE: Function = function IExceptionResponse() {};

/** The classes a context is looked up by: its own, its bases, then null (any context). */
function contextChain(context: unknown): Array<Function | null> {
  const chain: Array<Function | null> = [];
  if (context !== null && context !== undefined) {
    for (let proto = Object.getPrototypeOf(Object(context)); proto; proto = Object.getPrototypeOf(proto)) {
      const cls = proto.constructor;
      if (typeof cls === 'function') chain.push(cls);
      if (cls === HTTPException) chain.push(EXCEPTION_RESPONSE);
    }
    // HTTP exceptions are Python exceptions in Pyramid: last of all, they are Errors too.
    if (context instanceof HTTPException) chain.push(Error);
  }
  chain.push(null);
  return chain;
}

/** Views by route (null: no route), then view name, then context class: map lookups, no key strings per request. */
type Tables = Map<string | null, Map<string, Map<Function | null, ViewEntry[]>>>;

/** Every view of a registry, by (kind, route, name), then context class, in trial order. */
export class ViewTable {
  private readonly views: Tables = new Map();
  private readonly exceptionViews: Tables = new Map();
  /** The server's order between media types (`addAcceptViewOrder`), set at commit. */
  private acceptOrder: readonly string[] = [];
  /** Per list of views, the media types they offer in the server's order (null: none offers one). */
  private offersOf = new WeakMap<ViewEntry[], string[] | null>();
  private added = 0;
  private readonly sequence = new WeakMap<ViewEntry, number>();
  /** Routes whose requests also see the views of no route (Pyramid's use_global_views). */
  readonly globalViewRoutes = new Set<string>();
  /**
   * Per route, its view when it has one and only one for view name '' (any context, no
   * predicates, no accept): URL dispatch's usual case, found with one lookup. Made on the first
   * find after a change.
   */
  private soleViews: Map<string, ViewEntry> | null = null;

  constructor() {
    this.add({
      view: (context) => context as Response,
      predicates: [],
      order: 1 << 30,
      routeName: null,
      context: EXCEPTION_RESPONSE,
      name: '',
      accept: null,
      exception: true,
      description: 'the HTTP exception itself',
      site: null,
      key: 'default exception response view',
    });
  }

  add(entry: ViewEntry): void {
    this.soleViews = null;
    const tables = entry.exception ? this.exceptionViews : this.views;
    let byName = tables.get(entry.routeName);
    if (!byName) tables.set(entry.routeName, (byName = new Map()));
    let byContext = byName.get(entry.name);
    if (!byContext) byName.set(entry.name, (byContext = new Map()));
    const list = byContext.get(entry.context) ?? [];
    const same = list.findIndex((e) => e.key === entry.key);
    if (same !== -1) {
      this.sequence.set(entry, this.sequence.get(list[same])!);
      list[same] = entry;
    } else {
      this.sequence.set(entry, this.added++);
      list.push(entry);
    }
    list.sort((a, b) => a.order - b.order || this.sequence.get(a)! - this.sequence.get(b)!);
    byContext.set(entry.context, list);
    this.offersOf.delete(list);
  }

  /** The server's order between media types, most preferred first (Pyramid's IAcceptOrder). */
  setAcceptOrder(order: readonly string[]): void {
    this.acceptOrder = order;
    this.offersOf = new WeakMap();
  }

  /** How many views were registered (the built-in HTTP exception view aside). */
  get size(): number {
    let n = 0;
    for (const entry of this.entries()) if (entry.site !== null || entry.context !== EXCEPTION_RESPONSE) n++;
    return n;
  }

  /** Every entry (for introspection), in no particular order. */
  *entries(): Iterable<ViewEntry> {
    for (const tables of [this.views, this.exceptionViews]) {
      for (const byName of tables.values()) for (const byContext of byName.values()) for (const list of byContext.values()) yield* list;
    }
  }

  /**
   * The view for a request: for each request type (the route, then views of no route where they
   * apply), the context's classes from the most derived; the first view whose predicates hold.
   * Throws PredicateMismatch when views were found but none accepted the request.
   */
  find(exception: boolean, routeName: string | null, name: string, context: unknown, request: Request): ViewEntry | null {
    if (!exception && name === '' && routeName !== null && !this.globalViewRoutes.has(routeName)) {
      const sole = (this.soleViews ??= soleViewsOf(this.views)).get(routeName);
      if (sole !== undefined) return sole;
    }
    const tables = exception ? this.exceptionViews : this.views;
    let seen = 0;
    let chain: Array<Function | null> | null = null;
    // The route's own views, then (for exceptions, or with useGlobalViews) the views of no route.
    const global = routeName === null || exception || this.globalViewRoutes.has(routeName);
    for (let pass = routeName === null ? 1 : 0; pass < (global ? 2 : 1); pass++) {
      const byContext = tables.get(pass === 0 ? routeName : null)?.get(name);
      if (!byContext) continue;
      // Only views for any context (URL dispatch's usual case): no class chain to walk.
      if (byContext.size === 1 && byContext.has(null)) {
        const list = byContext.get(null)!;
        seen += list.length;
        for (const entry of byAccept(list, request, this.offersFor(list))) if (holds(entry.predicates, context, request)) return entry;
        continue;
      }
      chain ??= contextChain(context);
      for (const cls of chain) {
        const list = byContext.get(cls);
        if (!list) continue;
        seen += list.length;
        for (const entry of byAccept(list, request, this.offersFor(list))) if (holds(entry.predicates, context, request)) return entry;
      }
    }
    // As Pyramid's excview: exception views that all refuse leave the error as it was.
    if (seen && !exception) throw new PredicateMismatch(`predicate mismatch for view ${name || request.pathInfo}`);
    return null;
  }

  /** The media types the views of `list` offer, in the server's order; null when none offers one. */
  private offersFor(list: ViewEntry[]): string[] | null {
    let offers = this.offersOf.get(list);
    if (offers === undefined) {
      const given = [...new Set(list.flatMap((entry) => (entry.accept === null ? [] : [entry.accept])))];
      this.offersOf.set(list, (offers = given.length ? sortAcceptOffers(given, this.acceptOrder) : null));
    }
    return offers;
  }
}

/** See ViewTable.soleViews: what the general lookup would find first without looking at the request. */
function soleViewsOf(views: Tables): Map<string, ViewEntry> {
  const sole = new Map<string, ViewEntry>();
  for (const [routeName, byName] of views) {
    const byContext = routeName === null ? undefined : byName.get('');
    const list = byContext?.size === 1 ? byContext.get(null) : undefined;
    if (list?.length === 1 && list[0].predicates.length === 0 && list[0].accept === null) sole.set(routeName!, list[0]);
  }
  return sole;
}

/**
 * Pyramid's MultiView order: views with an `accept` first, by the client's preference among
 * their media types, then the others; each group in predicate order. `offers` are theirs in the
 * server's order (`offersFor`), which decides between media types the client wants as much.
 */
function byAccept(list: ViewEntry[], request: Request, offers: string[] | null): ViewEntry[] {
  if (offers === null) return list;
  const ordered: ViewEntry[] = [];
  for (const offer of acceptableOffers(request.headers.accept, offers)) for (const entry of list) if (entry.accept === offer) ordered.push(entry);
  for (const entry of list) if (entry.accept === null) ordered.push(entry);
  return ordered;
}

function holds(predicates: Predicate[], context: unknown, request: Request): boolean {
  for (let i = 0; i < predicates.length; i++) if (!predicates[i].test(context, request)) return false;
  return true;
}
