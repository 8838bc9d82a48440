/**
 * Pyramid's `auth_tkt` login cookie (mod_auth_tkt's format, as `pyramid.authentication` writes
 * it): `digest + 8 hex digits of time + quoted userid + '!' + tokens + '!' + user data`, with a
 * double hash over the IP, time, secret, userid, tokens and user data. The same secret gives the
 * same bytes as Pyramid's `AuthTktCookieHelper`, so a Python Pyramid app and ours share logins.
 *
 * @example
 *   const helper = new AuthTktCookieHelper('seekrit', { timeout: 1200, reissueTime: 120 });
 *   const headers = helper.remember(request, 'editor');      // [['Set-Cookie', 'auth_tkt=...']]
 *   helper.identify(request)?.userid;                       // 'editor', or no identity
 */
import { createHash } from 'node:crypto';
import { stringsDiffer } from '../csrf';
import { checkCookieName, checkSameSite, makeCookie } from './makecookie';
import { pyB64decode } from './pybase64';

/** What the helper reads of a request (the framework's Request has it all). */
export interface AuthTktRequest {
  cookies: Record<string, string>;
  remoteAddr?: string;
  /** The host without its port (webob's `request.domain`). */
  hostname: string;
  addResponseCallback(callback: (request: any, response: { addHeader(name: string, value: string): void }) => void): void;
}

/** A userid as a ticket carries it: text (`b64unicode`), an integer (`int`) or bytes (`b64str`). */
export type Userid = string | number | Buffer;

/** Thrown by `parseTicket` for a ticket that is not well-formed or not signed with this secret. */
export class BadTicket extends Error {
  /** The digest expected and the one found, when the ticket got that far (for debugging only). */
  expected?: [string, string];

  constructor(message: string, expected?: [string, string]) {
    super(message);
    this.name = 'BadTicket';
    this.expected = expected;
  }
}

// Python's hashlib names beside Node's, for the ones whose spelling differs.
const HASH_NAMES: Record<string, string> = {
  sha3_224: 'sha3-224', sha3_256: 'sha3-256', sha3_384: 'sha3-384', sha3_512: 'sha3-512', blake2b: 'blake2b512', blake2s: 'blake2s256',
};
const hexLengths = new Map<string, number>();

/** Node's name for a hashlib algorithm name; a clear error for one Node lacks. */
function nodeHash(hashalg: string): string {
  const name = HASH_NAMES[hashalg.toLowerCase()] ?? hashalg.toLowerCase();
  if (!hexLengths.has(name)) {
    try {
      hexLengths.set(name, createHash(name).digest('hex').length);
    } catch {
      throw new TypeError(`Unknown hashalg ${JSON.stringify(hashalg)}: use 'sha512' (Pyramid's default), 'sha256', 'md5' or another name hashlib and Node both know`);
    }
  }
  return name;
}

/** Python's `urllib.parse.quote(text)`: UTF-8 bytes, all but letters, digits and `_.-~/` as %XX. */
function pyQuote(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf-8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9_.\-~/]/.test(ch) ? ch : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** Python's `urllib.parse.unquote(text)`: %XX runs decoded as UTF-8 with replacement, never an error. */
function pyUnquote(text: string): string {
  if (!text.includes('%')) return text;
  // Python decodes each ASCII run on its own; non-ASCII characters pass through.
  return text.replace(/[\x00-\x7f]+/g, (run) => {
    if (!run.includes('%')) return run;
    const bytes: number[] = [];
    for (let i = 0; i < run.length; i++) {
      if (run[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(run.slice(i + 1, i + 3))) {
        bytes.push(parseInt(run.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(run.charCodeAt(i));
    }
    return Buffer.from(bytes).toString('utf-8');
  });
}

/** Python's `int(text, 16)` for the 8 timestamp characters, or null where Python raises. */
function pyHexInt(text: string): number | null {
  const m = /^\s*([+-]?)(?:0[xX]_?)?([0-9a-fA-F]+(?:_[0-9a-fA-F]+)*)\s*$/.exec(text);
  if (!m) return null;
  const value = parseInt(m[2].replace(/_/g, ''), 16);
  return m[1] === '-' ? -value : value;
}

/** mod_auth_tkt's packing of an IPv4 address and a time: 4 address bytes, 4 big-endian time bytes. */
export function encodeIpTimestamp(ip: string, timestamp: number): Buffer {
  const t = Math.trunc(timestamp);
  const octets = ip.split('.').map((part) => (/^\s*\+?\d+\s*$/.test(part) ? Number(part) : NaN));
  if (octets.some((n) => !(n >= 0 && n <= 255))) throw new BadTicket(`Not an IPv4 address: ${JSON.stringify(ip)}`);
  return Buffer.from([...octets, (t >>> 24) & 0xff, (t >>> 16) & 0xff, (t >>> 8) & 0xff, t & 0xff]);
}

/** The ticket's digest: `H(H(ip+time+secret+userid+\0+tokens+\0+userData) + secret)`, in hex. */
export function calculateDigest(ip: string, timestamp: number, secret: string, userid: string, tokens: string, userData: string, hashalg = 'md5'): string {
  const algorithm = nodeHash(hashalg);
  // IPv6 has no packing in mod_auth_tkt; Pyramid appends the decimal time to the address text.
  const ipTimestamp = ip.includes(':') ? Buffer.from(ip + String(Math.trunc(timestamp)), 'latin1') : encodeIpTimestamp(ip, timestamp);
  // The rest is UTF-8 text: one update each (the hash is most of the cost; fewer calls help).
  const inner = createHash(algorithm).update(ipTimestamp).update(secret + userid + '\0' + tokens + '\0' + userData, 'utf8').digest('hex');
  return createHash(algorithm).update(inner + secret, 'utf8').digest('hex');
}

export interface AuthTicketOptions {
  tokens?: readonly string[];
  userData?: string;
  /** Seconds since the epoch. Default: now. */
  time?: number;
  hashalg?: string;
}

/** One ticket, ready to write (Pyramid's `AuthTicket`; `userid` is already encoded text). */
export class AuthTicket {
  readonly tokens: string;
  readonly userData: string;
  readonly time: number;
  readonly hashalg: string;

  constructor(readonly secret: string, readonly userid: string, readonly ip: string, options: AuthTicketOptions = {}) {
    this.tokens = (options.tokens ?? []).join(',');
    this.userData = options.userData ?? '';
    this.time = options.time ?? Date.now() / 1000;
    this.hashalg = options.hashalg ?? 'md5';
  }

  digest(): string {
    return calculateDigest(this.ip, this.time, this.secret, this.userid, this.tokens, this.userData, this.hashalg);
  }

  /** The cookie's value (before cookie quoting). */
  cookieValue(): string {
    const time = Math.trunc(this.time);
    // Python's '%08x': the sign counts in the width.
    const hex = time < 0 ? '-' + (-time).toString(16).padStart(7, '0') : time.toString(16).padStart(8, '0');
    let value = this.digest() + hex + pyQuote(this.userid) + '!';
    if (this.tokens) value += this.tokens + '!';
    return value + this.userData;
  }
}

export interface ParsedTicket {
  timestamp: number;
  userid: string;
  tokens: string[];
  userData: string;
}

/** Reads and verifies a ticket (Pyramid's `parse_ticket`); throws `BadTicket` when it is not good. */
export function parseTicket(secret: string, ticket: string, ip: string, hashalg = 'md5'): ParsedTicket {
  ticket = ticket.replace(/^"+|"+$/g, '');
  const digestSize = hexLengths.get(nodeHash(hashalg))!;
  // Past this point Python slices by code point; a non-ASCII head can never carry a good digest.
  const head = ticket.slice(0, digestSize + 8);
  if (/[^\x00-\x7f]/.test(head)) throw new BadTicket('Digest or timestamp is not ASCII');
  const digest = head.slice(0, digestSize);
  const timestamp = pyHexInt(head.slice(digestSize));
  if (timestamp === null) throw new BadTicket('Timestamp is not a hex integer');
  const rest = ticket.slice(digestSize + 8);
  const bang = rest.indexOf('!');
  if (bang === -1) throw new BadTicket('userid is not followed by !');
  const userid = pyUnquote(rest.slice(0, bang));
  const data = rest.slice(bang + 1);
  const second = data.indexOf('!');
  const tokens = second === -1 ? '' : data.slice(0, second);
  const userData = second === -1 ? data : data.slice(second + 1);
  const expected = calculateDigest(ip, timestamp, secret, userid, tokens, userData, hashalg);
  if (stringsDiffer(expected, digest)) throw new BadTicket('Digest signature is not correct', [expected, digest]);
  return { timestamp, userid, tokens: tokens.split(','), userData };
}

const USERID_DECODERS: Record<string, (encoded: string) => Userid> = {
  int: (text) => {
    if (!/^\s*[+-]?\d+(_\d+)*\s*$/.test(text)) throw new BadTicket(`userid ${JSON.stringify(text)} is not an integer`);
    return Number(text.replace(/_/g, ''));
  },
  unicode: (text) => text,
  b64unicode: (text) => b64decode(text).toString('utf-8'),
  b64str: (text) => b64decode(text),
};

/** Python's lenient `base64.b64decode`; where it raises, the ticket is no identity. */
function b64decode(text: string): Buffer {
  const bytes = pyB64decode(text);
  if (bytes === null) throw new BadTicket('userid is not valid base64');
  return bytes;
}

/** A ticket's content once the helper has accepted it (Pyramid's identity dict). */
export interface AuthTktIdentity {
  timestamp: number;
  userid: Userid;
  tokens: string[];
  userdata: string;
}

export interface AuthTktOptions {
  /** Default `auth_tkt`. */
  cookieName?: string;
  /** Only send the cookie over HTTPS. Default false. */
  secure?: boolean;
  /** Bind the ticket to the client's address. Default false. */
  includeIp?: boolean;
  /** Seconds a ticket stays valid after it is issued; null: forever. */
  timeout?: number | null;
  /** Seconds after which a request that reads the ticket gets a fresh one (0: every request). */
  reissueTime?: number | null;
  /** The cookie's own lifetime (`Max-Age` and `expires`); null: a browser-session cookie. */
  maxAge?: number | null;
  /** Default '/'. */
  path?: string;
  /** Hide from JavaScript. Default false. */
  httpOnly?: boolean;
  /** Set `Domain` to the request's host. Default true. */
  wildDomain?: boolean;
  /** Set `Domain` to the parent of the request's host (`www.example.com` → `example.com`). Default false. */
  parentDomain?: boolean;
  /** Always this `Domain`. */
  domain?: string | null;
  /** Default 'sha512' (Pyramid 2.0's); 'md5' reads tickets of Pyramid 1.x apps. */
  hashalg?: string;
  /** Default 'Lax'; null for none. */
  samesite?: string | null;
}

const VALID_TOKEN = /^[A-Za-z][A-Za-z0-9+_-]*$/;
/** Per request, Pyramid's `_authtkt_reissued` and `_authtkt_reissue_revoked` flags. */
const flags = new WeakMap<object, { reissued: boolean; revoked: boolean }>();

function flagsOf(request: object): { reissued: boolean; revoked: boolean } {
  let state = flags.get(request);
  if (!state) flags.set(request, (state = { reissued: false, revoked: false }));
  return state;
}

/** webob's REMOTE_ADDR for a Node address: IPv4-mapped IPv6 (`::ffff:1.2.3.4`) as plain IPv4, as waitress gives it. */
function clientAddress(request: AuthTktRequest): string {
  const address = request.remoteAddr ?? '';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/**
 * Reads, writes and refreshes `auth_tkt` cookies exactly as Pyramid's `AuthTktCookieHelper`:
 * `identify` gives the ticket's content or null (a bad, expired, tampered or foreign ticket is
 * no identity, never an error), `remember` and `forget` give `Set-Cookie` headers.
 */
export class AuthTktCookieHelper {
  readonly cookieName: string;
  readonly secure: boolean;
  readonly includeIp: boolean;
  readonly timeout: number | null;
  readonly reissueTime: number | null;
  readonly maxAge: number | null;
  readonly path: string;
  readonly httpOnly: boolean;
  readonly wildDomain: boolean;
  readonly parentDomain: boolean;
  readonly domain: string | null;
  readonly hashalg: string;
  readonly samesite: string | null;
  /** A fixed clock (seconds since the epoch) for tests; null: the real time. */
  now: number | null = null;

  constructor(readonly secret: string, options: AuthTktOptions = {}) {
    if (typeof secret !== 'string' || secret === '') throw new TypeError('AuthTktCookieHelper needs a secret (a non-empty string)');
    this.cookieName = options.cookieName ?? 'auth_tkt';
    this.secure = options.secure ?? false;
    this.includeIp = options.includeIp ?? false;
    this.timeout = options.timeout == null ? null : Math.trunc(options.timeout);
    this.reissueTime = options.reissueTime == null ? null : Math.trunc(options.reissueTime);
    this.maxAge = options.maxAge == null ? null : Math.trunc(options.maxAge);
    this.path = options.path ?? '/';
    this.httpOnly = options.httpOnly ?? false;
    this.wildDomain = options.wildDomain ?? true;
    this.parentDomain = options.parentDomain ?? false;
    this.domain = options.domain ?? null;
    this.hashalg = options.hashalg ?? 'sha512';
    this.samesite = options.samesite === undefined ? 'Lax' : options.samesite;
    nodeHash(this.hashalg);
    checkCookieName(this.cookieName);
    checkSameSite(this.samesite, this.secure);
  }

  private clock(): number {
    return this.now ?? Date.now() / 1000;
  }

  private ip(request: AuthTktRequest): string {
    return this.includeIp ? clientAddress(request) : '0.0.0.0';
  }

  /** The ticket's content, or null when there is no good ticket. May queue a reissued cookie. */
  identify(request: AuthTktRequest): AuthTktIdentity | null {
    // Own properties only: a cookie named like an Object method ('toString') is not inherited.
    const cookie = Object.hasOwn(request.cookies, this.cookieName) ? request.cookies[this.cookieName] : undefined;
    if (typeof cookie !== 'string') return null;
    let parsed: ParsedTicket;
    let userid: Userid;
    try {
      parsed = parseTicket(this.secret, cookie, this.ip(request), this.hashalg);
      userid = parsed.userid;
      // Pyramid applies every `userid_type:` entry in turn.
      for (const datum of parsed.userData.split('|')) {
        if (!datum.startsWith('userid_type:')) continue;
        const decode = USERID_DECODERS[datum.slice('userid_type:'.length)];
        if (decode) userid = decode(userid as string);
      }
    } catch (error) {
      if (error instanceof BadTicket) return null;
      throw error;
    }
    const now = this.clock();
    if (this.timeout && parsed.timestamp + this.timeout < now) return null;

    let tokens = parsed.tokens;
    if (this.reissueTime !== null && !flags.get(request)?.reissued && now - parsed.timestamp > this.reissueTime) {
      tokens = tokens.filter(Boolean);
      const headers = this.remember(request, userid, { maxAge: this.maxAge, tokens });
      const state = flagsOf(request);
      request.addResponseCallback((_request, response) => {
        if (!state.revoked) for (const [name, value] of headers) response.addHeader(name, value);
      });
      state.reissued = true;
    }
    return { timestamp: parsed.timestamp, userid, tokens, userdata: parsed.userData };
  }

  /**
   * `Set-Cookie` headers carrying a new ticket for `userid`.
   * `tokens` must each match `^[A-Za-z][A-Za-z0-9+_-]*$`.
   */
  remember(request: AuthTktRequest, userid: Userid, options: { maxAge?: number | null; tokens?: readonly string[] } = {}): Array<[string, string]> {
    const maxAge = options.maxAge == null ? this.maxAge : Math.trunc(options.maxAge);
    let encoding: string;
    let encoded: string;
    if (typeof userid === 'string') {
      [encoding, encoded] = ['b64unicode', Buffer.from(userid, 'utf-8').toString('base64')];
    } else if (typeof userid === 'number' && Number.isInteger(userid)) {
      [encoding, encoded] = ['int', String(userid)];
    } else if (Buffer.isBuffer(userid)) {
      [encoding, encoded] = ['b64str', userid.toString('base64')];
    } else {
      process.emitWarning(`userid is of type ${typeof userid}, which auth_tkt does not carry; it is stored as text and comes back as text.`, 'RuntimeWarning');
      [encoding, encoded] = ['b64unicode', Buffer.from(String(userid), 'utf-8').toString('base64')];
    }
    for (const token of options.tokens ?? []) {
      if (typeof token !== 'string' || !VALID_TOKEN.test(token)) throw new TypeError(`Invalid token ${JSON.stringify(token)}: tokens match ^[A-Za-z][A-Za-z0-9+_-]*$`);
    }
    const state = flags.get(request);
    if (state?.reissued) state.revoked = true;
    const ticket = new AuthTicket(this.secret, encoded, this.ip(request), {
      tokens: options.tokens, userData: `userid_type:${encoding}`, time: this.clock(), hashalg: this.hashalg,
    });
    return this.cookies(request, ticket.cookieValue(), maxAge);
  }

  /** `Set-Cookie` headers that delete the cookie (and cancel a reissue queued by `identify`). */
  forget(request: AuthTktRequest): Array<[string, string]> {
    flagsOf(request).revoked = true;
    return this.cookies(request, null, null);
  }

  private cookies(request: AuthTktRequest, value: string | null, maxAge: number | null): Array<[string, string]> {
    let domain: string | null = this.domain;
    if (!domain) {
      const current = request.hostname;
      if (this.parentDomain && current.split('.').length > 2) domain = current.slice(current.indexOf('.') + 1);
      else domain = this.wildDomain ? current : null;
    }
    // webob's CookieProfile refuses values a browser would drop.
    if (value !== null && value.length > 4093) throw new RangeError(`Cookie value is too long to store (${value.length} bytes)`);
    return [['Set-Cookie', makeCookie(this.cookieName, value, {
      domain, path: this.path, maxAge, secure: this.secure, httpOnly: this.httpOnly, samesite: this.samesite, now: this.clock(),
    })]];
  }
}
