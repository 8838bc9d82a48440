/**
 * Sessions as Pyramid's `pyramid.session`: a dictionary-like session kept in a signed cookie,
 * with the same options, defaults, wire format and rules for when the cookie is (re)written,
 * so that a Pyramid app and ours, sharing a secret, read each other's sessions.
 *
 * The session is a Proxy over a Map, so ported code reads as in Python:
 *
 * @example
 *   const session = request.session;
 *   if ('counter' in session) session['counter'] += 1;
 *   else session['counter'] = 1;
 *
 * Keys that share a name with a session method or attribute (`get`, `keys`, `new`, ...) are
 * reached with `session.get(key)` / `session.set(key, value)`.
 */
import { createHmac, createHash, createSecretKey, getHashes, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { pyDumps, pyFloat } from './pyjson';
import type { CookieOptions } from './response';

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
  accessed: number;
  readonly renewed: number;
  get(key: string, defaultValue?: any): any;
  set(key: string, value: any): void;
  has(key: string): boolean;
  delete(key: string): boolean;
  keys(): string[];
  values(): any[];
  items(): Array<[string, any]>;
  readonly size: number;
  pop(key: string, defaultValue?: any): any;
  popitem(): [string, any];
  setdefault(key: string, defaultValue?: any): any;
  update(other: Record<string, any> | Iterable<[string, any]>): void;
  clear(): void;
  /** Marks the session changed, for mutations the session cannot see (nested values). */
  changed(): void;
  invalidate(): void;
  flash(message: any, queue?: string, allowDuplicate?: boolean): void;
  popFlash(queue?: string): any[];
  peekFlash(queue?: string): any[];
  newCsrfToken(): string;
  getCsrfToken(): string;
  toJSON(): Record<string, any>;
  [key: string]: any;
}

export type SessionFactory = (request: SessionRequest) => ISession;

const FLASH_PREFIX = '_f_';
const CSRF_KEY = '_csrft_';

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The dictionary every session shares: a Map of state, with a hook for each read (`onAccess`)
 * and each write (`onChange`). Cookie sessions track timestamps and dirtiness there;
 * `testing.DummySession` leaves them empty.
 */
export class SessionBase {
  /** The state, in insertion order (as a Python dict). */
  state: Map<string, any>;

  constructor(state?: Map<string, any> | Record<string, any>) {
    this.state = state instanceof Map ? state : new Map(Object.entries(state ?? {}));
  }

  protected onAccess(): void {}
  protected onChange(): void {}

  get(key: string, defaultValue?: any): any {
    this.onAccess();
    return this.state.has(key) ? this.state.get(key) : defaultValue;
  }

  set(key: string, value: any): void {
    this.onChange();
    this.state.set(key, value);
  }

  has(key: string): boolean {
    this.onAccess();
    return this.state.has(key);
  }

  delete(key: string): boolean {
    this.onChange();
    return this.state.delete(key);
  }

  keys(): string[] {
    this.onAccess();
    return [...this.state.keys()];
  }

  values(): any[] {
    this.onAccess();
    return [...this.state.values()];
  }

  items(): Array<[string, any]> {
    this.onAccess();
    return [...this.state.entries()];
  }

  get size(): number {
    this.onAccess();
    return this.state.size;
  }

  get length(): number {
    return this.size;
  }

  [Symbol.iterator](): Iterator<string> {
    return this.keys()[Symbol.iterator]();
  }

  pop(key: string, defaultValue?: any): any {
    this.onChange();
    if (!this.state.has(key)) return defaultValue;
    const value = this.state.get(key);
    this.state.delete(key);
    return value;
  }

  popitem(): [string, any] {
    this.onChange();
    const last = [...this.state.entries()].pop();
    if (!last) throw new RangeError('popitem(): the session is empty');
    this.state.delete(last[0]);
    return last;
  }

  setdefault(key: string, defaultValue: any = null): any {
    this.onChange();
    if (!this.state.has(key)) this.state.set(key, defaultValue);
    return this.state.get(key);
  }

  update(other: Record<string, any> | Iterable<[string, any]>): void {
    this.onChange();
    const entries = Symbol.iterator in Object(other) ? (other as Iterable<[string, any]>) : Object.entries(other);
    for (const [k, v] of entries) this.state.set(k, v);
  }

  clear(): void {
    this.onChange();
    this.state.clear();
  }

  changed(): void {}

  invalidate(): void {
    this.clear();
  }

  flash(message: any, queue = '', allowDuplicate = true): void {
    this.onChange();
    const storage = this.setdefault(FLASH_PREFIX + queue, []) as any[];
    if (allowDuplicate || !storage.some((m) => deepEqual(m, message))) storage.push(message);
  }

  popFlash(queue = ''): any[] {
    this.onChange();
    return this.pop(FLASH_PREFIX + queue, []);
  }

  peekFlash(queue = ''): any[] {
    this.onAccess();
    return this.get(FLASH_PREFIX + queue, []);
  }

  newCsrfToken(): string {
    this.onChange();
    const token = randomBytes(20).toString('hex');
    this.set(CSRF_KEY, token);
    return token;
  }

  getCsrfToken(): string {
    this.onAccess();
    const token = this.get(CSRF_KEY);
    return token === undefined || token === null ? this.newCsrfToken() : token;
  }

  /** The state as a plain object (what `dict(session)` gives in Python). Not an access. */
  toJSON(): Record<string, any> {
    return Object.fromEntries(this.state);
  }
}

/** Every own or inherited member of the session object: these names are not items. */
function isMember(target: object, prop: string): boolean {
  return prop in target;
}

const dictHandler: ProxyHandler<SessionBase> = {
  get(target, prop, receiver) {
    if (typeof prop === 'symbol' || isMember(target, prop)) return Reflect.get(target, prop, receiver);
    return target.get(prop);
  },
  set(target, prop, value, receiver) {
    if (typeof prop === 'symbol' || isMember(target, prop)) return Reflect.set(target, prop, value, receiver);
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
    if (typeof prop === 'symbol' || !target.state.has(prop)) return undefined;
    return { value: target.state.get(prop), writable: true, enumerable: true, configurable: true };
  },
};

/** Wraps a session so that `session[key]`, `key in session` and `delete session[key]` reach its items. */
export function asDict<T extends SessionBase>(session: T): T & ISession {
  return new Proxy(session, dictHandler) as T & ISession;
}

// ---------------------------------------------------------------------------------------------
// Serializers

/** Turns the session's `[accessed, created, state]` into bytes and back (Pyramid's serializer). */
export interface Serializer {
  dumps(appstruct: unknown): Buffer | string;
  loads(bytes: Buffer): unknown;
}

/** Pyramid 2.0's default (webob's JSONSerializer), writing JSON exactly as Python does. */
export class JSONSerializer implements Serializer {
  dumps(appstruct: unknown): Buffer {
    return Buffer.from(pyDumps(appstruct), 'utf-8');
  }

  loads(bytes: Buffer): unknown {
    // Invalid UTF-8 is an error, as Python's bytes.decode('utf-8') makes it.
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  }
}

/** A serializer of whole cookie values: Pyramid's `BaseCookieSessionFactory` takes one. */
export interface CookieSerializer {
  dumps(appstruct: unknown): string;
  /** Throws on anything it cannot read back. */
  loads(value: string): unknown;
  /** Optional: also says whether the value was signed with an old secret (so it gets re-signed). */
  loadsDetailed?(value: string): { appstruct: unknown; stale: boolean };
}

// Python's hashlib names, where Node names the same algorithm otherwise.
const hashAliases: Record<string, string> = {
  sha3_224: 'sha3-224', sha3_256: 'sha3-256', sha3_384: 'sha3-384', sha3_512: 'sha3-512',
  blake2b: 'blake2b512', blake2s: 'blake2s256', sha512_224: 'sha512-224', sha512_256: 'sha512-256',
};

function nodeHashName(hashalg: string): string {
  const name = hashAliases[hashalg.toLowerCase()] ?? hashalg.toLowerCase();
  if (!getHashes().includes(name)) {
    throw new Error(`unsupported hash type ${hashalg}: use one of sha512 (the default), sha384, sha256, sha1, sha3_256, blake2b`);
  }
  return name;
}

function isLatin1(text: string): boolean {
  return /^[\x00-\xff]*$/.test(text);
}

/** webob's key: salt + secret as latin-1 bytes, or both as UTF-8 when either is not latin-1. */
function signingKey(salt: string, secret: string): KeyObject {
  const encoding = isLatin1(salt) && isLatin1(secret) ? 'latin1' : 'utf-8';
  return createSecretKey(Buffer.concat([Buffer.from(salt, encoding), Buffer.from(secret, encoding)]));
}

/**
 * webob's SignedSerializer: `base64url(HMAC(salt + secret, payload) + payload)`, unpadded.
 * `oldSecrets` verify too (newest first); values they verify are reported stale.
 */
export class SignedSerializer implements CookieSerializer {
  private readonly hash: string;
  private readonly digestSize: number;
  private readonly keys: KeyObject[];

  constructor(secret: string, salt: string, hashalg = 'sha512', readonly serializer: Serializer = new JSONSerializer(), oldSecrets: string[] = []) {
    this.hash = nodeHashName(hashalg);
    this.digestSize = createHash(this.hash).digest().length;
    this.keys = [secret, ...oldSecrets].map((s) => signingKey(salt ?? '', s));
  }

  private sign(key: KeyObject, payload: Buffer): Buffer {
    return createHmac(this.hash, key).update(payload).digest();
  }

  dumps(appstruct: unknown): string {
    const dumped = this.serializer.dumps(appstruct);
    const payload = typeof dumped === 'string' ? Buffer.from(dumped, 'utf-8') : dumped;
    return Buffer.concat([this.sign(this.keys[0], payload), payload]).toString('base64url');
  }

  loadsDetailed(value: string): { appstruct: unknown; stale: boolean } {
    if (!/^[A-Za-z0-9_\-+/]*={0,2}$/.test(value)) throw new Error('Badly formed base64 data');
    const raw = Buffer.from(value, 'base64url');
    if (raw.length < this.digestSize) throw new Error('Invalid signature');
    const sig = raw.subarray(0, this.digestSize);
    const payload = raw.subarray(this.digestSize);
    for (let i = 0; i < this.keys.length; i++) {
      // Equal lengths by construction; timingSafeEqual keeps the comparison constant-time.
      if (timingSafeEqual(this.sign(this.keys[i], payload), sig)) {
        return { appstruct: this.serializer.loads(payload), stale: i > 0 };
      }
    }
    throw new Error('Invalid signature');
  }

  loads(value: string): unknown {
    return this.loadsDetailed(value).appstruct;
  }
}

// ---------------------------------------------------------------------------------------------
// Cookie sessions

export interface BaseCookieSessionOptions {
  cookieName?: string;
  maxAge?: number | string | null;
  path?: string;
  domain?: string | null;
  secure?: boolean;
  httponly?: boolean;
  samesite?: string | null;
  setOnException?: boolean;
  timeout?: number | string | null;
  reissueTime?: number | string | null;
  /** Seconds since the epoch, as Python's `time.time()`. For tests: a controllable clock. */
  clock?: () => number;
}

export interface SignedCookieSessionOptions extends BaseCookieSessionOptions {
  hashalg?: string;
  salt?: string;
  serializer?: Serializer;
  /** Secrets that used to sign cookies: still accepted, and re-signed with `secret`. Not in Pyramid. */
  oldSecrets?: string[];
}

/** Pyramid's limit on the cookie value, past which the session cannot be stored. */
export const MAX_COOKIE_VALUE_LENGTH = 4064;

function intOrNull(value: number | string | null | undefined, name: string, fallback: number | null): number | null {
  if (value === undefined) return fallback;
  if (value === null) return null;
  const n = typeof value === 'number' ? Math.trunc(value) : Number.parseInt(String(value).trim(), 10);
  if (!Number.isFinite(n) || (typeof value === 'string' && !/^\s*[+-]?\d+\s*$/.test(value))) {
    throw new TypeError(`Session option ${name} must be a whole number of seconds or null, not ${JSON.stringify(value)}`);
  }
  return n;
}

/** Python's `float()` of a timestamp from the cookie; throws where Python raises. */
function pyFloatOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    const text = value.trim();
    if (/^[+-]?(nan|inf|infinity)$/i.test(text)) return text.toLowerCase().includes('nan') ? NaN : text.startsWith('-') ? -Infinity : Infinity;
    if (/^[+-]?(\d(_?\d)*)?(\.(\d(_?\d)*)?)?([eE][+-]?\d(_?\d)*)?$/.test(text) && /\d/.test(text.split(/[eE]/)[0])) {
      return Number(text.replace(/_/g, ''));
    }
  }
  throw new TypeError(`could not convert ${typeof value} to float`);
}

/** Python's `dict(state)`: a mapping, or a list of pairs. Anything else throws. */
function stateMap(value: unknown): Map<string, any> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return new Map(Object.entries(value));
  if (Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2)) {
    return new Map(value.map(([k, v]) => [String(k), v]));
  }
  throw new TypeError('session state is not a mapping');
}

interface CookieSessionSettings {
  serializer: CookieSerializer;
  cookieName: string;
  cookieOptions: CookieOptions;
  setOnException: boolean;
  timeout: number | null;
  reissueTime: number | null;
  clock: () => number;
}

/** A session read from, and written back to, one signed cookie (Pyramid's CookieSession). */
export class CookieSession extends SessionBase {
  new = true;
  created: number;
  accessed: number;
  renewed: number;
  /** Whether `accessed` is still the float read from the cookie (Python writes it `1.0` then). */
  accessedIsFloat = true;
  dirty = false;
  request: SessionRequest | null;

  constructor(request: SessionRequest, private readonly settings: CookieSessionSettings) {
    super();
    const now = settings.clock();
    let created = now;
    let renewed = now;
    let state = new Map<string, any>();
    let stale = false;
    const cookie = request.cookies[settings.cookieName];
    if (cookie) {
      try {
        const loaded = settings.serializer.loadsDetailed
          ? settings.serializer.loadsDetailed(cookie)
          : { appstruct: settings.serializer.loads(cookie), stale: false };
        const value = loaded.appstruct;
        if (!Array.isArray(value) || value.length !== 3) throw new TypeError('not a 3-item list');
        // As in Pyramid, `renewed` is taken before `created` is converted.
        renewed = pyFloatOf(value[0]);
        created = pyFloatOf(value[1]);
        state = stateMap(value[2]);
        this.new = false;
        stale = loaded.stale;
      } catch {
        // Tampered, truncated, foreign or odd: a fresh session, silently, as Pyramid gives.
        state = new Map();
      }
    }
    if (settings.timeout !== null && now - renewed > settings.timeout) state = new Map();
    this.state = state;
    this.created = created;
    this.accessed = renewed;
    this.renewed = renewed;
    this.request = request;
    if (stale) this.changed();
  }

  protected onAccess(): void {
    const now = Math.trunc(this.settings.clock());
    this.accessed = now;
    this.accessedIsFloat = false;
    const reissue = this.settings.reissueTime;
    if (reissue !== null && now - this.renewed > reissue) this.changed();
  }

  protected onChange(): void {
    this.accessed = Math.trunc(this.settings.clock());
    this.accessedIsFloat = false;
    this.changed();
  }

  changed(): void {
    if (this.dirty || !this.request) return;
    this.dirty = true;
    this.request.addResponseCallback((_request, response) => {
      this.setCookie(response);
      this.request = null;
    });
  }

  /** The cookie value for the current state: `[accessed, created, state]`, signed. */
  cookieValue(): string {
    const accessed = this.accessedIsFloat ? pyFloat(this.accessed) : this.accessed;
    const value = this.settings.serializer.dumps([accessed, pyFloat(this.created), this.state]);
    if (value.length > MAX_COOKIE_VALUE_LENGTH) {
      throw new RangeError(
        `Cookie value is too long to store (${value.length} bytes): the session cookie '${this.settings.cookieName}' ` +
          `may hold at most ${MAX_COOKIE_VALUE_LENGTH}. Keep less in the session, or keep large data on the server.`,
      );
    }
    return value;
  }

  private setCookie(response: SessionResponse): boolean {
    if (!this.settings.setOnException && this.request?.exception !== undefined && this.request?.exception !== null) return false;
    response.setCookie(this.settings.cookieName, this.cookieValue(), this.settings.cookieOptions);
    return true;
  }
}

function cookieSettings(serializer: CookieSerializer, options: BaseCookieSessionOptions): CookieSessionSettings {
  const samesite = options.samesite === undefined ? 'Lax' : options.samesite;
  const secure = options.secure ?? false;
  if (samesite !== null && !/^(strict|lax|none)$/i.test(samesite)) {
    throw new TypeError(`samesite must be 'Strict', 'Lax', 'None' or null, not ${JSON.stringify(samesite)}`);
  }
  if (samesite !== null && samesite.toLowerCase() === 'none' && !secure) {
    // Pyramid fails on every response; we say so once, where the factory is made.
    throw new TypeError("samesite 'None' needs secure: true (browsers drop SameSite=None cookies that are not Secure)");
  }
  return {
    serializer,
    cookieName: options.cookieName ?? 'session',
    cookieOptions: {
      maxAge: intOrNull(options.maxAge, 'maxAge', null),
      path: options.path ?? '/',
      domain: options.domain ?? null,
      secure,
      httponly: options.httponly ?? false,
      samesite,
    },
    setOnException: options.setOnException ?? true,
    timeout: intOrNull(options.timeout, 'timeout', 1200),
    reissueTime: intOrNull(options.reissueTime, 'reissueTime', 0),
    clock: options.clock ?? (() => Date.now() / 1000),
  };
}

/**
 * Pyramid's `BaseCookieSessionFactory`: sessions stored whole in a cookie, written with
 * `serializer` (which signs, or encrypts, as it likes).
 */
export function BaseCookieSessionFactory(serializer: CookieSerializer, options: BaseCookieSessionOptions = {}): SessionFactory {
  const settings = cookieSettings(serializer, options);
  return (request) => asDict(new CookieSession(request, settings));
}

/**
 * Pyramid's `SignedCookieSessionFactory`: sessions in a cookie signed with HMAC-SHA512 over
 * JSON, laid out byte for byte as Pyramid 2.0 lays it out.
 *
 * @example
 *   const mySessionFactory = SignedCookieSessionFactory('itsaseekreet');
 *   const config = new Configurator({ settings, sessionFactory: mySessionFactory });
 */
export function SignedCookieSessionFactory(secret: string, options: SignedCookieSessionOptions = {}): SessionFactory {
  if (typeof secret !== 'string') throw new TypeError('SignedCookieSessionFactory(secret): the secret must be a string');
  const { hashalg = 'sha512', salt = 'pyramid.session.', serializer, oldSecrets = [], ...rest } = options;
  return BaseCookieSessionFactory(new SignedSerializer(secret, salt, hashalg, serializer ?? new JSONSerializer(), oldSecrets), rest);
}
