/**
 * The connection behind Redis sessions: one ioredis client per session factory, every command
 * bounded in time, and an outage noticed once (logged when it starts and when it ends) so
 * that requests fail fast while Redis is away and work again, without a restart, once it is back.
 */
import { spawnSync } from 'node:child_process';
import Redis, { type RedisOptions } from 'ioredis';
import { ConfigurationError } from '../exceptions';
import { getLogger } from '../logging';

const log = getLogger('pyramid_redis_sessions');

/** What sessions ask of a Redis client (ioredis's signatures): GET, SET with EX (and NX), EXPIRE, DEL. */
export interface RedisClient {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ex: 'EX', seconds: number): Promise<unknown>;
  set(key: string, value: string, ex: 'EX', seconds: number, nx: 'NX'): Promise<string | null>;
  expire(key: string, seconds: number): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

/** Where Redis is: a URL, or host/port/db/password (pyramid_redis_sessions' names, camelCased). */
export interface RedisConnectionOptions {
  /** `redis://[:password@]host:port/db` (or `rediss://`, `unix:///path?db=N`); wins over the others. */
  url?: string | null;
  /** Default `'localhost'`. */
  host?: string;
  /** Default `6379`. */
  port?: number | string;
  /** Default `0`. */
  db?: number | string;
  password?: string | null;
  /** A Unix socket instead of host and port. */
  unixSocketPath?: string | null;
  /** Seconds a command (or the first connection) may take before the request gets a 503. Default 5. */
  socketTimeout?: number | string;
}

/** The session store could not answer: the request that needed it gets a 503. */
export class SessionStoreUnavailable extends Error {
  name = 'SessionStoreUnavailable';
}

function positiveNumber(value: number | string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new ConfigurationError(`Redis session option ${name} must be a positive number, not ${JSON.stringify(value)}`);
  return n;
}

function wholeNumber(value: number | string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ConfigurationError(`Redis session option ${name} must be a whole number, not ${JSON.stringify(value)}`);
  return n;
}

/** The arguments of `new Redis(...)` for these options; `where` names the server without its password. */
function connectionArgs(options: RedisConnectionOptions): { url: string | null; redisOptions: RedisOptions; where: string; timeoutMs: number } {
  const timeoutMs = Math.round(positiveNumber(options.socketTimeout, 'socketTimeout', 5) * 1000);
  const redisOptions: RedisOptions = {
    commandTimeout: timeoutMs,
    connectTimeout: timeoutMs,
    // Reconnect soon after Redis is back: at most a second between tries.
    retryStrategy: (times) => Math.min(times * 100, 1000),
    // A command caught by a dropped connection is retried once on the new one, within its timeout.
    maxRetriesPerRequest: 1,
    // Commands of concurrent requests issued in one tick go out in one write.
    enableAutoPipelining: true,
  };
  let where: string;
  let url: string | null = null;
  if (options.url) {
    url = options.url;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ConfigurationError(`Redis session option url is not a URL: ${JSON.stringify(url)} (use redis://host:port/db)`);
    }
    if (parsed.password) parsed.password = '***';
    where = parsed.href;
  } else if (options.unixSocketPath) {
    redisOptions.path = options.unixSocketPath;
    redisOptions.db = wholeNumber(options.db, 'db', 0);
    where = `unix://${options.unixSocketPath}?db=${redisOptions.db}`;
  } else {
    redisOptions.host = options.host ?? 'localhost';
    redisOptions.port = wholeNumber(options.port, 'port', 6379);
    redisOptions.db = wholeNumber(options.db, 'db', 0);
    where = `redis://${redisOptions.host}:${redisOptions.port}/${redisOptions.db}`;
  }
  if (options.password && !url) redisOptions.password = options.password;
  return { url, redisOptions, where, timeoutMs };
}

// Run in a child node process so that the check can be synchronous, as configuration is.
const PING_SCRIPT = `
const Redis = require(process.argv[1]).default;
let input = '';
process.stdin.on('data', (d) => (input += d)).on('end', () => {
  const { url, redisOptions } = JSON.parse(input);
  const options = { ...redisOptions, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false };
  const client = url ? new Redis(url, options) : new Redis(options);
  let cause = null; // the socket's own error (ECONNREFUSED...), which connect() reports only as "Connection is closed"
  client.on('error', (e) => (cause = cause || e));
  client.connect().then(() => client.ping()).then(
    (pong) => { process.stdout.write(String(pong)); process.exit(0); },
    (e) => { process.stdout.write(String(((cause || e) && (cause || e).message) || e)); process.exit(1); });
});
`;

/**
 * Asks Redis for a PONG before the app starts serving, synchronously (a child process, bounded
 * by the socket timeout). Throws a ConfigurationError that says what to do when it gets none.
 */
export function checkReachable(options: RedisConnectionOptions, settingName = 'redis.sessions.check_at_start'): void {
  const { url, redisOptions, where, timeoutMs } = connectionArgs(options);
  const { retryStrategy: _retry, ...plain } = redisOptions;
  const child = spawnSync(process.execPath, ['-e', PING_SCRIPT, require.resolve('ioredis')], {
    input: JSON.stringify({ url, redisOptions: plain }),
    encoding: 'utf8',
    timeout: timeoutMs + 5000,
  });
  if (child.status === 0 && child.stdout === 'PONG') return;
  const reason = child.error ? child.error.message : child.stdout || child.stderr.trim() || `exit status ${child.status}`;
  throw new ConfigurationError(
    `Cannot reach the Redis session store at ${where} (${reason}). Start Redis or fix the address (redis.sessions.url, ` +
      `or host/port/db); or set ${settingName} = false to start anyway, answering 503 to requests that use the session until Redis is back.`,
  );
}

/**
 * One factory's connection. Commands are bounded by the socket timeout; while the connection
 * is known to be down they fail at once instead of each waiting that long.
 */
export class RedisStore {
  readonly where: string;
  private readonly url: string | null;
  private readonly redisOptions: RedisOptions;
  readonly timeoutMs: number;
  private client: Redis | null = null;
  /** The error that took the connection down, while it is down. */
  private outage: Error | null = null;

  constructor(options: RedisConnectionOptions) {
    ({ url: this.url, redisOptions: this.redisOptions, where: this.where, timeoutMs: this.timeoutMs } = connectionArgs(options));
  }

  /** The client, made (and connecting) on first use. */
  connection(): Redis {
    if (this.client) return this.client;
    const client = this.url ? new Redis(this.url, this.redisOptions) : new Redis(this.redisOptions);
    client.on('error', (error: Error) => {
      if (this.outage) return;
      this.outage = error;
      log.error(`Redis session store ${this.where} unreachable (${error.message}): requests that use the session get 503 until it is back; reconnecting.`);
    });
    client.on('ready', () => {
      if (!this.outage) return;
      this.outage = null;
      log.warning(`Redis session store ${this.where} is back: sessions served again.`);
    });
    this.client = client;
    return client;
  }

  /**
   * Runs `commands` against `client` (ours unless a `clientCallable` gave another) within the
   * timeout; rejects with SessionStoreUnavailable saying why.
   */
  async run<T>(client: RedisClient, what: string, commands: (client: RedisClient) => Promise<T>): Promise<T> {
    if (client === (this.client as RedisClient | null) && this.outage && this.client!.status !== 'ready') {
      throw new SessionStoreUnavailable(`Redis session store ${this.where} is unreachable (${this.outage.message})`);
    }
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SessionStoreUnavailable(`Redis session store ${this.where} did not answer ${what} within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      return await Promise.race([commands(client), deadline]);
    } catch (error) {
      if (error instanceof SessionStoreUnavailable) throw error;
      throw new SessionStoreUnavailable(`Redis session store ${this.where} failed on ${what}: ${(error as Error).message ?? error}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the connection (tests; a graceful shutdown). */
  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (!client) return;
    try {
      await client.quit();
    } catch {
      client.disconnect();
    }
  }
}
