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
 * reached with `session.get(key)` / `session.set(key, value)`. Every other name is an item:
 * the session's own workings sit behind symbols, so `session['state']` is yours.
 */
import { ConfigurationError } from './exceptions';
import { randomBytes } from 'node:crypto';
import { pyFloat } from './pyjson';
import type { CookieOptions } from './response';
import { SignedSerializer, type CookieSerializer, type Serializer } from './sessionserializers';
import { ON_ACCESS, ON_CHANGE, RANDOM, RAW, STATE, SessionBase, asDict, type SessionFactory, type SessionRequest, type SessionResponse } from './sessionbase';

export {
  SessionBase,
  asDict,
  FLASH_PREFIX,
  CSRF_TOKEN_KEY,
  type ISession,
  type SessionFactory,
  type SessionRequest,
  type SessionResponse,
} from './sessionbase';
export { JSONSerializer, SignedSerializer, type CookieSerializer, type Serializer } from './sessionserializers';

export interface BaseCookieSessionOptions {
  /** Default `'session'`. */
  cookieName?: string;
  /** Seconds; adds Max-Age and Expires. Default `null`: a browser-session cookie. */
  maxAge?: number | string | null;
  /** Default `'/'`. */
  path?: string;
  /** Default `null`: no Domain attribute. */
  domain?: string | null;
  /** Default `false`. */
  secure?: boolean;
  /** Default `false`, as Pyramid's (turn it on unless client code reads the cookie). */
  httponly?: boolean;
  /** `'Strict'`, `'Lax'` (the default), `'None'` (needs `secure`) or `null` for none. */
  samesite?: string | null;
  /** Write the cookie even when an exception view made the response. Default `true`. */
  setOnException?: boolean;
  /** Seconds of inactivity after which the state is dropped. Default `1200`; `null`: never. */
  timeout?: number | string | null;
  /** Seconds after which a read re-sends the cookie. Default `0` (every read a second later); `null`: never. */
  reissueTime?: number | string | null;
  /** For tests: seconds since the epoch, as Python's `time.time()`. */
  clock?: () => number;
  /** For tests: the random bytes behind CSRF tokens. */
  randomBytes?: (size: number) => Buffer;
}

export interface SignedCookieSessionOptions extends BaseCookieSessionOptions {
  /** Any hashlib name Node also knows. Default `'sha512'`. */
  hashalg?: string;
  /** Prefix of the HMAC key. Default `'pyramid.session.'`. */
  salt?: string | null;
  /** Turns `[accessed, created, state]` into bytes and back. Default: JSON as Python writes it. */
  serializer?: Serializer;
  /** Secrets that used to sign cookies: still accepted, and re-signed with `secret`. Not in Pyramid. */
  oldSecrets?: Array<string | Buffer>;
}

/** Pyramid's limit on the cookie value, past which the session cannot be stored. */
export const MAX_COOKIE_VALUE_LENGTH = 4064;

/** The session would not fit in a cookie: thrown when the cookie is written (a 500, as in Pyramid). */
export class SessionCookieTooLargeError extends Error {
  name = 'SessionCookieTooLargeError';
  constructor(
    readonly cookieName: string,
    readonly length: number,
  ) {
    super(
      `Cookie value is too long to store (${length} bytes): the session cookie '${cookieName}' may hold at most ` +
        `${MAX_COOKIE_VALUE_LENGTH}. Keep less in the session, or keep large data on the server.`,
    );
  }
}

/** Python's `int()` of an option, when the factory is made. */
export function intOrNull(value: number | string | null | undefined, name: string, fallback: number | null): number | null {
  if (value === undefined) return fallback;
  if (value === null) return null;
  const n = typeof value === 'number' ? Math.trunc(value) : /^\s*[+-]?\d+(_\d+)*\s*$/.test(value) ? Number(value.replace(/_/g, '')) : NaN;
  if (!Number.isFinite(n)) {
    throw new ConfigurationError(`Session option ${name} must be a whole number of seconds or null, not ${JSON.stringify(value)}`);
  }
  return n;
}

const floatText = /^\s*[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?\s*$/;
const specialFloat = /^\s*([+-]?)(nan|inf|infinity)\s*$/i;

/** Python's `float()` of a timestamp from the cookie; `undefined` where Python raises. */
function pyFloatOf(value: unknown): number | undefined {
  switch (typeof value) {
    case 'number':
      return value;
    case 'bigint':
      return Number(value);
    case 'boolean':
      return value ? 1 : 0;
    case 'string': {
      if (floatText.test(value)) return Number(value.replace(/_/g, ''));
      const special = specialFloat.exec(value);
      if (!special) return undefined;
      return special[2].toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
    }
  }
  return undefined;
}

/** Python's `dict(state)` of a JSON value: a mapping, or a list of pairs; `undefined` where Python raises. */
function stateMap(value: unknown): Map<string, any> | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (!Array.isArray(value)) {
    const state = new Map<string, any>();
    for (const key in value) state.set(key, (value as Record<string, unknown>)[key]);
    return state;
  }
  const state = new Map<string, any>();
  for (const pair of value) {
    // Python takes any iterable of two: a list, or a string of two characters.
    const items: unknown[] | null = typeof pair === 'string' ? [...pair] : Array.isArray(pair) ? pair : null;
    if (!items || items.length !== 2 || (items[0] !== null && typeof items[0] === 'object')) return undefined;
    state.set(String(items[0]), items[1]);
  }
  return state;
}

/**
 * A cookie's `[accessed, created, state]`, converted in Pyramid's order: a bad `created` keeps
 * the `renewed` already read (Pyramid's quirk); a state that is no mapping, where Pyramid
 * raises (a 500), makes the session fresh.
 */
function unpack(appstruct: unknown): { renewed?: number; created?: number; state?: Map<string, any> } {
  if (!Array.isArray(appstruct) || appstruct.length !== 3) return {};
  const renewed = pyFloatOf(appstruct[0]);
  if (renewed === undefined) return {};
  const created = pyFloatOf(appstruct[1]);
  if (created === undefined) return { renewed };
  const state = stateMap(appstruct[2]);
  return state ? { renewed, created, state } : {};
}

interface CookieSessionSettings {
  serializer: CookieSerializer;
  cookieName: string;
  cookieOptions: CookieOptions;
  setOnException: boolean;
  timeout: number | null;
  reissueTime: number | null;
  clock: () => number;
  randomBytes: (size: number) => Buffer;
}

const SETTINGS: unique symbol = Symbol('session.settings');
const REQUEST: unique symbol = Symbol('session.request');
const DIRTY: unique symbol = Symbol('session.dirty');
const ACCESSED_IS_FLOAT: unique symbol = Symbol('session.accessedIsFloat');
// Behind a symbol, as all the session's workings: every string name is free for items.
const TOUCH: unique symbol = Symbol('session.touch');

/** A session read from, and written back to, one signed cookie (Pyramid's CookieSession). */
export class CookieSession extends SessionBase {
  new = true;
  created: number;
  accessed: number;
  renewed: number;
  private readonly [SETTINGS]: CookieSessionSettings;
  private [REQUEST]: SessionRequest | null;
  private [DIRTY] = false;
  /** Whether `accessed` is still the float read from the cookie (Python writes it `1.0` then). */
  private [ACCESSED_IS_FLOAT] = true;

  constructor(request: SessionRequest, settings: CookieSessionSettings) {
    const now = settings.clock();
    let stale = false;
    let loaded: ReturnType<typeof unpack> = {};
    const cookie = request.cookies[settings.cookieName];
    if (cookie) {
      try {
        const result = settings.serializer.loadsDetailed ? settings.serializer.loadsDetailed(cookie) : { appstruct: settings.serializer.loads(cookie), stale: false };
        loaded = unpack(result.appstruct);
        stale = result.stale;
      } catch {
        // Tampered, truncated, foreign or odd: a fresh session, silently, as Pyramid gives.
      }
    }
    const renewed = loaded.renewed ?? now;
    // Strictly greater, against the stored (whole-second) accessed; NaN and the future never expire.
    const expired = loaded.state !== undefined && settings.timeout !== null && now - renewed > settings.timeout;
    super(loaded.state !== undefined && !expired ? loaded.state : undefined);
    this[SETTINGS] = settings;
    this[REQUEST] = request;
    if (loaded.state) this.new = false;
    this.created = loaded.created ?? now;
    this.accessed = this.renewed = renewed;
    // A cookie signed with an old secret is re-signed with the current one.
    if (stale && loaded.state) this.changed();
  }

  /** `accessed = int(time.time())`, as both of Pyramid's wrappers begin; returns it. */
  private [TOUCH](): number {
    const now = Math.trunc(this[SETTINGS].clock());
    this[RAW].accessed = now;
    this[ACCESSED_IS_FLOAT] = false;
    return now;
  }

  protected [ON_ACCESS](): void {
    const now = this[TOUCH]();
    const reissue = this[SETTINGS].reissueTime;
    if (reissue !== null && now - this.renewed > reissue) this.changed();
  }

  protected [ON_CHANGE](): void {
    this[TOUCH]();
    this.changed();
  }

  protected [RANDOM](size: number): Buffer {
    return this[SETTINGS].randomBytes(size);
  }

  changed(): void {
    const request = this[REQUEST];
    if (this[DIRTY] || !request) return;
    this[DIRTY] = true;
    request.addResponseCallback((_request, response) => {
      this.writeCookie(request, response);
      this[REQUEST] = null;
    });
  }

  private writeCookie(request: SessionRequest, response: SessionResponse): void {
    const settings = this[SETTINGS];
    if (!settings.setOnException && request.exception !== undefined && request.exception !== null) return;
    const accessed = this[ACCESSED_IS_FLOAT] ? pyFloat(this.accessed) : this.accessed;
    const value = settings.serializer.dumps([accessed, pyFloat(this.created), this[STATE]]);
    if (value.length > MAX_COOKIE_VALUE_LENGTH) throw new SessionCookieTooLargeError(settings.cookieName, value.length);
    let options = settings.cookieOptions;
    // Expires as webob sets it: now + max_age, on the session's clock.
    if (options.maxAge !== null && options.maxAge !== undefined) options = { ...options, expires: new Date((settings.clock() + options.maxAge) * 1000) };
    response.setCookie(settings.cookieName, value, options);
  }
}

/**
 * A session cookie's attributes, checked when the factory is made. `names` says what the
 * factory calls its options (`samesite`, or `cookieSamesite`), for the errors.
 */
export function sessionCookieOptions(
  given: { maxAge?: number | string | null; path?: string; domain?: string | null; secure?: boolean; httponly?: boolean; samesite?: string | null },
  defaults: { httponly: boolean; samesite: string | null },
  names: { maxAge: string; samesite: string; secure: string } = { maxAge: 'maxAge', samesite: 'samesite', secure: 'secure' },
): CookieOptions {
  const samesite = given.samesite === undefined ? defaults.samesite : given.samesite;
  const secure = given.secure ?? false;
  if (samesite !== null && !/^(strict|lax|none)$/i.test(samesite)) {
    throw new ConfigurationError(`Session option ${names.samesite} must be 'Strict', 'Lax', 'None' or null, not ${JSON.stringify(samesite)}`);
  }
  if (samesite !== null && samesite.toLowerCase() === 'none' && !secure) {
    // Pyramid fails on every response; we say so once, where the factory is made.
    throw new ConfigurationError(`Session option ${names.samesite} 'None' needs ${names.secure}: true (browsers drop SameSite=None cookies that are not Secure)`);
  }
  return {
    maxAge: intOrNull(given.maxAge, names.maxAge, null),
    path: given.path ?? '/',
    domain: given.domain ?? null,
    secure,
    httponly: given.httponly ?? defaults.httponly,
    samesite,
  };
}

function cookieSettings(serializer: CookieSerializer, options: BaseCookieSessionOptions): CookieSessionSettings {
  return {
    serializer,
    cookieName: options.cookieName ?? 'session',
    cookieOptions: sessionCookieOptions(options, { httponly: false, samesite: 'Lax' }),
    setOnException: options.setOnException ?? true,
    timeout: intOrNull(options.timeout, 'timeout', 1200),
    reissueTime: intOrNull(options.reissueTime, 'reissueTime', 0),
    clock: options.clock ?? (() => Date.now() / 1000),
    randomBytes: options.randomBytes ?? randomBytes,
  };
}

/**
 * Pyramid's `BaseCookieSessionFactory`: sessions stored whole in a cookie, written with
 * `serializer` (which signs, or encrypts, as it likes). A serializer that does neither
 * lets clients forge sessions: use `SignedCookieSessionFactory` unless you bring your own.
 *
 * @example
 *   const factory = BaseCookieSessionFactory(new MyEncryptingSerializer(key), { httponly: true });
 */
export function BaseCookieSessionFactory(serializer: CookieSerializer, options: BaseCookieSessionOptions = {}): SessionFactory {
  const settings = cookieSettings(serializer, options);
  return (request) => asDict(new CookieSession(request, settings));
}

/**
 * Pyramid's `SignedCookieSessionFactory`: sessions in a cookie signed with HMAC-SHA512 over
 * JSON, laid out byte for byte as Pyramid 2.0 lays it out. Signed, not encrypted: the
 * client can read what the session holds.
 *
 * @example
 *   const mySessionFactory = SignedCookieSessionFactory('itsaseekreet');
 *   const config = new Configurator({ settings, sessionFactory: mySessionFactory });
 *
 *   // Rotating the secret: old cookies still read, and are re-signed with the new secret.
 *   SignedCookieSessionFactory(settings['session.secret'], { oldSecrets: [settings['session.old_secret']] });
 */
export function SignedCookieSessionFactory(secret: string | Buffer, options: SignedCookieSessionOptions = {}): SessionFactory {
  if (typeof secret !== 'string' && !Buffer.isBuffer(secret)) {
    throw new TypeError(`SignedCookieSessionFactory(secret): the secret must be a string, not ${secret === undefined ? 'undefined' : typeof secret}`);
  }
  // Pyramid's salt; the other defaults are SignedSerializer's own.
  const { hashalg, salt = 'pyramid.session.', serializer, oldSecrets, ...rest } = options;
  return BaseCookieSessionFactory(new SignedSerializer(secret, salt, hashalg, serializer, oldSecrets), rest);
}
