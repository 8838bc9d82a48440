/**
 * Cross-site request forgery protection, as Pyramid's `pyramid.csrf`. Tokens are kept by a CSRF
 * storage policy: by default the session's own (under `_csrft_`, so a Pyramid app and ours
 * sharing sessions share tokens), or `SessionCSRFStoragePolicy` / `CookieCSRFStoragePolicy`
 * (`config.setCsrfStoragePolicy`). Failed checks are 400s (`BadCSRFToken`, `BadCSRFOrigin`).
 *
 * @example
 *   // In the form: <input type="hidden" name="csrf_token" value="${getCsrfToken(request)}">
 *   // In the view that receives it:
 *   checkCsrfToken(request);           // throws BadCSRFToken: 400 Bad CSRF Token
 *   checkCsrfOrigin(request);          // on HTTPS, the Origin or Referer must be this site
 */
import { aslist } from './ini';
import { splitHost, hostPort } from './host';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { HTTPBadRequest } from './httpexceptions';
import { headerValue } from './response';
import type { ISession } from './session';
import type { Registry } from './registry';
import { checkCookieName, checkSameSite, makeCookie, type MakeCookieOptions } from './security/makecookie';

/** What the CSRF checks read of a request (framework's Request has it all). */
export interface CSRFRequest {
  method: string;
  scheme: string;
  /** `host[:port]` as the client sent it. */
  host: string;
  headers: Record<string, string | string[] | undefined>;
  POST: { get(key: string, defaultValue: string): string };
  session: ISession;
  registry?: Registry | null;
}

/** The CSRF token did not match the session's: a 400, as Pyramid's. */
export class BadCSRFToken extends HTTPBadRequest {
  static title = 'Bad CSRF Token';
  static explanation =
    'Access is denied.  This server can not verify that your cross-site request forgery token belongs to your login session.  ' +
    'Either you supplied the wrong cross-site request forgery token or your session no longer exists.  This may be due to ' +
    'session timeout or because browser is not supplying the credentials required, as can happen when the browser has cookies turned off.';
}

/** The request's Origin (or Referer) is not this site or a trusted one: a 400, as Pyramid's. */
export class BadCSRFOrigin extends HTTPBadRequest {
  static title = 'Bad CSRF Origin';
  static explanation =
    'Access is denied. This server can not verify that the origin or referrer of your request matches the current site. ' +
    'Either your browser supplied the wrong Origin or Referrer or it did not supply one at all.';
}

/** Methods that must not change anything, so are never checked (Pyramid's default `safe_methods`). */
export const SAFE_REQUEST_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** Where CSRF tokens are kept (Pyramid's ICSRFStoragePolicy); set one with `config.setCsrfStoragePolicy`. */
export interface CSRFStoragePolicy {
  /** Makes, stores and returns a new token. */
  newCsrfToken(request: any): string;
  /** The current token, made if there is none. */
  getCsrfToken(request: any): string;
  /** Whether `supplied` is the current token (compared in constant time). */
  checkCsrfToken(request: any, supplied: string): boolean;
}

/** Pyramid's default: the session's own `getCsrfToken`/`newCsrfToken` (40 hex characters under `_csrft_`). */
export class LegacySessionCSRFStoragePolicy implements CSRFStoragePolicy {
  newCsrfToken(request: Pick<CSRFRequest, 'session'>): string {
    return request.session.newCsrfToken();
  }

  getCsrfToken(request: Pick<CSRFRequest, 'session'>): string {
    return request.session.getCsrfToken();
  }

  checkCsrfToken(request: Pick<CSRFRequest, 'session'>, supplied: string): boolean {
    return !stringsDiffer(this.getCsrfToken(request), supplied);
  }
}

/** A new token as Pyramid makes one: `uuid4().hex`. */
function uuidHex(): string {
  return randomUUID().replace(/-/g, '');
}

/** The token in the session under `key` (default `_csrft_`), a uuid4 hex made when missing. */
export class SessionCSRFStoragePolicy implements CSRFStoragePolicy {
  constructor(readonly key = '_csrft_') {}

  newCsrfToken(request: Pick<CSRFRequest, 'session'>): string {
    const token = uuidHex();
    request.session.set(this.key, token);
    return token;
  }

  getCsrfToken(request: Pick<CSRFRequest, 'session'>): string {
    const token = request.session.get(this.key, null) as string | null;
    return token ? token : this.newCsrfToken(request);
  }

  checkCsrfToken(request: Pick<CSRFRequest, 'session'>, supplied: string): boolean {
    return !stringsDiffer(this.getCsrfToken(request), supplied);
  }
}

export interface CookieCSRFOptions {
  /** Default `csrf_token`. */
  cookieName?: string;
  secure?: boolean;
  httpOnly?: boolean;
  domain?: string | null;
  maxAge?: number | null;
  /** Default '/'. */
  path?: string;
  /** Default 'Lax'; null for none. */
  samesite?: string | null;
}

/** What the cookie policy reads of a request. */
interface CookieCSRFRequest {
  cookies: Record<string, string>;
  addResponseCallback(callback: (request: any, response: { addHeader(name: string, value: string): void }) => void): void;
}

/**
 * The token in its own cookie, not in the session (OWASP's double-submit cookie; Pyramid's
 * CookieCSRFStoragePolicy): a new token is set on the response, written as webob writes it.
 */
export class CookieCSRFStoragePolicy implements CSRFStoragePolicy {
  readonly cookieName: string;
  private readonly cookie: MakeCookieOptions;

  constructor(options: CookieCSRFOptions = {}) {
    this.cookieName = options.cookieName ?? 'csrf_token';
    const samesite = options.samesite === undefined ? 'Lax' : options.samesite;
    checkCookieName(this.cookieName);
    checkSameSite(samesite, !!options.secure);
    this.cookie = { secure: options.secure ?? false, httpOnly: options.httpOnly ?? false, domain: options.domain ?? null, maxAge: options.maxAge ?? null, path: options.path ?? '/', samesite };
  }

  newCsrfToken(request: CookieCSRFRequest): string {
    const token = uuidHex();
    request.cookies[this.cookieName] = token;
    request.addResponseCallback((_request, response) => response.addHeader('Set-Cookie', makeCookie(this.cookieName, token, this.cookie)));
    return token;
  }

  getCsrfToken(request: CookieCSRFRequest): string {
    const token = Object.hasOwn(request.cookies, this.cookieName) ? request.cookies[this.cookieName] : undefined;
    return typeof token === 'string' && token ? token : this.newCsrfToken(request);
  }

  checkCsrfToken(request: CookieCSRFRequest, supplied: string): boolean {
    return !stringsDiffer(this.getCsrfToken(request), supplied);
  }
}

const STORAGE = 'pyramid.csrfStoragePolicy';
const LEGACY = new LegacySessionCSRFStoragePolicy();

/** Registers the CSRF storage policy (what `config.setCsrfStoragePolicy` does when it commits). */
export function registerCsrfStoragePolicy(registry: Registry, policy: CSRFStoragePolicy): void {
  registry.extras.set(STORAGE, policy);
}

/** The registry's CSRF storage policy; the session's own tokens when none was set, as in Pyramid. */
export function csrfStoragePolicyOf(registry: Registry | null | undefined): CSRFStoragePolicy {
  return (registry?.extras.get(STORAGE) as CSRFStoragePolicy | undefined) ?? LEGACY;
}

/**
 * A new token for the request, replacing the old one (stored by the CSRF storage policy).
 *
 * @example
 *   // after a login, so that a token seen before it is no longer good:
 *   newCsrfToken(request);
 */
export function newCsrfToken(request: any): string {
  return csrfStoragePolicyOf(request.registry).newCsrfToken(request);
}

/**
 * The request's current token, made (and stored) if there is none; for forms and templates.
 *
 * @example
 *   // <input type="hidden" name="csrf_token" value="${getCsrfToken(request)}">
 */
export function getCsrfToken(request: any): string {
  return csrfStoragePolicyOf(request.registry).getCsrfToken(request);
}

/** Whether two strings differ, in time that does not depend on where they differ (webob's strings_differ). */
export function stringsDiffer(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf-8');
  const right = Buffer.from(b, 'utf-8');
  if (left.length !== right.length) {
    timingSafeEqual(right, right);
    return true;
  }
  return !timingSafeEqual(left, right);
}

function header(request: Pick<CSRFRequest, 'headers'>, name: string): string | undefined {
  return headerValue(request.headers, name);
}

export interface CheckCsrfTokenOptions {
  /** The form field holding the token (`null`: do not look in the body). Default `'csrf_token'`. */
  token?: string | null;
  /** The header holding the token (`null`: do not look in headers). Default `'X-CSRF-Token'`. */
  header?: string | null;
  /** Throw `BadCSRFToken` on failure (default), or return false. */
  raises?: boolean;
}

/**
 * Checks the token sent in the `X-CSRF-Token` header, else in the `csrf_token` field of a
 * form body (never the query string), against the session's, in constant time.
 *
 * @example
 *   if (request.method === 'POST') checkCsrfToken(request);
 */
export function checkCsrfToken(request: CSRFRequest, options: CheckCsrfTokenOptions = {}): boolean {
  const { token = 'csrf_token', header: headerName = 'X-CSRF-Token', raises = true } = options;
  let supplied = headerName === null ? '' : (header(request, headerName) ?? '');
  if (supplied === '' && token !== null) supplied = request.POST.get(token, '');
  if (!csrfStoragePolicyOf(request.registry).checkCsrfToken(request, supplied)) {
    if (raises) throw new BadCSRFToken('checkCsrfToken(): Invalid token');
    return false;
  }
  return true;
}

export interface CheckCsrfOriginOptions {
  /** Other hosts (`'example.com'`, `'.example.com'` for every subdomain, `'dev.example.com:8080'`). Default: the `pyramid.csrf_trusted_origins` setting. */
  trustedOrigins?: string[] | null;
  /** Pass when the request has neither Origin nor Referer. Default false. */
  allowNoOrigin?: boolean;
  /** Throw `BadCSRFOrigin` on failure (default), or return false. */
  raises?: boolean;
}

/** The trusted origins setting: a list as it is, or text read with Pyramid's `aslist`. */
function origins(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? aslist(value) : [];
}

/** `host` is `pattern`, or a subdomain of it when the pattern starts with a dot. */
function isSameDomain(host: string, pattern: string): boolean {
  if (!pattern) return false;
  const p = pattern.toLowerCase();
  return (p[0] === '.' && (host.endsWith(p) || host === p.slice(1))) || p === host;
}

/**
 * On HTTPS, checks that the request comes from this site (or a trusted origin): its `Origin`
 * header, else its `Referer`, must be https and name this host. Plain-HTTP requests pass, as
 * in Pyramid: there a man in the middle could forge the header anyway.
 */
export function checkCsrfOrigin(request: CSRFRequest, options: CheckCsrfOriginOptions = {}): boolean {
  const { allowNoOrigin = false, raises = true } = options;
  const fail = (reason: string): false => {
    if (raises) throw new BadCSRFOrigin(`Origin checking failed - ${reason}`);
    return false;
  };
  if (request.scheme !== 'https') return true;
  let origin = header(request, 'Origin');
  const originIsReferrer = origin === undefined;
  // Several origins: the last is the closest to us.
  origin = originIsReferrer ? header(request, 'Referer') : origin!.split(' ').pop();
  if (!origin) return allowNoOrigin ? true : fail('missing Origin or Referer.');

  const trusted = options.trustedOrigins ? [...options.trustedOrigins] : origins(request.registry?.settings['pyramid.csrf_trusted_origins']);
  // Pyramid's: the domain, with request.host_port unless that is 80 or 443
  const { name } = splitHost(request.host);
  const port = hostPort(request.host, request.scheme);
  trusted.push(port === '80' || port === '443' ? name : `${name}:${port}`);

  if (!originIsReferrer && origin === 'null') return trusted.includes('null') ? true : fail('null does not match any trusted origins.');
  const parsed = /^([A-Za-z][A-Za-z0-9+.-]*):(?:\/\/([^/?#]*))?/.exec(origin);
  if (!parsed || parsed[1].toLowerCase() !== 'https') return fail('Origin is insecure while host is secure.');
  const netloc = parsed[2] ?? '';
  if (!trusted.some((host) => isSameDomain(netloc, host))) return fail(`${origin} does not match any trusted origins.`);
  return true;
}

export interface RequireCsrfOptions extends CheckCsrfTokenOptions, Pick<CheckCsrfOriginOptions, 'allowNoOrigin'> {
  /** Default: GET, HEAD, OPTIONS and TRACE. */
  safeMethods?: ReadonlySet<string>;
  /** Also check the origin (HTTPS only). Default true. */
  checkOrigin?: boolean;
  /** Check only the requests for which this returns true. */
  callback?: (request: CSRFRequest) => boolean;
}

/**
 * What Pyramid's `require_csrf` view option does before the view runs: on an unsafe method,
 * the origin check (on HTTPS) and the token check, each throwing a 400.
 */
export function requireCsrf(request: CSRFRequest, options: RequireCsrfOptions = {}): void {
  const { safeMethods = SAFE_REQUEST_METHODS, checkOrigin = true, allowNoOrigin = false, callback } = options;
  if (safeMethods.has(request.method) || (callback && !callback(request))) return;
  if (checkOrigin) checkCsrfOrigin(request, { allowNoOrigin, raises: true });
  checkCsrfToken(request, { token: options.token, header: options.header, raises: true });
}
