/**
 * Sessions kept in Redis, as `pyramid_redis_sessions` keeps them: the browser holds only a
 * signed session id; the state lives under that id in Redis with a TTL of `timeout` seconds,
 * pushed back on every request that uses the session (sliding expiry); `invalidate()` deletes
 * the key. Any number of processes and machines that share the Redis and the secret share the
 * sessions.
 *
 * Redis answers asynchronously and `request.session` is synchronous, so the factory comes with
 * a tween, which `config.setSessionFactory` places over the exception views. Before the view
 * it loads the session named by a validly signed cookie (a request without one costs no Redis
 * call); after the view it saves what the view changed, in one round trip. If Redis fails, the
 * request gets a 503 when (and only if) it uses the session.
 *
 * @example
 *   // development.ini: redis.sessions.secret = ..., redis.sessions.url = redis://localhost:6379/0
 *   config.include('pyramid_redis_sessions');
 *   // or
 *   config.setSessionFactory(RedisSessionFactory(settings['session.secret'], { url: 'redis://localhost:6379/0' }));
 */
import { createHash, randomBytes } from 'node:crypto';
import { ConfigurationError } from '../exceptions';
import { HTTPServiceUnavailable } from '../httpexceptions';
import { getLogger } from '../logging';
import { pyDumps, pyFloat, pyLoads } from '../pyjson';
import type { Response } from '../response';
import { isThenable } from '../views';
import { ON_ACCESS, ON_CHANGE, RANDOM, RAW, STATE, SESSION_TWEEN, SessionBase, asDict, type ISession, type SessionFactory, type SessionRequest } from '../sessionbase';
import { SignedSerializer } from '../sessionserializers';
import { intOrNull, sessionCookieOptions } from '../session';
import { checkReachable, RedisStore, SessionStoreUnavailable, type RedisClient, type RedisConnectionOptions } from './store';

const log = getLogger('pyramid_redis_sessions');

/** What is stored under the session id: pyramid_redis_sessions' record, as JSON. */
export interface SessionRecord {
  managed_dict: Record<string, any>;
  created: number;
  timeout: number;
}

export interface RedisSessionOptions extends RedisConnectionOptions {
  /** Seconds of inactivity after which Redis drops the session. Default 1200. */
  timeout?: number | string;
  /** Default `'session'`. */
  cookieName?: string;
  /** Seconds; adds Max-Age and Expires. Default `null`: a browser-session cookie. */
  cookieMaxAge?: number | string | null;
  /** Default `'/'`. */
  cookiePath?: string;
  /** Default `null`: no Domain attribute. */
  cookieDomain?: string | null;
  /** Default `false`. */
  cookieSecure?: boolean;
  /** Default `true` (pyramid_redis_sessions' default). */
  cookieHttponly?: boolean;
  /** `'Strict'`, `'Lax'`, `'None'` (needs `cookieSecure`) or `null` (the default: no attribute, as pyramid_redis_sessions). */
  cookieSamesite?: string | null;
  /** Set the cookie of a new session even when an exception view made the response. Default `true`. */
  cookieOnException?: boolean;
  /** Keys are `prefix + id`. Cannot be given with `idGenerator`. */
  prefix?: string;
  /** A new session's key. Default: 64 hex characters, sha256(sha256(20 random bytes)), as pyramid_redis_sessions'. */
  idGenerator?: () => string;
  /** A client per request (`(request, options) => client`), instead of the factory's own ioredis client. */
  clientCallable?: (request: SessionRequest, options: RedisConnectionOptions) => RedisClient;
  /** The record as stored. Default: JSON as Python's `json.dumps` writes it. */
  serialize?: (record: SessionRecord) => string;
  /** The dual of `serialize`; throws on what it cannot read (the session is then new). */
  deserialize?: (stored: string) => SessionRecord;
  /** Ask Redis for a PONG when the factory is made; without one, refuse to start. Default `true`. */
  checkAtStart?: boolean;
  /** For tests: seconds since the epoch. */
  clock?: () => number;
  /** For tests: the bytes behind CSRF tokens. */
  randomBytes?: (size: number) => Buffer;
}

/** What a request handler is to a tween: a request in, a response (or its promise) out. */
export type Handler<Req> = (request: Req) => Response | Promise<Response>;

/** A session factory that needs its tween around the view: it loads before and saves after. */
export interface RedisSessionFactory extends SessionFactory {
  tween<Req extends SessionRequest>(handler: Handler<Req>): Handler<Req>;
  /** The factory's own connection. */
  readonly store: RedisStore;
  /** Closes the factory's connection (tests; a graceful shutdown). */
  close(): Promise<void>;
}

/** pyramid_redis_sessions' id: 64 hex characters. */
export function generateSessionId(): string {
  return createHash('sha256').update(createHash('sha256').update(randomBytes(20)).digest()).digest('hex');
}

const DIRTY: unique symbol = Symbol('redis.session.dirty');
const TOUCHED: unique symbol = Symbol('redis.session.touched');
const ID: unique symbol = Symbol('redis.session.id');
const DELETE: unique symbol = Symbol('redis.session.delete');
const CONTEXT: unique symbol = Symbol('redis.session.context');

interface SessionContext {
  clock: () => number;
  randomBytes: (size: number) => Buffer;
  defaultTimeout: number;
}

/**
 * A session whose state lives in Redis (pyramid_redis_sessions' RedisSession). Reads mark it
 * to be refreshed (its TTL pushed back), writes to be saved; the tween does either once.
 */
export class RedisSession extends SessionBase {
  new: boolean;
  created: number;
  accessed: number;
  /** When this request loaded the session (Redis keeps no access time of its own: the TTL is it). */
  renewed: number;
  /** Seconds of inactivity before Redis drops this session (see `adjustTimeoutForSession`). */
  timeout: number;
  private [ID]: string | null;
  /** Keys to delete at the save: those of sessions invalidated during the request. */
  private readonly [DELETE]: string[] = [];
  private [DIRTY] = false;
  private [TOUCHED] = false;
  private readonly [CONTEXT]: SessionContext;

  constructor(context: SessionContext, id: string | null, record: SessionRecord | null) {
    super(record ? new Map(Object.entries(record.managed_dict)) : undefined);
    const now = context.clock();
    this[CONTEXT] = context;
    this[ID] = record ? id : null;
    this.new = record === null;
    this.created = record ? record.created : now;
    this.timeout = record ? record.timeout : context.defaultTimeout;
    this.accessed = this.renewed = Math.trunc(now);
  }

  /** The key in Redis; `null` until a new session is first saved. */
  get sessionId(): string | null {
    return this[ID];
  }

  protected [ON_ACCESS](): void {
    this[RAW].accessed = Math.trunc(this[CONTEXT].clock());
    this[TOUCHED] = true;
  }

  protected [ON_CHANGE](): void {
    this[ON_ACCESS]();
    this[DIRTY] = true;
  }

  protected [RANDOM](size: number): Buffer {
    return this[CONTEXT].randomBytes(size);
  }

  changed(): void {
    this[ON_CHANGE]();
  }

  /** Deletes the session's key (at the end of the request); what is stored after this starts a new session, with a new id. */
  invalidate(): void {
    const raw = this[RAW];
    if (raw[ID] !== null) raw[DELETE].push(raw[ID]);
    raw[ID] = null;
    raw[STATE] = new Map();
    raw.new = true;
    raw.created = raw[CONTEXT].clock();
    raw.timeout = raw[CONTEXT].defaultTimeout;
    raw[DIRTY] = false;
    raw[TOUCHED] = false;
  }

  /** pyramid_redis_sessions' `adjust_timeout_for_session`: this session's timeout from now on, kept in the record. */
  adjustTimeoutForSession(timeoutSeconds: number): void {
    if (!Number.isInteger(timeoutSeconds) || timeoutSeconds <= 0) throw new TypeError(`adjustTimeoutForSession(${timeoutSeconds}): the timeout must be a whole number of seconds above 0`);
    this[RAW].timeout = timeoutSeconds;
    this.changed();
  }

  /** What the save must do, for the tween. */
  static pending(session: RedisSession): { id: string | null; dirty: boolean; touched: boolean; deletes: string[]; record: SessionRecord; timeout: number } {
    return {
      id: session[ID],
      dirty: session[DIRTY],
      touched: session[TOUCHED],
      deletes: session[DELETE],
      timeout: session.timeout,
      record: { managed_dict: Object.fromEntries(session[STATE]), created: session.created, timeout: session.timeout },
    };
  }

  /** The tween gave a new session its id. */
  static saved(session: RedisSession, id: string): void {
    session[ID] = id;
  }
}

interface RequestState {
  /** The id the cookie carried, its signature checked; `null` without a valid one. */
  cookieId: string | null;
  record: SessionRecord | null;
  failure: SessionStoreUnavailable | null;
  client: RedisClient | null;
  session: (RedisSession & ISession) | null;
}

function isRecord(value: unknown): value is SessionRecord {
  const r = value as SessionRecord;
  return (
    r !== null && typeof r === 'object' && r.managed_dict !== null && typeof r.managed_dict === 'object' && !Array.isArray(r.managed_dict) &&
    typeof r.created === 'number' && Number.isInteger(r.timeout) && r.timeout > 0
  );
}

function describe(request: SessionRequest): string {
  const { method, pathQs } = request as { method?: string; pathQs?: string };
  return method && pathQs !== undefined ? `${method} ${pathQs}` : 'a request';
}

/**
 * pyramid_redis_sessions' `RedisSessionFactory(secret, ...)`. The returned factory goes to
 * `config.setSessionFactory()` (or the Configurator's `sessionFactory`); its `tween` does the
 * loading and saving, and `close()` closes its connection.
 */
export function RedisSessionFactory(secret: string, options: RedisSessionOptions = {}): RedisSessionFactory {
  if (typeof secret !== 'string' || secret === '') throw new ConfigurationError('RedisSessionFactory(secret): the secret must be a non-empty string (redis.sessions.secret)');
  if (options.prefix !== undefined && options.idGenerator !== undefined) throw new ConfigurationError('Redis session options prefix and idGenerator cannot both be given: the prefix is put before the default generator\'s ids');
  const timeout = intOrNull(options.timeout, 'timeout', 1200);
  if (timeout === null || timeout <= 0) throw new ConfigurationError(`Redis session option timeout must be above 0, not ${timeout}`);
  const cookieName = options.cookieName ?? 'session';
  const cookieOptions = sessionCookieOptions(
    { maxAge: options.cookieMaxAge, path: options.cookiePath, domain: options.cookieDomain, secure: options.cookieSecure, httponly: options.cookieHttponly, samesite: options.cookieSamesite },
    { httponly: true, samesite: null },
    { maxAge: 'cookieMaxAge', samesite: 'cookieSamesite', secure: 'cookieSecure' },
  );
  // What webob's delete_cookie sends: an empty value that expired long ago.
  const deleteCookieOptions = { path: options.cookiePath ?? '/', domain: cookieOptions.domain, maxAge: 0, expires: new Date(0) };
  const cookieOnException = options.cookieOnException ?? true;
  const prefix = options.prefix ?? '';
  const idGenerator = options.idGenerator ?? (() => prefix + generateSessionId());
  const serialize = options.serialize ?? ((record: SessionRecord) => pyDumps({ ...record, created: pyFloat(record.created) }));
  const deserialize = options.deserialize ?? ((stored: string) => pyLoads(stored) as SessionRecord);
  const context: SessionContext = { clock: options.clock ?? (() => Date.now() / 1000), randomBytes: options.randomBytes ?? randomBytes, defaultTimeout: timeout };
  // The cookie holds the id signed as Pyramid 2 signs its session cookies (HMAC-SHA512 over JSON).
  const signer = new SignedSerializer(secret, 'pyramid_redis_sessions.');
  const store = new RedisStore(options);
  const clientCallable = options.clientCallable;
  if (options.checkAtStart ?? true) {
    if (clientCallable) throw new ConfigurationError('Redis session option checkAtStart needs the factory\'s own client: with clientCallable, check your client yourself and set checkAtStart to false');
    checkReachable(options);
  }
  const states = new WeakMap<object, RequestState>();

  function idFromCookie(request: SessionRequest): string | null {
    const value = request.cookies[cookieName];
    if (!value) return null;
    try {
      const id = signer.loads(value);
      return typeof id === 'string' && id !== '' ? id : null;
    } catch {
      return null; // tampered, foreign or truncated: a new session, silently
    }
  }

  function readRecord(stored: string | null, id: string): SessionRecord | null {
    if (stored === null) return null; // expired, or never there
    try {
      const record = deserialize(stored);
      if (isRecord(record)) return record;
    } catch {
      // fall through
    }
    log.warning(`Redis session ${id}: the stored record cannot be read; a new session replaces it`);
    return null;
  }

  const factory = (request: SessionRequest): ISession => {
    const state = states.get(request);
    if (!state) {
      throw new Error(
        "RedisSessionFactory's sessions are loaded by its tween before the view: set the factory with config.setSessionFactory() " +
          "(or config.include('pyramid_redis_sessions')) and serve the app made by makeWsgiApp(); a pyramid.tweens list must name " +
          `${SESSION_TWEEN} (over the excview tween), and a tween that uses request.session must be under it (addTween(f, { under: '${SESSION_TWEEN}' }))`,
      );
    }
    if (state.failure) {
      log.error(`${describe(request)}: ${state.failure.message}; answered 503 Service Unavailable`);
      throw new HTTPServiceUnavailable('The session store is unavailable. Please try again later.');
    }
    if (!state.session) state.session = asDict(new RedisSession(context, state.cookieId, state.record));
    return state.session;
  };

  /** The key a new session is stored under: the generator's, tried again on the (unlikely) chance it is taken. */
  async function storeNew(client: RedisClient, payload: string, ttl: number): Promise<string> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const id = idGenerator();
      if ((await client.set(id, payload, 'EX', ttl, 'NX')) !== null) return id;
    }
    throw new Error('the id generator gave 10 ids already in use');
  }

  /** Whether the request left anything for Redis to do: a write, a refresh, a delete. */
  function hasWork(state: RequestState): boolean {
    if (state.session === null) return false;
    const pending = RedisSession.pending(state.session);
    // A new session only read, never written, costs nothing: no key, no cookie.
    return pending.id !== null ? pending.dirty || pending.touched || pending.deletes.length > 0 : pending.dirty || pending.deletes.length > 0;
  }

  /**
   * One round trip: deletes, then the write (or the TTL refresh). The cookie goes out in a
   * response callback, as pyramid_redis_sessions sends it: on whatever response the router
   * finally sends, the error page included. Rejects with SessionStoreUnavailable.
   */
  async function save(request: SessionRequest, state: RequestState): Promise<void> {
    const session = state.session!;
    const pending = RedisSession.pending(session);
    const withCookie = cookieOnException || request.exception === undefined || request.exception === null;
    // A new session no cookie will name is not stored.
    const storeNewSession = pending.dirty && pending.id === null && withCookie;
    let newId: string | null = null;
    await store.run(state.client!, 'the session save', async (client) => {
      for (const key of pending.deletes) await client.del(key);
      if (pending.id !== null && pending.dirty) await client.set(pending.id, serialize(pending.record), 'EX', pending.timeout);
      else if (pending.id !== null && pending.touched) await client.expire(pending.id, pending.timeout);
      else if (storeNewSession) newId = await storeNew(client, serialize(pending.record), pending.timeout);
    });
    if (newId !== null) {
      RedisSession.saved(session, newId);
      const value = signer.dumps(newId);
      request.addResponseCallback((_request, response) => {
        const maxAge = cookieOptions.maxAge;
        response.setCookie(cookieName, value, maxAge !== null && maxAge !== undefined ? { ...cookieOptions, expires: new Date((context.clock() + maxAge) * 1000) } : cookieOptions);
      });
    } else if (state.cookieId !== null && pending.deletes.includes(state.cookieId)) {
      request.addResponseCallback((_request, response) => response.setCookie(cookieName, '', deleteCookieOptions));
    }
  }

  const tween = <Req extends SessionRequest>(handler: Handler<Req>): Handler<Req> => {
    const unavailable = (request: Req, error: unknown) => {
      log.error(`${describe(request)}: ${(error as Error).message}; answered 503 Service Unavailable`);
      return new HTTPServiceUnavailable('The session store is unavailable. Please try again later.');
    };
    const finish = (request: Req, state: RequestState, response: Response): Response | Promise<Response> => {
      if (!hasWork(state)) return response;
      return save(request, state).then(() => response, (error) => unavailable(request, error));
    };
    // The view failed and no exception view answered: what it stored is saved all the same (as
    // pyramid_redis_sessions, which writes at each change), then the error goes on up.
    const failed = (request: Req, state: RequestState, error: unknown): Promise<never> | never => {
      if (!hasWork(state)) throw error;
      return save(request, state).then(
        () => Promise.reject(error),
        (saveError) => {
          log.error(`${describe(request)}: ${(saveError as Error).message}; the session was not saved`);
          return Promise.reject(error);
        },
      );
    };
    return (request: Req) => {
      const cookieId = idFromCookie(request);
      const state: RequestState = { cookieId, record: null, failure: null, client: null, session: null };
      states.set(request, state);
      try {
        state.client = clientCallable ? clientCallable(request, options) : store.connection();
      } catch (error) {
        state.failure = new SessionStoreUnavailable(`the clientCallable failed: ${(error as Error).message ?? error}`);
      }
      const run = (): Response | Promise<Response> => {
        let result: Response | Promise<Response>;
        try {
          result = handler(request);
        } catch (error) {
          return failed(request, state, error);
        }
        return isThenable(result)
          ? Promise.resolve(result).then((response) => finish(request, state, response), (error) => failed(request, state, error))
          : finish(request, state, result);
      };
      // No valid cookie: a new session, made without asking Redis.
      if (cookieId === null || state.failure) return run();
      return store.run(state.client!, 'the session load', (client) => client.get(cookieId)).then(
        (stored) => {
          state.record = readRecord(stored, cookieId);
          return run();
        },
        (error: SessionStoreUnavailable) => {
          // Only a request that uses the session fails (the factory throws the 503 then).
          state.failure = error;
          return run();
        },
      );
    };
  };
  return Object.assign(factory, { tween, store, close: () => store.close() });
}
