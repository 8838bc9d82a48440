/**
 * Views: their options, their predicates, and the derivation that turns a function or a class
 * (with `attr`) plus a renderer into one plain function `(context, request) => Response`,
 * done once at commit so that a request only calls it.
 */
import { inspect } from 'node:util';
import { Response } from './response';
import { HTTPNotFound } from './httpexceptions';
import type { Request } from './request';
import type { RendererHelper } from './renderers';
import type { CallSite } from './path';

export type ViewCallable = ((request: any) => unknown) | ((context: any, request: any) => unknown) | (abstract new (...args: any[]) => any);

export type CustomPredicate = (context: unknown, request: Request) => boolean;

/** Options of `addView` and `@viewConfig`, named as Pyramid's (camelCased). */
export interface ViewOptions {
  routeName?: string;
  renderer?: string;
  /** 'GET' (which also accepts HEAD, as in Pyramid), 'POST', or several. */
  requestMethod?: string | string[];
  /** 'form.delete' (present) or 'name=value'; several must all hold. */
  requestParam?: string | string[];
  /** 'key=value' on the matchdict; several must all hold. */
  matchParam?: string | string[];
  /** 'X-Header' (present) or 'X-Header:regex'. */
  header?: string | string[];
  /** A media type the client accepts. */
  accept?: string | string[];
  xhr?: boolean;
  customPredicates?: CustomPredicate[];
  /** The method of a class view to call. */
  attr?: string;
  /** For exception views: the error class the view handles. */
  context?: abstract new (...args: any[]) => any;
  /** Wraps the derived view (Pyramid's `decorator`). */
  decorator?: (view: DerivedView) => DerivedView;
  /** Reserved by Pyramid for traversal; only '' is supported. */
  name?: string;
}

export type DerivedView = (context: unknown, request: Request) => Response | Promise<Response>;

export interface Predicate {
  /** Text for conflict detection and messages, as Pyramid's predicate `text()`. */
  text: string;
  test: (context: unknown, request: Request) => boolean;
}

export interface ViewEntry {
  view: DerivedView;
  predicates: Predicate[];
  routeName: string | null;
  /** For exception views. */
  context: Function | null;
  description: string;
  site: CallSite | null;
}

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function acceptMatches(acceptHeader: string | undefined, offer: string): boolean {
  if (!acceptHeader) return true;
  const [type, subtype] = offer.toLowerCase().split('/');
  return acceptHeader.split(',').some((part) => {
    const [range, ...params] = part.trim().toLowerCase().split(';');
    if (params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p))) return false;
    const [t, s] = range.trim().split('/');
    return (t === '*' || t === type) && (s === '*' || s === subtype);
  });
}

/** The predicates a view's options ask for, each with Pyramid's text. */
export function makePredicates(options: ViewOptions): Predicate[] {
  const predicates: Predicate[] = [];
  const methods = list(options.requestMethod).map((m) => m.toUpperCase());
  if (methods.length) {
    if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
    const set = new Set(methods);
    predicates.push({ text: `request_method = ${[...set].sort().join(',')}`, test: (_c, r) => set.has(r.method) });
  }
  const params = list(options.requestParam);
  if (params.length) {
    const checks = params.map((p) => {
      const eq = p.indexOf('=');
      return eq === -1 ? { name: p.trim(), value: null } : { name: p.slice(0, eq).trim(), value: p.slice(eq + 1).trim() };
    });
    predicates.push({
      text: `request_param ${params.slice().sort().join(',')}`,
      test: (_c, r) => checks.every(({ name, value }) => (value === null ? r.params.has(name) : r.params.get(name) === value)),
    });
  }
  const matchParams = list(options.matchParam);
  if (matchParams.length) {
    const pairs = matchParams.map((p) => {
      const eq = p.indexOf('=');
      if (eq === -1) throw new Error(`matchParam ${JSON.stringify(p)} must be 'key=value'`);
      return [p.slice(0, eq).trim(), p.slice(eq + 1).trim()] as const;
    });
    predicates.push({ text: `match_param ${matchParams.slice().sort().join(',')}`, test: (_c, r) => pairs.every(([k, v]) => r.matchdict[k] === v) });
  }
  for (const h of list(options.header)) {
    const colon = h.indexOf(':');
    const name = (colon === -1 ? h : h.slice(0, colon)).trim().toLowerCase();
    const regex = colon === -1 ? null : new RegExp(h.slice(colon + 1).trim());
    predicates.push({
      text: `header ${h}`,
      test: (_c, r) => {
        const value = r.headers[name];
        if (value === undefined) return false;
        return regex === null || regex.test(Array.isArray(value) ? value.join(', ') : value);
      },
    });
  }
  const accepts = list(options.accept);
  if (accepts.length) {
    predicates.push({ text: `accept = ${accepts.join(', ')}`, test: (_c, r) => accepts.some((a) => acceptMatches(r.headers.accept, a)) });
  }
  if (options.xhr !== undefined) {
    const want = options.xhr;
    predicates.push({ text: `xhr = ${want ? 'True' : 'False'}`, test: (_c, r) => r.isXhr === want });
  }
  for (const custom of options.customPredicates ?? []) {
    // Each function is its own predicate (Pyramid hashes the function), named for messages.
    predicates.push({ text: `custom predicate ${custom.name || '<anonymous>'}#${identity(custom)}`, test: custom });
  }
  return predicates;
}

const identities = new WeakMap<Function, number>();
let lastIdentity = 0;

/** A number per function or class, for telling apart two of one name (in conflict keys). */
export function identity(fn: Function): number {
  let id = identities.get(fn);
  if (id === undefined) identities.set(fn, (id = ++lastIdentity));
  return id;
}

export function isClass(value: unknown): value is new (...args: any[]) => any {
  return typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value));
}

function hasMember(proto: object, name: string): boolean {
  for (let p: object | null = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    if (Object.prototype.hasOwnProperty.call(p, name)) return true;
  }
  return false;
}

/** A short name for messages: `TutorialViews.home`, `hello`. */
export function describeView(view: ViewCallable, attr?: string): string {
  const name = (view as { name?: string }).name || '<anonymous>';
  return attr ? `${name}.${attr}` : name;
}

function notAResponse(description: string, value: unknown): Error {
  return new Error(
    `Could not convert return value of the view callable ${description} into a response object. ` +
      `The value returned was ${inspect(value, { depth: 1 })}. You may have forgotten to return a value ` +
      `from the view callable, or to give the view a renderer.`,
  );
}

/** Whether a value is a promise-like (async views). */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * One function for a view: makes the class instance (given the request) and calls `attr`, or
 * calls the function with `(request)` or `(context, request)`; then hands a non-Response
 * result to the renderer.
 */
export function deriveView(view: ViewCallable, options: ViewOptions, renderer: RendererHelper | null): DerivedView {
  const description = describeView(view, options.attr);
  const finish = (result: unknown, instance: unknown, context: unknown, request: Request): Response => {
    if (result instanceof Response) return result;
    if (renderer) return renderer.renderView(result, instance, context, request);
    throw notAResponse(description, result);
  };
  const settle = (result: unknown, instance: unknown, context: unknown, request: Request): Response | Promise<Response> =>
    isThenable(result) ? Promise.resolve(result).then((value) => finish(value, instance, context, request)) : finish(result, instance, context, request);

  let derived: DerivedView;
  if (isClass(view)) {
    const attr = options.attr ?? '__call__';
    if (!hasMember(view.prototype, attr)) {
      const how = options.attr ? `has no method '${attr}'` : "needs attr: the name of the method to call";
      throw new Error(`View class ${view.name} ${how}`);
    }
    const cls = view;
    // Pyramid passes (context, request) to classes whose constructor takes two arguments.
    const twoArgs = cls.length >= 2;
    derived = (context, request) => {
      const instance = twoArgs ? new cls(context, request) : new cls(request);
      const member = instance[attr];
      return settle(typeof member === 'function' ? member.call(instance) : member, instance, context, request);
    };
  } else if (typeof view === 'function') {
    const fn = view as (...args: any[]) => unknown;
    const target = options.attr ? (fn as unknown as Record<string, (...a: any[]) => unknown>)[options.attr] : fn;
    if (typeof target !== 'function') throw new Error(`View ${description}: '${options.attr}' is not a function`);
    const twoArgs = target.length >= 2;
    derived = (context, request) => settle(twoArgs ? target.call(fn, context, request) : target.call(fn, request), fn, context, request);
  } else {
    throw new TypeError(`A view must be a function or a class, not ${inspect(view, { depth: 0 })}`);
  }
  if (options.decorator) derived = options.decorator(derived);
  return derived;
}

/** Raised when a route matched but none of its views' predicates did: a 404, as in Pyramid. */
export class PredicateMismatch extends HTTPNotFound {}

/** Orders a route's views as Pyramid does: more predicates first, then in the order added. */
export function sortViews(entries: ViewEntry[]): ViewEntry[] {
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => b.entry.predicates.length - a.entry.predicates.length || a.index - b.index)
    .map(({ entry }) => entry);
}

/** The first view whose predicates all hold, or null. */
export function selectView(entries: ViewEntry[], context: unknown, request: Request): ViewEntry | null {
  for (const entry of entries) {
    let ok = true;
    for (const predicate of entry.predicates) {
      if (!predicate.test(context, request)) {
        ok = false;
        break;
      }
    }
    if (ok) return entry;
  }
  return null;
}
