/**
 * waitress's proxy settings (`trusted_proxy`, `trusted_proxy_count`, `trusted_proxy_headers`,
 * `clear_untrusted_proxy_headers`, `log_untrusted_proxy_headers`, `url_scheme`) with waitress's
 * meaning: only a request from the trusted proxy may set the scheme, host, port and client
 * address through `Forwarded` / `X-Forwarded-*`; from anyone else those headers are ignored,
 * and removed when `clear_untrusted_proxy_headers` is on. The server applies it to each Node
 * request; the router reads the result (`environOf`) into `request.scheme` and `remoteAddr`.
 */
import type { IncomingMessage } from 'http';
import { aslist, asbool, Conf, IniError } from './ini';
import type { Logger } from './logging';
import { splitHost, defaultPort } from './host';

/** Header names as waitress spells them in `trusted_proxy_headers`. */
const PROXY_HEADERS = ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'x-forwarded-by', 'forwarded'];

export interface ProxySettings {
  /** An address, or `*` for any peer; undefined: no proxy is trusted. */
  trustedProxy: string | undefined;
  trustedProxyCount: number;
  trustedProxyHeaders: Set<string>;
  clearUntrusted: boolean;
  logUntrusted: boolean;
  /** The scheme of a request no trusted proxy speaks for (waitress's `url_scheme`, default http). */
  urlScheme: string;
}

/** What the server learnt about a request beyond its socket (WSGI's environ keys, camelCased). */
export interface Environ {
  urlScheme: string;
  remoteAddr: string | undefined;
  remotePort?: string;
  serverName?: string;
  serverPort?: string;
}

const ENVIRON = Symbol.for('pyramid-ts.environ');

/** The environ the server attached to `req`, if it attached one (only when proxy settings are in use). */
export function environOf(req: IncomingMessage): Environ | undefined {
  return (req as unknown as { [ENVIRON]?: Environ })[ENVIRON];
}

/** A `Forwarded` / `X-Forwarded-*` header the trusted proxy sent that cannot be read: a 400. */
export class MalformedProxyHeader extends Error {
  constructor(readonly header: string, readonly reason: string, readonly value: string) {
    super(`Header "${header}" malformed.`);
    this.name = 'MalformedProxyHeader';
  }
}

/** Reads and checks the settings as waitress's Adjustments does; a mistake names the key. */
export function parseProxySettings(settings: Conf, log: Logger): ProxySettings {
  const fail = (message: string, key: string) => new IniError(message, undefined, undefined, key);
  const trustedProxy = settings.trusted_proxy?.trim() || undefined;
  let trustedProxyCount = 1;
  if (settings.trusted_proxy_count !== undefined) {
    if (!trustedProxy) throw fail('trusted_proxy_count has no meaning without setting trusted_proxy', 'trusted_proxy_count');
    trustedProxyCount = Number(settings.trusted_proxy_count);
    if (!Number.isInteger(trustedProxyCount) || trustedProxyCount < 1) throw fail(`'${settings.trusted_proxy_count}' is not a whole number of proxies (1 or more)`, 'trusted_proxy_count');
  }
  const headers = new Set(aslist(settings.trusted_proxy_headers).map((h) => h.toLowerCase()));
  if (headers.size) {
    if (!trustedProxy) throw fail('trusted_proxy_headers has no meaning without setting trusted_proxy', 'trusted_proxy_headers');
    const unknown = [...headers].filter((h) => !PROXY_HEADERS.includes(h));
    if (unknown.length) throw fail(`unknown ${unknown.join(', ')}; expected some of ${PROXY_HEADERS.join(', ')}`, 'trusted_proxy_headers');
    if (headers.has('forwarded') && headers.size > 1) {
      throw fail("Forwarded and X-Forwarded-{By,Host,Proto,Port,For} are mutually exclusive: trust one or the other, not both", 'trusted_proxy_headers');
    }
  } else if (trustedProxy) {
    log.warning('trusted_proxy is set but trusted_proxy_headers is not: trusting X-Forwarded-Proto only, as waitress does. ' +
      'Name the headers your proxy sets, e.g. trusted_proxy_headers = x-forwarded-for x-forwarded-host x-forwarded-proto x-forwarded-port');
    headers.add('x-forwarded-proto');
  }
  const urlScheme = (settings.url_scheme ?? 'http').trim().toLowerCase() || 'http';
  return {
    trustedProxy,
    trustedProxyCount,
    trustedProxyHeaders: headers,
    clearUntrusted: settings.clear_untrusted_proxy_headers !== undefined && asbool(settings.clear_untrusted_proxy_headers),
    logUntrusted: settings.log_untrusted_proxy_headers !== undefined && asbool(settings.log_untrusted_proxy_headers),
    urlScheme,
  };
}

/** True when requests need this module at all (else the router reads the socket, at no cost). */
export function proxySettingsInUse(s: ProxySettings): boolean {
  return s.trustedProxy !== undefined || s.clearUntrusted || s.urlScheme !== 'http';
}

/** The peer's address as waitress sees it: an IPv4 client of a dual-stack socket without `::ffff:`. */
function peerAddress(req: IncomingMessage): string | undefined {
  const address = req.socket?.remoteAddress;
  return address?.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/**
 * waitress's proxy_headers_middleware for one request: fills the environ, rewrites `Host`, and
 * drops the headers no trusted proxy vouches for (with `clear_untrusted_proxy_headers`).
 * Throws MalformedProxyHeader for a trusted header that cannot be read.
 */
export function applyProxyHeaders(req: IncomingMessage, s: ProxySettings, log: Logger): void {
  const peer = peerAddress(req);
  const environ: Environ = { urlScheme: s.urlScheme, remoteAddr: req.socket?.remoteAddress, remotePort: String(req.socket?.remotePort ?? '') };
  (req as unknown as { [ENVIRON]?: Environ })[ENVIRON] = environ;
  let untrusted = PROXY_HEADERS;
  if (s.trustedProxy === '*' || (s.trustedProxy !== undefined && (peer === s.trustedProxy || req.socket?.remoteAddress === s.trustedProxy))) {
    untrusted = parseProxyHeaders(req, environ, s, log);
  }
  if (s.clearUntrusted) {
    const removed = untrusted.filter((h) => req.headers[h] !== undefined);
    for (const h of removed) delete req.headers[h];
    if (s.logUntrusted && removed.length) {
      log.warning(`Removed untrusted headers (${removed.map((h) => h.replace(/(^|-)(\w)/g, (_m, dash: string, c: string) => dash + c.toUpperCase())).join(', ')}). ` +
        'Waitress recommends these be removed upstream.');
    }
  }
}

// RFC 7230 quoted-string and quoted-pair, as waitress's undquote checks them
const QUOTED_STRING = /^"(?:[\t !#-[\]-~\x80-\xff]|\\[\t -~\x80-\xff])*"$/;
const QUOTED_PAIR = /\\([\t -~\x80-\xff])/g;

function undquote(value: string): string {
  if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) {
    if (QUOTED_STRING.test(value)) return value.slice(1, -1).replace(QUOTED_PAIR, '$1');
  } else if (!value.startsWith('"') && !value.endsWith('"')) {
    return value;
  }
  throw new Error('Invalid quoting in value');
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Runs `read` on the header's value; any failure is that header being malformed. */
function reading<T>(name: string, value: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    throw new MalformedProxyHeader(name, (e as Error).message, value);
  }
}

function parseProxyHeaders(req: IncomingMessage, environ: Environ, s: ProxySettings, log: Logger): string[] {
  const trusted = s.trustedProxyHeaders;
  const count = s.trustedProxyCount;
  const untrusted = new Set(PROXY_HEADERS);
  let clientAddr: string | undefined;
  let forwardedHost = '';
  let forwardedProto = '';
  let forwardedPort = '';
  const single = (v: string) => {
    const value = undquote(v);
    if (value.includes(',')) throw new Error('Unspecified behavior for multiple values found in header');
    return value;
  };

  const xff = header(req, 'x-forwarded-for');
  if (trusted.has('x-forwarded-for') && xff !== undefined) {
    clientAddr = reading('X-Forwarded-For', xff, () => {
      const hops = xff.split(',').map((hop) => {
        const h = undquote(hop.trim());
        // an IPv6 address without a port gets brackets, so that a port can be told apart
        return !h.includes('.') && h.includes(':') && !h.endsWith(']') ? `[${h}]` : h;
      });
      return hops.slice(-count)[0];
    });
    untrusted.delete('x-forwarded-for');
  }
  const xfh = header(req, 'x-forwarded-host');
  if (trusted.has('x-forwarded-host') && xfh !== undefined) {
    forwardedHost = reading('X-Forwarded-Host', xfh, () => xfh.split(',').map((h) => undquote(h.trim())).slice(-count)[0]);
    untrusted.delete('x-forwarded-host');
  }
  if (trusted.has('x-forwarded-proto')) {
    const value = header(req, 'x-forwarded-proto') ?? '';
    forwardedProto = reading('X-Forwarded-Proto', value, () => single(value));
    untrusted.delete('x-forwarded-proto');
  }
  if (trusted.has('x-forwarded-port')) {
    const value = header(req, 'x-forwarded-port') ?? '';
    forwardedPort = reading('X-Forwarded-Port', value, () => single(value));
    untrusted.delete('x-forwarded-port');
  }
  if (trusted.has('x-forwarded-by')) untrusted.delete('x-forwarded-by');

  let forwarded: string | undefined;
  if (trusted.has('forwarded')) {
    forwarded = header(req, 'forwarded');
    untrusted.clear();
    for (const h of PROXY_HEADERS) if (h !== 'forwarded') untrusted.add(h);
  }
  if (forwarded) {
    const value = forwarded;
    const proxies = reading('Forwarded', value, () => value.split(',').map((element) => {
      const proxy = { for: '', host: '', proto: '' };
      for (let pair of element.trim().split(';')) {
        pair = pair.toLowerCase();
        if (!pair) continue;
        const eq = pair.indexOf('=');
        if (eq === -1) throw new Error('Invalid forwarded-pair missing "="');
        const token = pair.slice(0, eq);
        const v = pair.slice(eq + 1);
        if (token.trim() !== token) throw new Error('Token may not be surrounded by whitespace');
        if (v.trim() !== v) throw new Error('Value may not be surrounded by whitespace');
        if (token === 'for') proxy.for = undquote(v);
        else if (token === 'host') proxy.host = undquote(v);
        else if (token === 'proto') proxy.proto = undquote(v);
        else if (token === 'by') undquote(v);
        else log.warning(`Unknown Forwarded token: ${token}`);
      }
      return proxy;
    }));
    // the oldest entry within the trusted hops wins: it is what the client asked for
    for (const proxy of proxies.slice(-count).reverse()) {
      clientAddr = proxy.for || clientAddr;
      forwardedHost = proxy.host || forwardedHost;
      forwardedProto = proxy.proto || forwardedProto;
    }
  }

  if (forwardedProto) {
    forwardedProto = forwardedProto.toLowerCase();
    if (forwardedProto !== 'http' && forwardedProto !== 'https') {
      throw new MalformedProxyHeader(forwarded ? 'Forwarded Proto=' : 'X-Forwarded-Proto', 'unsupported proto value', forwardedProto);
    }
    environ.urlScheme = forwardedProto;
    if (!forwardedPort) forwardedPort = defaultPort(forwardedProto);
  }
  if (forwardedHost) {
    let httpHost = forwardedHost;
    const { name, port } = splitHost(forwardedHost);
    if (port !== null) {
      // a port in the forwarded host beats X-Forwarded-Port and the proto's default
      environ.serverName = name.trim();
      forwardedPort = port;
    } else {
      environ.serverName = forwardedHost;
      if (forwardedPort && forwardedPort !== defaultPort(environ.urlScheme)) httpHost = `${forwardedHost}:${forwardedPort}`;
    }
    req.headers.host = httpHost;
  }
  if (forwardedPort) environ.serverPort = forwardedPort;
  if (clientAddr) {
    const strip = (a: string) => (a.startsWith('[') && a.endsWith(']') ? a.slice(1, -1) : a);
    if (clientAddr.includes(':') && !clientAddr.endsWith(']')) {
      const colon = clientAddr.lastIndexOf(':');
      environ.remoteAddr = strip(clientAddr.slice(0, colon).trim());
      environ.remotePort = clientAddr.slice(colon + 1).trim();
    } else {
      environ.remoteAddr = strip(clientAddr.trim());
    }
  }
  return [...untrusted];
}
