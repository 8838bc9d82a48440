/**
 * The server behind `use = egg:waitress#main`: node:http with waitress's keys and limits, so a
 * Pyramid `[server:main]` section works unchanged.
 *
 * Keys: `listen` (space-separated `host:port`, `[::1]:port`, `*:port`), or `host` and `port`;
 * `channel_timeout` (seconds a connection may stall, default 120), `max_request_header_size`
 * (bytes, default 262144), `max_request_body_size` (bytes, default 1073741824, checked against
 * Content-Length), `connection_limit` (default 100), `keepalive_timeout` (seconds, default 5),
 * `shutdown_timeout` (seconds to let requests in flight finish on SIGTERM, default 5).
 */
import * as dns from 'dns';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { App, Conf, IniError } from '../ini';
import { getLogger } from '../logging';

interface ServerSettings {
  listen: { host: string; port: number }[];
  channelTimeout: number;
  maxHeaderSize: number;
  maxBodySize: number;
  connectionLimit: number;
  keepAliveTimeout: number;
  shutdownTimeout: number;
}

export interface RunningServer {
  /** One per `listen` entry, with the port actually bound (useful with port 0). */
  urls: string[];
  /** Stops accepting, lets requests in flight finish (bounded by `shutdown_timeout`), then closes. */
  close(): Promise<void>;
}

/** A listen failure with the address and the way out, e.g. a port already in use. */
export class ListenError extends Error {
  constructor(message: string, readonly code: string | undefined) {
    super(message);
    this.name = 'ListenError';
  }
}

const log = getLogger('waitress');

/** PasteDeploy server factory: `[server:main] use = egg:waitress#main`. */
export function main(_globalConf: Conf, settings: Conf): (app: App) => Promise<RunningServer> {
  const parsed = parseServerSettings(settings);
  return (app) => serve(app, parsed);
}

function number(settings: Conf, key: string, fallback: number): number {
  if (settings[key] === undefined || settings[key].trim() === '') return fallback;
  const value = Number(settings[key]);
  if (!Number.isFinite(value) || value < 0) throw new IniError(`'${settings[key]}' is not a number`, undefined, undefined, key);
  return value;
}

function parseServerSettings(settings: Conf): ServerSettings {
  let entries: string[];
  if (settings.listen !== undefined) {
    if (settings.host !== undefined || settings.port !== undefined) {
      throw new IniError('set either listen or host and port, not both', undefined, undefined, 'listen');
    }
    entries = settings.listen.trim().split(/\s+/).filter(Boolean);
  } else {
    entries = [`${settings.host ?? '0.0.0.0'}:${settings.port ?? '8080'}`];
  }
  const listen = entries.map((entry) => {
    const m = /^(?:\[([^\]]+)\]|([^:]*))?(?::(\w+))?$/.exec(entry);
    const port = Number(m?.[3] ?? 8080);
    if (!m || !Number.isInteger(port) || port < 0 || port > 65535) {
      throw new IniError(`'${entry}' is not host:port (e.g. localhost:6543)`, undefined, undefined, settings.listen ? 'listen' : 'port');
    }
    return { host: m[1] ?? m[2] ?? '', port };
  });
  if (!listen.length) throw new IniError('empty; give host:port, e.g. listen = localhost:6543', undefined, undefined, 'listen');
  return {
    listen,
    channelTimeout: number(settings, 'channel_timeout', 120),
    maxHeaderSize: number(settings, 'max_request_header_size', 262144),
    maxBodySize: number(settings, 'max_request_body_size', 1073741824),
    connectionLimit: number(settings, 'connection_limit', 100),
    keepAliveTimeout: number(settings, 'keepalive_timeout', 5),
    shutdownTimeout: number(settings, 'shutdown_timeout', 5),
  };
}

/** Serves `app` on every `listen` address; a hostname is bound on each address it resolves to. */
async function serve(app: App, settings: ServerSettings): Promise<RunningServer> {
  let closing = false;
  const servers: http.Server[] = [];
  const handler: http.RequestListener = (req, res) => {
    if (closing) res.setHeader('Connection', 'close');
    if (Number(req.headers['content-length']) > settings.maxBodySize) {
      res.writeHead(413, { 'Content-Type': 'text/plain', Connection: 'close' });
      res.end(`Request body larger than max_request_body_size (${settings.maxBodySize} bytes)\n`);
      return;
    }
    try {
      const result = app(req, res) as unknown;
      if (result instanceof Promise) result.catch((e: unknown) => failed(res, e));
    } catch (e) {
      failed(res, e);
    }
  };
  const channelMs = settings.channelTimeout * 1000;
  const make = () => {
    const server = http.createServer({
      maxHeaderSize: settings.maxHeaderSize,
      headersTimeout: channelMs,
      requestTimeout: channelMs,
      keepAliveTimeout: settings.keepAliveTimeout * 1000,
      // how often stalled requests are looked for: often enough for short test timeouts
      connectionsCheckingInterval: Math.max(100, Math.min(30000, channelMs / 4)),
    }, handler);
    // Node's own headersTimeout check did not drop a client that stalls mid-headers here; the
    // socket timeout does (at the cost of a timer refresh per write).
    server.timeout = channelMs;
    server.maxConnections = settings.connectionLimit;
    servers.push(server);
    return server;
  };

  const urls: string[] = [];
  try {
    for (const { host, port } of settings.listen) {
      const addresses = host === '' || host === '*' ? [undefined] : (await lookupAll(host));
      let boundPort = port;
      let bound = 0;
      for (const [i, address] of addresses.entries()) {
        try {
          boundPort = await listen(make(), address, boundPort);
          bound++;
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          // a name like localhost may resolve to ::1 on a machine without IPv6
          if (bound === 0 && i === addresses.length - 1) throw listenError(host, port, code, e);
          if (code !== 'EADDRNOTAVAIL' && code !== 'EAFNOSUPPORT') throw listenError(host, port, code, e);
        }
      }
      const shown = host === '' || host === '*' ? '0.0.0.0' : host.includes(':') ? `[${host}]` : host;
      urls.push(`http://${shown}:${boundPort}`);
    }
  } catch (e) {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    throw e;
  }

  return {
    urls,
    close: () => {
      closing = true;
      return Promise.all(servers.map((server) => closeGracefully(server, settings.shutdownTimeout * 1000))).then(() => undefined);
    },
  };
}

function failed(res: http.ServerResponse, error: unknown): void {
  log.exception('Exception while serving a request', error);
  if (!res.headersSent) {
    res.writeHead(500, { 'Content-Type': 'text/plain' });
    res.end('Internal Server Error\n');
  } else {
    res.destroy();
  }
}

async function lookupAll(host: string): Promise<string[]> {
  try {
    const found = await dns.promises.lookup(host, { all: true });
    return [...new Set(found.map((a) => a.address))];
  } catch {
    throw new IniError(`cannot resolve host '${host}'; use localhost, an IP address or *`, undefined, undefined, 'listen');
  }
}

function listen(server: http.Server, host: string | undefined, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function listenError(host: string, port: number, code: string | undefined, cause: unknown): ListenError {
  const where = `${host || '*'}:${port}`;
  if (code === 'EADDRINUSE') {
    return new ListenError(`${where} is already in use, perhaps by another pserve; stop that process, or serve on another port (e.g. listen = ${host || 'localhost'}:${port + 1})`, code);
  }
  if (code === 'EACCES') return new ListenError(`no permission to listen on ${where}; use a port above 1023`, code);
  return new ListenError(`cannot listen on ${where}: ${(cause as Error).message}`, code);
}

/**
 * Stop accepting; idle keep-alive connections close now, busy ones as soon as their response
 * has ended (looked for every 20 ms, so that requests pay nothing for it), all by the deadline.
 */
function closeGracefully(server: http.Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const deadline = setTimeout(() => server.closeAllConnections(), timeoutMs);
    const sweep = setInterval(() => server.closeIdleConnections(), 20);
    deadline.unref();
    sweep.unref();
    server.close(() => {
      clearTimeout(deadline);
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}
