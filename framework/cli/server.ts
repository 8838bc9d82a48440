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
import { lingerOnClose } from '../linger';
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
    if (isHost(raw[i]) && ++hosts > 1) return { status: 400, message: 'More than one Host header\n' };
  }
  if (raw.length > 128) {
    let size = 0;
    for (const part of raw) size += part.length + 2;
    if (size > maxSize) return { status: 431, message: `Request header fields larger than max_request_header_size (${maxSize} bytes)\n` };
  }
  return undefined;
}

/** `Host` in any case, without making a lower-case copy of every header name of every request. */
function isHost(name: string): boolean {
  return name.length === 4 && (name.charCodeAt(0) | 0x20) === 0x68 && (name.charCodeAt(1) | 0x20) === 0x6f &&
    (name.charCodeAt(2) | 0x20) === 0x73 && (name.charCodeAt(3) | 0x20) === 0x74;
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
      lingerOnClose(req);
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
  // Looks at the requests in flight four times a second (more often for a channel_timeout
  // under a second): a stalled client, a slow or overdue view. No timer per request or
  // socket: a socket inactivity timer (server.timeout) would be re-armed by Node for every
  // request and refreshed on every read and write, a cost on every request of every client
  // for the few that stall. A timeout holds to within one look.
  const watching = channelMs > 0 || timed(settings);
  const every = Math.max(50, Math.min(250, channelMs > 0 ? channelMs / 4 : 250));
  const sweep = watching ? setInterval(() => look(connections, settings, channelMs), every) : undefined;
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
    // Node's default (2000) drops the headers past about a thousand without a word; the header
    // size limit is the bound instead, as in waitress
    server.maxHeadersCount = 0;
    // Between requests Node's keep-alive timer closes an idle connection; a connection that
    // has not sent its headers (none at all, or a slowloris) is answered 408 by headersTimeout;
    // a request in flight whose client stalls is the sweep's (look()).
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

/** For a request in flight that waits on its client: the bytes moved either way at the last look, and since when they have not changed. */
const progress = new WeakMap<HttpSocket, { moved: number; since: number }>();

/** Whether views are timed at all (`view_timeout`, `slow_request_warning`): the sweep also runs for `channel_timeout` alone. */
const timed = (settings: ServerSettings): boolean => settings.viewTimeout > 0 || settings.slowRequestWarning > 0;

/** Each look of the sweep at the requests in flight: stalled clients first, then slow or overdue views. */
function look(connections: Set<HttpSocket>, settings: ServerSettings, channelMs: number): void {
  const now = Date.now();
  for (const socket of connections) {
    const res = socket._httpMessage;
    if (!res) continue;
    if (channelMs > 0 && stalled(socket, res, now, channelMs)) continue;
    if (timed(settings) && !res.writableEnded) overdue(res, settings, now);
  }
}

/**
 * `channel_timeout` of no bytes either way while the request waits on its client: one that
 * stops mid-body is answered 408 (or cut off, if the response has begun); one that does not
 * read its response is cut off. A request whose view is still running is left to
 * `view_timeout` (the client is waiting, not stalling). Returns whether the socket was closed.
 */
function stalled(socket: HttpSocket, res: http.ServerResponse, now: number, channelMs: number): boolean {
  const req = (res as unknown as { req: http.IncomingMessage }).req;
  const sending = !req.complete;
  if (!sending && socket.writableLength === 0) {
    progress.delete(socket);
    return false;
  }
  // bytesWritten counts what is still queued in Node too: what the client has taken is the rest
  const moved = socket.bytesRead + socket.bytesWritten - socket.writableLength;
  const last = progress.get(socket);
  if (last === undefined || last.moved !== moved) {
    if (last === undefined) progress.set(socket, { moved, since: now });
    else {
      last.moved = moved;
      last.since = now;
    }
    return false;
  }
  if (now - last.since < channelMs) return false;
  progress.delete(socket);
  if (sending && !res.headersSent) {
    log.warning(`${req.method} ${req.url}: the client sent no data for channel_timeout (${channelMs / 1000} s) mid-request; answered 408`);
    res.writeHead(408, { 'Content-Type': 'text/plain', Connection: 'close' });
    res.end(STALLED);
    // whatever the view writes later goes nowhere
    silence(res);
  } else {
    socket.destroy();
  }
  return true;
}

/** Once past `slow_request_warning`, a request is logged once; past `view_timeout`, answered 503. */
function overdue(res: http.ServerResponse, settings: ServerSettings, now: number): void {
  let state = seen.get(res);
  if (!state) seen.set(res, (state = { since: now, warned: false }));
  const seconds = (now - state.since) / 1000;
  const req = (res as unknown as { req: http.IncomingMessage }).req;
  if (settings.viewTimeout > 0 && seconds >= settings.viewTimeout) {
    log.error(`${req.method} ${req.url} from ${req.socket?.remoteAddress}: no response after ${seconds.toFixed(1)} s (view_timeout = ${settings.viewTimeout}); answered 503`);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(503, { 'Content-Type': 'text/plain', Connection: 'close', 'Retry-After': '1' });
    res.end(`The request took longer than view_timeout (${settings.viewTimeout} s).\n`);
    silence(res);
  } else if (settings.slowRequestWarning > 0 && seconds >= settings.slowRequestWarning && !state.warned) {
    state.warned = true;
    log.warning(`${req.method} ${req.url} from ${req.socket?.remoteAddress} still running after ${Math.floor(seconds)} s (slow_request_warning = ${settings.slowRequestWarning})`);
  }
}

/** A response answered for the app (408, 503): what the app writes later goes nowhere. */
function silence(res: http.ServerResponse): void {
  res.writeHead = () => res;
  res.write = () => true;
  res.end = () => res;
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
