/**
 * The session as a dictionary (Pyramid's ISession): `SessionBase` keeps the items in a Map and
 * calls a hook on each read and each write, in the places Pyramid's `manage_accessed` and
 * `manage_changed` wrap; `asDict` lets `session[key]` reach the items. Cookie sessions
 * (session.ts) and `testing.DummySession` build on it.
 */
import { randomBytes } from 'node:crypto';
import { pyEquals } from './pyjson';
import type { CookieOptions, Response } from './response';
import type { Registry } from './registry';
import type { Handler } from './tweens';

/** What a session needs of a request: its cookies, a response callback, and whether it failed. */
export interface SessionRequest {
  cookies: Record<string, string | undefined>;
  addResponseCallback(callback: (request: any, response: SessionResponse) => void): void;
  exception?: unknown;
}

export interface SessionResponse {
  setCookie(name: string, value: string, options?: CookieOptions): void;
}

/** The session interface (Pyramid's ISession): a dict with timestamps, flash and CSRF. */
export interface ISession {
  /** True when no usable cookie was sent. */
  readonly new: boolean;
  /** Seconds since the epoch when the session was first made. */
  readonly created: number;
  /** When the session was last read or written (set by every read and write). */
  accessed: number;
  /** The `accessed` the cookie carried: when it was last (re)issued. */
  readonly renewed: number;
  get(key: string, defaultValue?: any): any;
  set(key: string, value: any): void;
  has(key: string): boolean;
  delete(key: string): boolean;
  keys(): string[];
  values(): any[];
  items(): Array<[string, any]>;
  readonly size: number;
  readonly length: number;
  pop(key: string, defaultValue?: any): any;
  popitem(): [string, any];
  setdefault(key: string, defaultValue?: any): any;
  update(other: Record<string, any> | Iterable<[string, any]> | ISession): void;
  clear(): void;
  /** Marks the session changed, for mutations the session cannot see (nested values). */
  changed(): void;
  /** Empties the session (Pyramid's: the cookie is re-sent empty, `created` kept). */
  invalidate(): void;
  flash(message: any, queue?: string, allowDuplicate?: boolean): void;
  popFlash(queue?: string): any[];
  peekFlash(queue?: string): any[];
  newCsrfToken(): string;
  getCsrfToken(): string;
  /** The items as a plain object (`dict(session)`); not an access. */
  toJSON(): Record<string, any>;
  /** The keys (a read, as `for key in session` in Python). */
  [Symbol.iterator](): Iterator<string>;
  [key: string]: any;
}

/** Makes a request's session, on the first use of `request.session`. */
export interface SessionFactory {
  (request: SessionRequest): ISession;
  /**
   * A factory whose store answers asynchronously (Redis) wraps the view in this tween: it
   * loads the session before the view, so that `request.session` can stay synchronous, and
   * saves it after. `setSessionFactory` adds it over the exception views. Cookie factories need none.
   */
  tween?<Req extends SessionRequest>(handler: (request: Req) => Response | Promise<Response>): (request: Req) => Response | Promise<Response>;
}

/** The name of the session factory's tween (for `pyramid.tweens` and ptweens). */
export const SESSION_TWEEN = 'pyramid.tweens.session_tween_factory';

/** The tween of the session factory in use, when it has one; a factory that lost to another adds nothing. */
export function sessionTweenFactory(handler: Handler, registry: Registry): Handler {
  const tween = registry.sessionFactory?.tween;
  return tween ? tween(handler) : handler;
}

/** Where Pyramid keeps flash queues (`'_f_' + queue`) and the CSRF token. */
export const FLASH_PREFIX = '_f_';
export const CSRF_TOKEN_KEY = '_csrft_';

// The session's workings, under symbols so that no item name can reach them through the Proxy.
// Exported for session.ts only; not part of the public API.
export const STATE: unique symbol = Symbol('session.state');
export const ON_ACCESS: unique symbol = Symbol('session.onAccess');
export const ON_CHANGE: unique symbol = Symbol('session.onChange');
export const RANDOM: unique symbol = Symbol('session.randomBytes');
/** The session object itself, behind its dictionary Proxy: how its own code sets its attributes. */
export const RAW: unique symbol = Symbol('session.raw');

/**
 * The dictionary every session shares: a Map of state, with a hook for each read and each
 * write, in the places Pyramid's `manage_accessed` and `manage_changed` wrap. Cookie sessions
 * track timestamps and dirtiness there; `testing.DummySession` leaves them empty.
 */
export class SessionBase {
  /** The state, in insertion order (as a Python dict). */
  [STATE]: Map<string, any>;

  readonly [RAW]: this;

  constructor(state?: Map<string, any> | Record<string, any>) {
    this[STATE] = state instanceof Map ? state : state ? new Map(Object.entries(state)) : new Map();
    this[RAW] = this;
  }

  protected [ON_ACCESS](): void {}
  protected [ON_CHANGE](): void {}
  protected [RANDOM](size: number): Buffer {
    return randomBytes(size);
  }

  get(key: string, defaultValue?: any): any {
    this[ON_ACCESS]();
    const state = this[STATE];
    return state.has(key) ? state.get(key) : defaultValue;
  }

  set(key: string, value: any): void {
    this[ON_CHANGE]();
    this[STATE].set(key, value);
  }

  has(key: string): boolean {
    this[ON_ACCESS]();
    return this[STATE].has(key);
  }

  delete(key: string): boolean {
    this[ON_CHANGE]();
    return this[STATE].delete(key);
  }

  keys(): string[] {
    this[ON_ACCESS]();
    return [...this[STATE].keys()];
  }

  values(): any[] {
    this[ON_ACCESS]();
    return [...this[STATE].values()];
  }

  items(): Array<[string, any]> {
    this[ON_ACCESS]();
    return [...this[STATE].entries()];
  }

  get size(): number {
    this[ON_ACCESS]();
    return this[STATE].size;
  }

  get length(): number {
    return this.size;
  }

  [Symbol.iterator](): Iterator<string> {
    return this.keys()[Symbol.iterator]();
  }

  pop(key: string, defaultValue?: any): any {
    this[ON_CHANGE]();
    const state = this[STATE];
    if (!state.has(key)) return defaultValue;
    const value = state.get(key);
    state.delete(key);
    return value;
  }

  popitem(): [string, any] {
    this[ON_CHANGE]();
    let last: [string, any] | undefined;
    for (const entry of this[STATE]) last = entry;
    if (!last) throw new RangeError('popitem(): the session is empty');
    this[STATE].delete(last[0]);
    return last;
  }

  setdefault(key: string, defaultValue: any = null): any {
    this[ON_CHANGE]();
    const state = this[STATE];
    if (!state.has(key)) state.set(key, defaultValue);
    return state.get(key);
  }

  update(other: Record<string, any> | Iterable<[string, any]> | ISession): void {
    this[ON_CHANGE]();
    const entries =
      other instanceof SessionBase ? other[STATE] : Symbol.iterator in Object(other) ? (other as Iterable<[string, any]>) : Object.entries(other);
    for (const [k, v] of entries) this[STATE].set(k, v);
  }

  clear(): void {
    this[ON_CHANGE]();
    this[STATE].clear();
  }

  changed(): void {}

  invalidate(): void {
    this.clear();
  }

  flash(message: any, queue = '', allowDuplicate = true): void {
    // setdefault is the write (Pyramid's flash is wrapped once too)
    const storage = this.setdefault(FLASH_PREFIX + queue, []) as any[];
    if (allowDuplicate || !storage.some((m) => pyEquals(m, message))) storage.push(message);
  }

  popFlash(queue = ''): any[] {
    return this.pop(FLASH_PREFIX + queue, []);
  }

  peekFlash(queue = ''): any[] {
    return this.get(FLASH_PREFIX + queue, []);
  }

  /** A new token: 20 random bytes as 40 lower-case hex characters, as Pyramid's. */
  newCsrfToken(): string {
    const token = this[RANDOM](20).toString('hex');
    this.set(CSRF_TOKEN_KEY, token);
    return token;
  }

  /** The session's CSRF token; a new one (a write) when there is none. */
  getCsrfToken(): string {
    const token = this.get(CSRF_TOKEN_KEY, null);
    return token === null ? this.newCsrfToken() : token;
  }

  toJSON(): Record<string, any> {
    return Object.fromEntries(this[STATE]);
  }
}

/**
 * The names a session answers itself (its fields, methods and getters, Object's too), per
 * class, read off its first instance: `name in target` walks the prototype chain on every
 * `session[key]`, since an item's name is, by design, found nowhere on it.
 */
const memberNames = new WeakMap<object, Set<string>>();

function isMember(target: SessionBase, name: string): boolean {
  const proto = Object.getPrototypeOf(target) as object;
  let names = memberNames.get(proto);
  if (names === undefined) {
    names = new Set(Object.getOwnPropertyNames(target));
    for (let p: object | null = proto; p !== null; p = Object.getPrototypeOf(p)) for (const n of Object.getOwnPropertyNames(p)) names.add(n);
    memberNames.set(proto, names);
  }
  // An own property set after the first instance was read (a subclass's conditional field) still counts.
  return names.has(name) || Object.prototype.hasOwnProperty.call(target, name);
}

const dictHandler: ProxyHandler<SessionBase> = {
  get(target, prop, receiver) {
    if (typeof prop === 'symbol' || isMember(target, prop)) return Reflect.get(target, prop, receiver);
    return target.get(prop);
  },
  set(target, prop, value, receiver) {
    if (typeof prop === 'symbol') return Reflect.set(target, prop, value, receiver);
    if (isMember(target, prop)) {
      // The session's own names (methods, `new`, `created`, ...) are not items; its code sets them on RAW.
      const what = typeof (target as any)[prop] === 'function' ? 'method' : 'attribute';
      throw new TypeError(`'${prop}' is a session ${what}: store an item of that name with session.set('${prop}', value)`);
    }
    target.set(prop, value);
    return true;
  },
  has(target, prop) {
    if (typeof prop === 'symbol') return prop in target;
    return target.has(prop) || isMember(target, prop);
  },
  deleteProperty(target, prop) {
    if (typeof prop === 'symbol' || isMember(target, prop)) return Reflect.deleteProperty(target, prop);
    target.delete(prop);
    return true;
  },
  ownKeys(target) {
    return target.keys();
  },
  getOwnPropertyDescriptor(target, prop) {
    const state = target[STATE];
    if (typeof prop === 'symbol' || !state.has(prop)) return undefined;
    return { value: state.get(prop), writable: true, enumerable: true, configurable: true };
  },
};

/** Wraps a session so that `session[key]`, `key in session` and `delete session[key]` reach its items. */
export function asDict<T extends SessionBase>(session: T): T & ISession {
  return new Proxy(session, dictHandler) as T & ISession;
}
