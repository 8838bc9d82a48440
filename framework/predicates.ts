/**
 * View and route predicates, as Pyramid's (`pyramid.predicates`, `config.add_view_predicate`):
 * a predicate list knows each predicate's name, factory and weight. Making the predicates of
 * one view also gives its `order`, Pyramid's score: views with more predicates are tried
 * first, and between views with as many predicates, the one whose predicates weigh more
 * (come later in the list: `customPredicates` over `matchParam` over `accept` ... over `xhr`).
 *
 * A factory added by `addViewPredicate(name, factory)` is called (or constructed) with the
 * option's value and `{ registry, settings }` and returns Pyramid's predicate object:
 * `text()` and `__call__(context, request)` (for a route predicate, `__call__(info, request)`
 * with `info.match` the matchdict).
 *
 * @example
 *   class ContentTypePredicate {
 *     constructor(private value: string, info: PredicateInfo) {}
 *     text() { return `content_type = ${this.value}`; }
 *     __call__(context: unknown, request: Request) { return request.contentType === this.value; }
 *   }
 *   config.addViewPredicate('contentType', ContentTypePredicate);
 *   config.addView(upload, { routeName: 'upload', contentType: 'application/json' });
 */
import type { Request } from './request';
import type { Registry, Settings } from './registry';
import { TopologicalSorter } from './topsort';
import { Route, splitPathInfo } from './routes';
import { isClass, lineage, resourcePathTuple, safeDecode } from './traversal';
import { acceptableOffers, normalizeOffer } from './accept';

export interface Predicate {
  /** Text for conflict detection and messages, as Pyramid's predicate `text()`. */
  text: string;
  test: (context: unknown, request: Request) => boolean;
}

export interface PredicateInfo {
  registry: Registry;
  settings: Settings;
}

/** What a user's predicate factory makes (Pyramid's predicate objects). */
export interface PredicateObject {
  text(): string;
  phash?(): string;
  __call__(context: any, request: any): boolean;
}

export type PredicateFactory = ((value: any, info: PredicateInfo) => PredicateObject) | (new (value: any, info: PredicateInfo) => PredicateObject);

/** A built-in: the option's value to zero or more predicates. */
type BuiltinFactory = (value: any) => Predicate[];

const MAX_ORDER = 1 << 30;

/** One value or several, as a list. */
export function asList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function splitPairs(values: string[], what: string, needValue: boolean): Array<[string, string | null]> {
  return values.map((p) => {
    const eq = p.indexOf('=');
    if (eq === -1) {
      if (needValue) throw new Error(`${what} ${JSON.stringify(p)} must be 'key=value'`);
      return [p.trim(), null];
    }
    return [p.slice(0, eq).trim(), p.slice(eq + 1).trim()];
  });
}

const builtins: Record<string, BuiltinFactory> = {
  xhr: (want: boolean) => [{ text: `xhr = ${want ? 'True' : 'False'}`, test: (_c, r) => r.isXhr === want }],
  requestMethod: (value: string | string[]) => {
    const methods = asList(value).map((m) => m.toUpperCase());
    if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
    const set = new Set(methods);
    return [{ text: `request_method = ${[...set].sort().join(',')}`, test: (_c, r) => set.has(r.method) }];
  },
  pathInfo: (value: string | RegExp) => {
    const regex = value instanceof RegExp ? value : new RegExp(value);
    return [{ text: `path_info = ${value}`, test: (_c, r) => regex.test(r.pathInfo) }];
  },
  requestParam: (value: string | string[]) => {
    const params = asList(value);
    const checks = splitPairs(params, 'requestParam', false);
    return [
      {
        text: `request_param ${params.slice().sort().join(',')}`,
        test: (_c, r) => checks.every(([name, want]) => (want === null ? r.params.has(name) : r.params.get(name) === want)),
      },
    ];
  },
  header: (value: string | string[]) => {
    const checks = asList(value).map((h) => {
      const colon = h.indexOf(':');
      return { name: (colon === -1 ? h : h.slice(0, colon)).trim().toLowerCase(), regex: colon === -1 ? null : new RegExp(h.slice(colon + 1).trim()) };
    });
    return [
      {
        text: `header ${asList(value).join(', ')}`,
        test: (_c, r) =>
          checks.every(({ name, regex }) => {
            const got = r.headers[name];
            if (got === undefined) return false;
            return regex === null || regex.test(Array.isArray(got) ? got.join(', ') : got);
          }),
      },
    ];
  },
  // Pyramid's AcceptPredicate: one media type, or (for routes) several; what the client accepts, by webob's rules.
  accept: (value: string | string[]) => {
    const offers = asList(value).map(normalizeOffer);
    return [{ text: `accept = ${offers.join(', ')}`, test: (_c, r) => acceptableOffers(r.headers.accept, offers).length > 0 }];
  },
  containment: (cls: Function) => [
    { text: `containment = ${cls.name}`, test: (context) => lineage(context).some((node) => node instanceof (cls as new () => unknown)) },
  ],
  matchParam: (value: string | string[]) => {
    const pairs = splitPairs(asList(value), 'matchParam', true);
    return [{ text: `match_param ${asList(value).slice().sort().join(',')}`, test: (_c, r) => pairs.every(([k, v]) => r.matchdict[k] === v) }];
  },
  physicalPath: (value: string | string[]) => {
    const want = typeof value === 'string' ? ['', ...value.split('/').filter(Boolean)] : value;
    const key = JSON.stringify(want);
    return [{ text: `physical_path = ${key}`, test: (context) => context != null && JSON.stringify(resourcePathTuple(context)) === key }];
  },
  // Not a test: Pyramid's `traverse` route option, a pseudo-predicate that puts the traversal path
  // made from the route's own matchdict into it, for the traverser (unless *traverse did already).
  traverse: (value: string) => {
    const pattern = new Route('traverse', String(value));
    return [
      {
        text: 'traverse matchdict pseudo-predicate',
        test: (context) => {
          const info = context as { match: Record<string, unknown> };
          if (info.match.traverse === undefined) info.match.traverse = splitPathInfo(pattern.generate(info.match)).map(safeDecode);
          return true;
        },
      },
    ];
  },
  customPredicates: (fns: Array<(context: any, request: any) => boolean>) =>
    asList(fns).map((custom) => {
      if (typeof custom !== 'function') throw new Error('customPredicates must be functions (context, request) => boolean');
      return { text: `custom predicate: ${custom.name || '<anonymous>'}#${identity(custom)}`, test: custom };
    }),
};

/**
 * Pyramid's default view predicates, in its order (the order gives the weights). Those this
 * framework does not provide yet hold their place, so that an add-on registering one (the
 * security add-on's `isAuthenticated`) weighs as in Pyramid.
 */
const VIEW_PREDICATES = ['xhr', 'requestMethod', 'pathInfo', 'requestParam', 'header', 'accept', 'containment', 'requestType', 'matchParam', 'physicalPath', 'isAuthenticated', 'effectivePrincipals', 'customPredicates'];
const ROUTE_PREDICATES = ['xhr', 'requestMethod', 'pathInfo', 'requestParam', 'header', 'accept', 'effectivePrincipals', 'customPredicates', 'traverse'];

interface Slot {
  builtin: BuiltinFactory | null;
  custom: PredicateFactory | null;
}

/** Pyramid's PredicateList: the predicates one kind of thing (views, routes) accepts, weighted by position. */
export class PredicateList {
  private readonly sorter = new TopologicalSorter<Slot>({ before: 'LAST', after: null }, 'FIRST', 'LAST');
  private readonly slots = new Map<string, Slot>();

  constructor(kind: 'view' | 'route') {
    for (const name of kind === 'view' ? VIEW_PREDICATES : ROUTE_PREDICATES) {
      const slot = { builtin: builtins[name] ?? null, custom: null };
      this.slots.set(name, slot);
      this.sorter.add(name, slot);
    }
  }

  /** Adds a predicate; a name Pyramid reserves (`isAuthenticated`) keeps its place and weight. */
  add(name: string, factory: PredicateFactory, weighsMoreThan?: string | string[], weighsLessThan?: string | string[]): void {
    const slot = this.slots.get(name);
    if (slot && !slot.builtin && !slot.custom && weighsMoreThan === undefined && weighsLessThan === undefined) {
      slot.custom = factory;
      return;
    }
    const fresh = { builtin: null, custom: factory };
    this.slots.set(name, fresh);
    this.sorter.add(name, fresh, weighsMoreThan ?? null, weighsLessThan ?? null);
  }

  /** The option names accepted. */
  names(): string[] {
    return this.sorter.sorted().filter(([, slot]) => slot.builtin || slot.custom).map(([name]) => name);
  }

  has(name: string): boolean {
    return this.names().includes(name);
  }

  /**
   * The predicates for `options` (keys that are not predicates are left alone) and Pyramid's
   * order score: lower is tried first.
   */
  make(options: Record<string, unknown>, info: PredicateInfo): { predicates: Predicate[]; order: number } {
    const predicates: Predicate[] = [];
    let score = 0;
    this.sorter.sorted().forEach(([name, slot], n) => {
      const value = options[name];
      if (value === undefined || value === null) return;
      let made: Predicate[];
      if (slot.builtin) made = slot.builtin(value);
      else if (slot.custom) made = [fromObject(construct(slot.custom, value, info))];
      else return;
      for (const p of made) {
        predicates.push(p);
        score |= 1 << (n + 1);
      }
    });
    return { predicates, order: Math.floor((MAX_ORDER - score) / (predicates.length + 1)) };
  }
}

function construct(factory: PredicateFactory, value: unknown, info: PredicateInfo): PredicateObject {
  const made = isClass(factory) ? new (factory as new (v: unknown, i: PredicateInfo) => PredicateObject)(value, info) : (factory as (v: unknown, i: PredicateInfo) => PredicateObject)(value, info);
  if (!made || typeof made.text !== 'function' || typeof made.__call__ !== 'function') {
    throw new Error(`The predicate factory ${factory.name || '<anonymous>'} must make an object with text() and __call__(context, request)`);
  }
  return made;
}

function fromObject(made: PredicateObject): Predicate {
  return { text: made.text(), test: (context, request) => made.__call__(context, request) };
}

const identities = new WeakMap<Function, number>();
let lastIdentity = 0;

/** A number per function or class, for telling apart two of one name (in conflict keys). */
export function identity(fn: Function): number {
  let id = identities.get(fn);
  if (id === undefined) identities.set(fn, (id = ++lastIdentity));
  return id;
}
