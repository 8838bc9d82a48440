/**
 * Cross-site request forgery protection, as Pyramid's `pyramid.csrf` with its default
 * (session) storage: the token lives in the session under `_csrft_`, so a Pyramid app and
 * ours sharing sessions share tokens. Failed checks are 400s (`BadCSRFToken`, `BadCSRFOrigin`).
 *
 * @example
 *   // In the form: <input type="hidden" name="csrf_token" value="${getCsrfToken(request)}">
 *   // In the view that receives it:
 *   checkCsrfToken(request);           // throws BadCSRFToken: 400 Bad CSRF Token
 *   checkCsrfOrigin(request);          // on HTTPS, the Origin or Referer must be this site
 */
import { aslist } from './ini';
import { timingSafeEqual } from 'node:crypto';
import { HTTPBadRequest } from './httpexceptions';
import { headerValue } from './response';
import type { ISession } from './session';

/** What the CSRF checks read of a request (framework's Request has it all). */
export interface CSRFRequest {
  method: string;
  scheme: string;
  /** `host[:port]` as the client sent it. */
  host: string;
  headers: Record<string, string | string[] | undefined>;
  POST: { get(key: string, defaultValue: string): string };
  session: ISession;
  registry?: { settings: Record<string, any> } | null;
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
const SAFE_REQUEST_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** A new token for the request's session (40 hex characters), replacing the old one. */
export function newCsrfToken(request: Pick<CSRFRequest, 'session'>): string {
  return request.session.newCsrfToken();
}

/** The request's current token, made (and stored in the session) if there is none. */
export function getCsrfToken(request: Pick<CSRFRequest, 'session'>): string {
  return request.session.getCsrfToken();
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
  if (stringsDiffer(getCsrfToken(request), supplied)) {
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

/** webob's `domain` and `host_port` of a `Host` value. */
function splitHost(host: string, scheme: string): { domain: string; port: string } {
  const colon = host.lastIndexOf(':');
  if (colon !== -1 && !host.endsWith(']')) return { domain: host.slice(0, colon), port: host.slice(colon + 1) };
  return { domain: host, port: scheme === 'https' ? '443' : '80' };
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
  const { domain, port } = splitHost(request.host, request.scheme);
  trusted.push(port === '80' || port === '443' ? domain : `${domain}:${port}`);

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
