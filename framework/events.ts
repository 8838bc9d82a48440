/**
 * Events, as Pyramid's `pyramid.events`: the router announces a new request, the start of
 * traversal, the context found, and the response; renderers announce `BeforeRender`; the
 * Configurator announces `ApplicationCreated`. Subscribers are functions registered for an
 * event class (`addSubscriber`, or `@subscriber` found by `scan`), each called only when its
 * predicates hold, in Pyramid's order: subscribers of every event first, then those of the base
 * classes, those of the event's own class last; in the order they were added within each.
 * As Pyramid's `registry.notify(*events)`, a notification may carry several objects (an event
 * and the object it is about); subscribers registered for that many classes hear it.
 */
import type { Request } from './request';
import type { Response } from './response';
import type { App } from './router';
import type { CallSite } from './path';
import { getLogger } from './logging';

const log = getLogger('pyramid.events');

/** A new request, before anything else (Pyramid's NewRequest). */
export class NewRequest {
  constructor(readonly request: Request) {}
}

/** After route matching, before the root factory and traversal (Pyramid's BeforeTraversal). */
export class BeforeTraversal {
  constructor(readonly request: Request) {}
}

/** After traversal: `request.context` is set (Pyramid's ContextFound). */
export class ContextFound {
  constructor(readonly request: Request) {}
}

/** The response the app is about to send, after the response callbacks (Pyramid's NewResponse). */
export class NewResponse {
  constructor(
    readonly request: Request,
    readonly response: Response,
  ) {}
}

/** The app `makeWsgiApp()` just made (Pyramid's ApplicationCreated; `object` is its old name). */
export class ApplicationCreated {
  readonly object: App;
  constructor(readonly app: App) {
    this.object = app;
  }
}

/**
 * The system values a renderer is about to receive (Pyramid's BeforeRender, a dict): read and
 * set them as properties (`event.request`, `event['title'] = ...`); what a subscriber adds here
 * a template sees as a global. `renderingVal` is what the view returned.
 */
export class BeforeRender {
  [name: string]: unknown;
  declare readonly renderingVal: unknown;

  constructor(system: object, renderingVal: unknown) {
    Object.assign(this, system);
    // Not enumerable: a template's names are the system values, not the event's own fields.
    Object.defineProperty(this, 'renderingVal', { value: renderingVal, enumerable: false });
    Object.defineProperty(this, 'rendering_val', { value: renderingVal, enumerable: false });
  }
}

/**
 * A subscriber predicate made by a factory given to `addSubscriberPredicate` (as Pyramid's). It
 * is called with what `notify` was given: the event, then any other objects of a multi-object
 * notification (Pyramid calls a predicate taking one argument with the event alone; in
 * JavaScript a function simply ignores arguments it does not name).
 */
export interface SubscriberPredicate {
  text(): string;
  __call__(event: any, ...objects: any[]): boolean;
}

/** A subscriber: called with the event, or with every object of a multi-object `notify`. */
export type Subscriber<E = any> = (event: E, ...objects: any[]) => unknown;

interface Subscription {
  subscriber: Subscriber;
  /** One class (or null: any object) per object notified; `[null]` is every single event. */
  types: ReadonlyArray<Function | null>;
  predicates: SubscriberPredicate[];
  site: CallSite | null;
}

/** Per prototype of one object notified with others, the subscriptions that apply (`found`), or the next object's level. */
interface Cache {
  found?: Subscription[];
  next?: Map<unknown, Cache>;
}

/** What an object's subscriptions are looked up by: its prototype (null and undefined themselves). */
function prototypeOf(object: unknown): unknown {
  return object === null || object === undefined ? object : Object.getPrototypeOf(object);
}

/**
 * What an object is an instance of, most general first: null (any object), then its prototypes
 * from Object's to its own (a class matches by its `prototype`, as `instanceof` does).
 * zope.interface's order of an object's specifications, reversed.
 */
function prototypeChain(object: unknown): unknown[] {
  const chain: unknown[] = [];
  if (object !== null && object !== undefined) {
    for (let proto = Object.getPrototypeOf(object); proto; proto = Object.getPrototypeOf(proto)) chain.push(proto);
  }
  chain.push(null);
  return chain.reverse();
}

/**
 * The subscribers of one registry. `notify(event)` calls every subscriber registered for a class
 * the event is an instance of; `notify(event, object)` those registered for a pair of classes
 * (`addSubscriber(fn, [EventClass, ObjectClass])`), as zope's `subscribers((event, object))`:
 * a subscription is for a fixed number of objects, so a one-class subscriber never hears a
 * two-object notification. `hasListeners` lets the router skip making events nobody hears.
 */
export class Subscribers {
  private readonly list: Subscription[] = [];
  /** The subscriptions that apply to one event, by its class (filled on its first notify): the router's lookups. */
  private single = new Map<unknown, Subscription[]>();
  /** The same for several objects: by the first's prototype, then the next's, ... */
  private multiple = new Map<unknown, Cache>();

  get hasListeners(): boolean {
    return this.list.length > 0;
  }

  /** Subscribes `subscriber` to notifications of `types.length` objects, each an instance of its class (null: any). */
  add(subscriber: Subscriber, types: ReadonlyArray<Function | null>, predicates: SubscriberPredicate[] = [], site: CallSite | null = null): void {
    this.list.push({ subscriber, types, predicates, site });
    this.single = new Map();
    this.multiple = new Map();
  }

  /** The subscriptions, for introspection. */
  all(): ReadonlyArray<Readonly<Subscription>> {
    return this.list;
  }

  /**
   * The subscriptions for these objects, in zope.interface's order (as Pyramid's): by the first
   * object's classes from the most general (subscribers of any object, then of base classes) to
   * its own class, then likewise by the second object's, ...; registration order within one.
   */
  private subscriptionsFor(objects: readonly unknown[]): Subscription[] {
    const chains = objects.map(prototypeChain);
    const ranked: Array<{ rank: number[]; subscription: Subscription }> = [];
    for (const subscription of this.list) {
      if (subscription.types.length !== objects.length) continue;
      const rank = subscription.types.map((type, i) => chains[i].indexOf(type === null ? null : type.prototype));
      if (rank.every((r) => r !== -1)) ranked.push({ rank, subscription });
    }
    // Stable: registration order stays within one combination of classes.
    ranked.sort((a, b) => {
      for (let i = 0; i < a.rank.length; i++) if (a.rank[i] !== b.rank[i]) return a.rank[i] - b.rank[i];
      return 0;
    });
    return ranked.map((r) => r.subscription);
  }

  /** Calls the subscribers of one event (the router's case: one map lookup once warm). */
  notify(event: unknown): void {
    if (this.list.length === 0) return;
    // By prototype: an object's `constructor` would be cheaper to read, but need not name its
    // chain of classes (a function whose `prototype` was replaced gives Object).
    const key = prototypeOf(event);
    let found = this.single.get(key);
    if (!found) this.single.set(key, (found = this.subscriptionsFor([event])));
    for (let i = 0; i < found.length; i++) {
      const { subscriber, predicates } = found[i];
      if (predicates.length && !predicates.every((p) => p.__call__(event))) continue;
      settle(subscriber, subscriber(event), event);
    }
  }

  /** Calls the subscribers of these objects (Pyramid's `registry.notify(*events)`); nothing for none. */
  notifyAll(objects: readonly unknown[]): void {
    if (objects.length === 1) return this.notify(objects[0]);
    if (objects.length === 0 || this.list.length === 0) return;
    let level = this.multiple;
    let node!: Cache;
    for (let i = 0; i < objects.length; i++) {
      if (i > 0) level = node.next ??= new Map();
      const key = prototypeOf(objects[i]);
      let next = level.get(key);
      if (!next) level.set(key, (next = {}));
      node = next;
    }
    const found = (node.found ??= this.subscriptionsFor(objects));
    for (let i = 0; i < found.length; i++) {
      const { subscriber, predicates } = found[i];
      if (predicates.length && !predicates.every((p) => p.__call__(...(objects as [unknown])))) continue;
      settle(subscriber, subscriber(...(objects as [unknown])), objects);
    }
  }
}

/**
 * Subscribers are synchronous, as Pyramid's; an async one's failure must not go unhandled (Node
 * would end the process): it is logged. `notified`: the event, or the objects of a multi-object notify.
 */
function settle(subscriber: Subscriber, result: unknown, notified: unknown): void {
  if (result !== null && typeof result === 'object' && typeof (result as PromiseLike<unknown>).then === 'function') {
    (result as PromiseLike<unknown>).then(undefined, (error: unknown) => {
      // Named only when it fails.
      const what = (Array.isArray(notified) ? notified : [notified]).map((o) => (o as object | null)?.constructor?.name ?? String(o)).join(', ');
      log.exception(`Async subscriber ${subscriber.name || '<anonymous>'} for ${what} failed: ${error instanceof Error ? error.message : String(error)}`, error);
    });
  }
}
