/**
 * Events, as Pyramid's `pyramid.events`: the router announces a new request, the start of
 * traversal, the context found, and the response; renderers announce `BeforeRender`; the
 * Configurator announces `ApplicationCreated`. Subscribers are functions registered for an
 * event class (`addSubscriber`, or `@subscriber` found by `scan`), each called only when its
 * predicates hold, in Pyramid's order: subscribers of every event first, then those of the base
 * classes, those of the event's own class last; in the order they were added within each.
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

/** A subscriber predicate made by a factory given to `addSubscriberPredicate` (as Pyramid's). */
export interface SubscriberPredicate {
  text(): string;
  __call__(event: any): boolean;
}

export type Subscriber<E = any> = (event: E) => unknown;

interface Subscription {
  subscriber: Subscriber;
  /** null: every event. */
  eventType: Function | null;
  predicates: SubscriberPredicate[];
  site: CallSite | null;
}

/**
 * The subscribers of one registry. `notify` calls every subscriber whose event class the event
 * is an instance of; `hasListeners` lets the router skip making events
 * nobody hears.
 */
export class Subscribers {
  private readonly list: Subscription[] = [];
  /** Per event class, the subscriptions that apply (filled on first notify of that class). */
  private readonly byClass = new Map<Function, Subscription[]>();

  get hasListeners(): boolean {
    return this.list.length > 0;
  }

  add(subscriber: Subscriber, eventType: Function | null, predicates: SubscriberPredicate[] = [], site: CallSite | null = null): void {
    this.list.push({ subscriber, eventType, predicates, site });
    this.byClass.clear();
  }

  /** The subscriptions, for introspection. */
  all(): ReadonlyArray<Readonly<Subscription>> {
    return this.list;
  }

  notify(event: object): void {
    const cls = event.constructor;
    let found = this.byClass.get(cls);
    if (!found) {
      // zope.interface's order, as Pyramid's: the most general first (subscribers of every
      // event, then of base classes), the event's own class last; registration order within one.
      const chain: Array<Function | null> = [null];
      for (let proto = Object.getPrototypeOf(event); proto; proto = Object.getPrototypeOf(proto)) chain.splice(1, 0, proto.constructor);
      found = chain.flatMap((type) => this.list.filter((s) => s.eventType === type));
      this.byClass.set(cls, found);
    }
    for (let i = 0; i < found.length; i++) {
      const { subscriber, predicates } = found[i];
      if (predicates.length && !predicates.every((p) => p.__call__(event))) continue;
      const result: unknown = subscriber(event);
      // Subscribers are synchronous, as Pyramid's; an async one's failure must not go unhandled
      // (Node would end the process): it is logged.
      if (result !== null && typeof result === 'object' && typeof (result as PromiseLike<unknown>).then === 'function') {
        (result as PromiseLike<unknown>).then(undefined, (error: unknown) => log.exception(`Async subscriber ${subscriber.name || '<anonymous>'} for ${cls.name} failed: ${error instanceof Error ? error.message : String(error)}`, error));
      }
    }
  }
}
