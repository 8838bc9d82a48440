/**
 * The server behind `use = egg:waitress#main`: node:http with waitress's keys and limits, so a
 * Pyramid `[server:main]` section works unchanged.
 *
 * Keys: `listen` (space-separated `host:port`, `[::1]:port`, `*:port`), or `host` and `port`;
 * `channel_timeout` (seconds a client may stall mid-request before it is answered 408 and
 * closed; an idle connection is closed after it too; default 120), `max_request_header_size`
 * (bytes, default 262144), `max_request_body_size` (bytes, default 1073741824, checked against
 * Content-Length), `connection_limit` (default 100: past it the oldest idle connections are
 * closed to make room; only when every connection has a request in flight is a new one
 * refused), `keepalive_timeout` (seconds, default 5), `shutdown_timeout` (seconds to let
 * requests in flight finish on SIGTERM, default 5), `view_timeout` (seconds a request may run
 * before it is answered 503 and logged; default 0, off, as in Pyramid), `slow_request_warning`
 * (seconds after which a request still running is logged, once; default 60, 0 for never),
 * `workers` (processes; `auto` for one per core; default 1: see ./workers), and waitress's
 * proxy keys (`trusted_proxy`, `trusted_proxy_count`, `trusted_proxy_headers`,
 * `clear_untrusted_proxy_headers`, `log_untrusted_proxy_headers`, `url_scheme`; see
 * ../proxyheaders).
 */
import * as dns from 'dns';
import * as http from 'http';
import * as net from 'net';
import type { AddressInfo } from 'net';
import { App, Conf, IniError } from '../ini';
import { getLogger } from '../logging';
import { processSettings, seconds } from './workers';
import { applyProxyHeaders, MalformedProxyHeader, parseProxySettings, ProxySettings, proxySettingsInUse } from '../proxyheaders';

interface ServerSettings {
  listen: { host: string; port: number }[];
  channelTimeout: number;
  maxHeaderSize: number;
  maxBodySize: number;
  connectionLimit: number;
  keepAliveTimeout: number;
  shutdownTimeout: number;
  viewTimeout: number;
  slowRequestWarning: number;
  workers: number;
  proxy: ProxySettings;
}

export interface RunningServer {
  /** One per `listen` entry, with the port actually bound (useful with port 0). */
  urls: string[];
  /** Seconds `close()` gives requests in flight (`shutdown_timeout`). */
  shutdownTimeout: number;
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
    channelTimeout: seconds(settings, 'channel_timeout', 120),
    maxHeaderSize: seconds(settings, 'max_request_header_size', 262144),
    maxBodySize: seconds(settings, 'max_request_body_size', 1073741824),
    connectionLimit: seconds(settings, 'connection_limit', 100),
    keepAliveTimeout: seconds(settings, 'keepalive_timeout', 5),
    viewTimeout: seconds(settings, 'view_timeout', 0),
    slowRequestWarning: seconds(settings, 'slow_request_warning', 60),
    ...processSettings(settings),
    proxy: parseProxySettings(settings, log),
  };
}

/** Node's own fields on a socket of an HTTP server: the response in progress, if any. */
type HttpSocket = net.Socket & { _httpMessage?: http.ServerResponse | null };

/**
 * What Node's parser lets through but waitress refuses: more than one Host header (RFC 9112:
 * a 400), and a header section past `max_request_header_size` made of many small headers
 * (Node checks the size of big ones only).
 */
function refuseHeaders(raw: string[], maxSize: number): { status: number; message: string } | undefined {
  let hosts = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    if (name.length === 4 && name.toLowerCase() === 'host' && ++hosts > 1) return { status: 400, message: 'More than one Host header\n' };
  }
  if (raw.length > 128) {
    let size = 0;
    for (const part of raw) size += part.length + 2;
    if (size > maxSize) return { status: 431, message: `Request header fields larger than max_request_header_size (${maxSize} bytes)\n` };
  }
  return undefined;
}

/** When the sweep first saw a response in progress, and whether it was logged as slow. */
const seen = new WeakMap<http.ServerResponse, { since: number; warned: boolean }>();

/** Serves `app` on every `listen` address; a hostname is bound on each address it resolves to. */
async function serve(app: App, settings: ServerSettings): Promise<RunningServer> {
  let closing = false;
  const servers: http.Server[] = [];
  const proxy = proxySettingsInUse(settings.proxy) ? settings.proxy : undefined;
  const handler: http.RequestListener = (req, res) => {
    if (closing) res.setHeader('Connection', 'close');
    const refused = refuseHeaders(req.rawHeaders, settings.maxHeaderSize);
    if (refused) {
      res.writeHead(refused.status, { 'Content-Type': 'text/plain', Connection: 'close' });
      res.end(refused.message);
      return;
    }
    if (Number(req.headers['content-length']) > settings.maxBodySize) {
      res.writeHead(413, { 'Content-Type': 'text/plain', Connection: 'close' });
      res.end(`Request body larger than max_request_body_size (${settings.maxBodySize} bytes)\n`);
      return;
    }
    try {
      if (proxy) applyProxyHeaders(req, proxy, log);
      const result = app(req, res) as unknown;
      if (result instanceof Promise) result.catch((e: unknown) => failed(req, res, e));
    } catch (e) {
      if (e instanceof MalformedProxyHeader) {
        log.warning(`Malformed proxy header "${e.header}" from "${req.socket.remoteAddress}": ${e.reason} value: ${e.value}`);
        res.writeHead(400, { 'Content-Type': 'text/plain', Connection: 'close' });
        res.end(`Bad Request\n\n${e.message}\n`);
        return;
      }
      failed(req, res, e);
    }
  };
  const channelMs = settings.channelTimeout * 1000;
  const connections = new Set<HttpSocket>();
  // four looks a second at the responses in progress: no cost per request, and a timeout
  // holds to within half a second
  const watching = settings.viewTimeout > 0 || settings.slowRequestWarning > 0;
  const sweep = watching ? setInterval(() => overdue(connections, settings), 250) : undefined;
  sweep?.unref();
  const make = () => {
    const server = http.createServer({
      maxHeaderSize: settings.maxHeaderSize,
      // the whole header section within channel_timeout (slowloris), answered 408 by Node;
      // a body is bounded by inactivity instead (below), as waitress bounds it
      headersTimeout: channelMs,
      requestTimeout: 0,
      keepAliveTimeout: settings.keepAliveTimeout * 1000,
      // how often stalled headers are looked for: a timeout holds to within this
      connectionsCheckingInterval: Math.max(100, Math.min(1000, channelMs / 4)),
    }, handler);
    server.timeout = channelMs;
    // Node's default (2000) drops the headers past about a thousand without a word; the header
    // size limit is the bound instead, as in waitress
    server.maxHeadersCount = 0;
    server.on('timeout', (socket: HttpSocket) => stalled(socket, server));
    server.on('connection', (socket: HttpSocket) => {
      connections.add(socket);
      socket.once('close', () => connections.delete(socket));
      if (connections.size > settings.connectionLimit) makeRoom(connections, settings.connectionLimit);
    });
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
    clearInterval(sweep);
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    throw e;
  }

  return {
    urls,
    shutdownTimeout: settings.shutdownTimeout,
    close: async () => {
      closing = true;
      // the listening sockets close now; their callbacks wait for the connections drain() ends
      const stopped = Promise.all(servers.map((server) => stopListening(server)));
      await drain(connections, settings.shutdownTimeout * 1000);
      await stopped;
      clearInterval(sweep);
    },
  };
}

/**
 * `connection_limit` reached: close idle connections, oldest first (a keep-alive connection
 * between requests, or one that has not sent a whole request yet), until there is room. Only
 * when every connection has a request in flight is the newcomer itself closed.
 */
function makeRoom(connections: Set<HttpSocket>, limit: number): void {
  let excess = connections.size - limit;
  for (const socket of connections) {
    if (excess <= 0) return;
    if (socket._httpMessage) continue;
    connections.delete(socket);
    socket.destroy();
    excess--;
  }
}

const STALLED = 'The client sent no data within channel_timeout.\n';
const REQUEST_TIMEOUT = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Type: text/plain\r\n' +
  `Content-Length: ${STALLED.length}\r\n\r\n${STALLED}`;

/**
 * No bytes either way for `channel_timeout`. A client that stalls mid-request is answered 408;
 * an idle keep-alive connection is closed; a request whose view is still running is left to
 * `view_timeout` (the client is waiting, not stalling).
 */
function stalled(socket: HttpSocket, server: http.Server): void {
  const res = socket._httpMessage;
  if (!res) {
    // Node stretches the timeout to keepalive_timeout + 1 s between requests: then it is idle;
    // otherwise the client has not finished sending its headers (Node's headersTimeout would
    // answer the same 408 within a second)
    const idle = (socket as { timeout?: number }).timeout !== server.timeout;
    if (idle || !socket.writable) socket.destroy();
    else socket.end(REQUEST_TIMEOUT, () => socket.destroy());
    return;
  }
  const req = (res as unknown as { req: http.IncomingMessage }).req;
  if (!req.complete) {
    if (!res.headersSent) {
      log.warning(`${req.method} ${req.url}: the client sent no data for channel_timeout (${server.timeout / 1000} s) mid-request; answered 408`);
      res.writeHead(408, { 'Content-Type': 'text/plain', Connection: 'close' });
      res.end(STALLED);
    } else {
      socket.destroy();
    }
    return;
  }
  // the response is being written but the client does not read it
  if (res.headersSent && socket.writableLength > 0) socket.destroy();
}

/** Four times a second: requests past `slow_request_warning` are logged once; past `view_timeout`, answered 503. */
function overdue(connections: Set<HttpSocket>, settings: ServerSettings): void {
  const now = Date.now();
  for (const socket of connections) {
    const res = socket._httpMessage;
    if (!res || res.writableEnded) continue;
    let state = seen.get(res);
    if (!state) seen.set(res, (state = { since: now, warned: false }));
    const seconds = (now - state.since) / 1000;
    const req = (res as unknown as { req: http.IncomingMessage }).req;
    if (settings.viewTimeout > 0 && seconds >= settings.viewTimeout) {
      log.error(`${req.method} ${req.url} from ${req.socket?.remoteAddress}: no response after ${seconds.toFixed(1)} s (view_timeout = ${settings.viewTimeout}); answered 503`);
      if (res.headersSent) {
        res.destroy();
        continue;
      }
      res.writeHead(503, { 'Content-Type': 'text/plain', Connection: 'close', 'Retry-After': '1' });
      res.end(`The request took longer than view_timeout (${settings.viewTimeout} s).\n`);
      // whatever the view writes later goes nowhere
      res.writeHead = () => res;
      res.write = () => true;
      res.end = () => res;
    } else if (settings.slowRequestWarning > 0 && seconds >= settings.slowRequestWarning && !state.warned) {
      state.warned = true;
      log.warning(`${req.method} ${req.url} from ${req.socket?.remoteAddress} still running after ${Math.floor(seconds)} s (slow_request_warning = ${settings.slowRequestWarning})`);
    }
  }
}

function failed(req: http.IncomingMessage, res: http.ServerResponse, error: unknown): void {
  log.exception(`Exception while serving ${req.method} ${req.url}`, error);
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
 * Stops accepting new connections; unlike http.Server#close, leaves the open ones to drain().
 * Resolves once they are all closed too (net.Server's 'close').
 */
function stopListening(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    net.Server.prototype.close.call(server, () => resolve());
  });
}

/**
 * Lets requests in flight finish: each response while closing says `Connection: close`; a
 * connection is closed once it has been idle for a whole sweep (no request in flight and no
 * byte read since the last look, so a request already on its way is not cut off); whatever
 * is left at the deadline is closed.
 */
function drain(connections: Set<HttpSocket>, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const seen = new Map<HttpSocket, number>();
    const look = () => {
      for (const socket of connections) {
        const idleSince = seen.get(socket);
        if (socket._httpMessage) seen.delete(socket);
        else if (idleSince === socket.bytesRead) socket.destroy();
        else seen.set(socket, socket.bytesRead);
      }
      if (connections.size === 0) finish();
    };
    const finish = () => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve();
    };
    const sweep = setInterval(look, 50);
    const deadline = setTimeout(() => {
      for (const socket of connections) socket.destroy();
      finish();
    }, timeoutMs);
    look();
  });
}
