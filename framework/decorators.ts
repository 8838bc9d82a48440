/**
 * `@viewConfig` and `@viewDefaults`, venusian-style: a decorator only records its options and
 * its call site on the decorated object (with reflect-metadata, as own metadata, so that a
 * subclass never shares its base's records). Nothing is registered until a Configurator scans
 * the module that defines the object.
 *
 * Requires `"experimentalDecorators": true` in tsconfig.json. `emitDecoratorMetadata` is not
 * needed: every option is given explicitly.
 */
import 'reflect-metadata';
import { callerSite, type CallSite } from './path';
import type { ViewOptions } from './views';

const VIEW_CONFIG_KEY = 'pyramid:view_config';
const VIEW_DEFAULTS_KEY = 'pyramid:view_defaults';

/** What scan registers: `kind` picks the directive (a view, a not-found view, a subscriber, ...). */
export interface ViewConfigRecord {
  kind: 'view' | 'notfound' | 'forbidden' | 'exception' | 'subscriber';
  options: ViewOptions;
  /**
   * For a subscriber: what each registration is for (none: every event), one class (null: every
   * event) or an array of classes for a multi-object subscription; and the predicates.
   */
  subscriber?: { eventTypes: SubscriberFor[]; predicates: Record<string, unknown> };
  /** The method, for a decorated class method. */
  attr?: string;
  site: CallSite | null;
}

type AnyFunction = (...args: any[]) => any;

function record(target: object, entry: ViewConfigRecord): void {
  Reflect.defineMetadata(VIEW_CONFIG_KEY, [...viewConfigRecords(target), entry], target);
}

/** The records on `target` itself (not inherited). */
export function viewConfigRecords(target: object): ViewConfigRecord[] {
  return Reflect.getOwnMetadata(VIEW_CONFIG_KEY, target) ?? [];
}

/** The `@viewDefaults` options of a class (not inherited), or `{}`. */
export function viewDefaultsOf(target: object): ViewOptions {
  return Reflect.getOwnMetadata(VIEW_DEFAULTS_KEY, target) ?? {};
}

export interface ViewDecorator {
  /** On a method of a class view. */
  (target: object, propertyKey: string | symbol, descriptor?: PropertyDescriptor): void;
  /** On a class (give `attr`), or called on a function: `export const home = viewConfig({...})(function home(request) {...})`. */
  <T extends AnyFunction | (abstract new (...args: any[]) => any)>(target: T): T;
}

function makeDecorator(kind: ViewConfigRecord['kind'], options: ViewOptions): ViewDecorator {
  // The site is taken where the decorator expression is written, so errors point at that line.
  const site = callerSite();
  return ((target: any, propertyKey?: string | symbol) => {
    if (propertyKey === undefined) {
      record(target, { kind, options: { ...options }, site });
      return target;
    }
    // A method: the record goes on the class (the constructor), naming the method.
    const cls = typeof target === 'function' ? target : target.constructor;
    record(cls, { kind, options: { ...options }, attr: String(propertyKey), site });
    return undefined;
  }) as ViewDecorator;
}

/**
 * Declares a view, as Pyramid's `@view_config`. Stack several for several registrations.
 *
 * @example
 *   @viewConfig({ routeName: 'home' })
 *   home() { return { name: 'Home View' }; }
 */
export function viewConfig(options: ViewOptions = {}): ViewDecorator {
  return makeDecorator('view', options);
}

/** Declares a not-found view (Pyramid's `@notfound_view_config`), `appendSlash` included. */
export function notFoundViewConfig(options: ViewOptions & { appendSlash?: boolean | (new (location: string) => any) } = {}): ViewDecorator {
  return makeDecorator('notfound', options);
}

/** Declares a forbidden view (Pyramid's `@forbidden_view_config`). */
export function forbiddenViewConfig(options: ViewOptions = {}): ViewDecorator {
  return makeDecorator('forbidden', options);
}

/** Declares an exception view (Pyramid's `@exception_view_config`); `context` is the error class. */
export function exceptionViewConfig(options: ViewOptions = {}): ViewDecorator {
  return makeDecorator('exception', options);
}

/** What one subscriber registration is for: an event class, every event (null), or one class per object notified. */
export type SubscriberFor = Function | null | ReadonlyArray<Function | null>;

/**
 * Declares a subscriber, as Pyramid's `@subscriber`: registered once for each event class given,
 * so that it hears any of them (none: every event); an array of classes is one multi-object
 * subscription (Pyramid's tuple, `@subscriber((IEvent, IObject))`), called as `fn(event, object)`
 * by `registry.notify(event, object)`. Subscriber predicates come as a last object argument.
 * Registered by `scan`.
 *
 * @example
 *   export const logRequests = subscriber(NewRequest)(function logRequests(event: NewRequest) { ... });
 *   // or on a static method: @subscriber(NewResponse) static addHeader(event: NewResponse) { ... }
 *   // a pair: @subscriber([ObjectModified, Page]) static reindex(event: ObjectModified, page: Page) { ... }
 */
export function subscriber(...args: Array<SubscriberFor | Record<string, unknown>>): ViewDecorator {
  const last = args[args.length - 1];
  const isPredicates = last !== undefined && last !== null && typeof last === 'object' && !Array.isArray(last);
  const predicates = isPredicates ? (args.pop() as Record<string, unknown>) : {};
  const eventTypes = args as SubscriberFor[];
  const site = callerSite();
  return ((target: any, propertyKey?: string | symbol) => {
    const entry: ViewConfigRecord = { kind: 'subscriber', options: {}, subscriber: { eventTypes, predicates }, site };
    if (propertyKey === undefined) {
      record(target, entry);
      return target;
    }
    record(typeof target === 'function' ? target : target.constructor, { ...entry, attr: String(propertyKey) });
    return undefined;
  }) as ViewDecorator;
}

/**
 * Options every view of a class starts from (Pyramid's `@view_defaults`); a `@viewConfig`
 * option of the same name wins.
 *
 * @example
 *   @viewDefaults({ renderer: 'home.pt' })
 *   export class TutorialViews { ... }
 */
export function viewDefaults(options: ViewOptions): <T extends abstract new (...args: any[]) => any>(cls: T) => T {
  return (cls) => {
    Reflect.defineMetadata(VIEW_DEFAULTS_KEY, { ...options }, cls);
    return cls;
  };
}
