/**
 * The request a view receives, as Pyramid's (webob's) Request: URL parts, headers, cookies,
 * `GET`/`POST`/`params`, the JSON body, the matched route, the session and the response.
 * Everything that costs something to parse is parsed on first use.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { MultiDict, NestedMultiDict } from './multidict';
import { parseMultipart } from './multipart';
import { Response } from './response';
import { HTTPBadRequest, HTTPRequestEntityTooLarge, HTTPRequestURITooLong } from './httpexceptions';
import type { Registry } from './registry';
import { quotePathSegment, type Route, type Matchdict } from './routes';
import { decodePathInfo, unquoteToBytes } from './urldecode';
import { nodeEncoding } from './response';
import { decodeUtf8Strict, checkAscii, utf8ErrorMessage } from './unicode';
import type { ISession } from './session';
import { resourceUrlPath, virtualRootBelow, vhmPath } from './traversal';
import { identity, authenticatedUserid, isAuthenticated, hasPermission } from './security/policy';
import { splitHost, defaultPort, hostPort } from './host';

export type ResponseCallback = (request: Request, response: Response) => void;
export type FinishedCallback = (request: Request) => void;

export interface RequestInit {
  method?: string;
  /** The path and query as sent (`/howdy?name=x`), not decoded. */
  url?: string;
  headers?: IncomingHttpHeaders;
  scheme?: string;
  body?: Buffer;
  registry?: Registry | null;
  remoteAddr?: string;
  /** The prefix the app is mounted under (WSGI's SCRIPT_NAME, set by a urlmap composite); '' at the root. */
  scriptName?: string;
}

/** Parses a `Cookie` header as webob does: the last of two same-named cookies wins. */
export function parseCookieHeader(header: string | undefined): Record<string, string> {
  // A plain object (not null-prototype): V8 keeps it fast; `__proto__` is skipped below.
  const cookies: Record<string, string> = {};
  if (!header) return cookies;
  // Segment ends by indexOf (fast), and each segment's '=' by a scan that stops at its end: an
  // indexOf('=') from each segment's start would run to the end of the header every time
  // (quadratic on `a;a;a;…` with no '=' at all).
  const length = header.length;
  for (let start = 0; start < length; ) {
    let end = header.indexOf(';', start);
    if (end === -1) end = length;
    let eq = start;
    while (eq < end && header.charCodeAt(eq) !== 61) eq++;
    if (eq < end) {
      const name = trimmed(header, start, eq);
      if (name && name !== '__proto__') cookies[name] = cookieValue(trimmed(header, eq + 1, end));
    }
    start = end + 1;
  }
  return cookies;
}

/** `text.slice(start, end).trim()`, without the second copy in the usual case of no spaces. */
function trimmed(text: string, start: number, end: number): string {
  const value = text.slice(start, end);
  return value.length && (isSpace(value.charCodeAt(0)) || isSpace(value.charCodeAt(value.length - 1))) ? value.trim() : value;
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 160 || code > 0x167f;
}

function cookieValue(value: string): string {
  if (value.length >= 2 && value.charCodeAt(0) === 34 && value.charCodeAt(value.length - 1) === 34) {
    // RFC 2109 quoting, with backslash and octal escapes, as Python's cookie unquoting reads it.
    value = value.slice(1, -1).replace(/\\([0-3][0-7][0-7]|.)/g, (_m, esc: string) => (esc.length === 3 ? String.fromCharCode(parseInt(esc, 8)) : esc));
  }
  if (value.includes('%')) {
    try {
      return decodeURIComponent(value);
    } catch {
      // Not percent-encoding after all: keep it as sent.
    }
  }
  return value;
}

/** Most parameters a query string or a form body may carry, unless `pyramid.max_form_params` says otherwise. */
const DEFAULT_MAX_FORM_PARAMS = 1000;
const formLimits = new WeakMap<Registry, number>();

function maxFormParams(registry: Registry | null): number {
  if (registry === null) return DEFAULT_MAX_FORM_PARAMS;
  let limit = formLimits.get(registry);
  if (limit === undefined) {
    const configured = Number(registry.settings['pyramid.max_form_params'] ?? registry.settings.max_form_params);
    limit = Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_MAX_FORM_PARAMS;
    formLimits.set(registry, limit);
  }
  return limit;
}

/**
 * `a=1&b=2` as a MultiDict, refusing more than `limit` parameters before building any of them:
 * a body of a million `&x` would otherwise cost a million pairs. A query string over the limit is
 * a 414, a body a 413.
 */
function parseForm(text: string, limit: number, where: 'query string' | 'form body'): MultiDict {
  // Fewer characters than the limit cannot hold more parameters than it.
  if (text.length > limit) {
    let count = 0;
    for (let i = 0, start = 0; i <= text.length; i++) {
      if (i === text.length || text.charCodeAt(i) === 38) {
        if (i > start && ++count > limit) {
          const Refusal = where === 'query string' ? HTTPRequestURITooLong : HTTPRequestEntityTooLarge;
          throw new Refusal({ detail: `The ${where} has more than ${limit} parameters (the app's limit, setting pyramid.max_form_params).` });
        }
        start = i + 1;
      }
    }
  }
  // webob decodes the query string's fields strictly (a 500 in Pyramid); the body's leniently.
  if (where === 'query string' && HIGH_ESCAPE.test(text)) checkQueryUtf8(text);
  return new MultiDict(new URLSearchParams(text));
}

// An escape of a byte past 0x7F: only then can a field fail to be UTF-8.
const HIGH_ESCAPE = /%[89a-f][0-9a-f]/i;

/** A 400 naming Python's message for the first name or value of the query string whose bytes are not UTF-8. */
function checkQueryUtf8(text: string): void {
  for (const field of text.split('&')) {
    const eq = field.indexOf('=');
    for (const part of eq === -1 ? [field] : [field.slice(0, eq), field.slice(eq + 1)]) {
      if (!HIGH_ESCAPE.test(part)) continue;
      const message = utf8ErrorMessage(unquoteToBytes(part.replace(/\+/g, ' ')));
      if (message !== null) throw new HTTPBadRequest({ detail: `The query string is not UTF-8 text: ${message}` });
    }
  }
}

const EMPTY_BODY = Buffer.alloc(0);
/** Shared by every request that did not traverse: no array per request. */
const NO_SEGMENTS: readonly string[] = Object.freeze([]);
const bodyMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const formTypes = /^(application\/x-www-form-urlencoded|multipart\/form-data)/i;

/**
 * @example
 *   const name = request.params.get('name', 'No Name Provided');
 *   const url = request.routeUrl('hello', { first: 'jane', last: 'doe' });
 */
export class Request {
  method: string;
  headers: IncomingHttpHeaders;
  scheme: string;
  /** The path as sent, still percent-encoded. */
  path: string;
  /** The query string, without `?`. */
  queryString: string;
  /** The prefix the app is mounted under (webob's `script_name`); URLs the app makes start with it. */
  scriptName: string;
  body: Buffer;
  registry: Registry | null;
  remoteAddr: string | undefined;
  matchdict: Matchdict = {};
  matchedRoute: Route | null = null;
  /** The error an exception view is rendering, as Pyramid's `request.exception`. */
  exception: unknown = undefined;
  /** The resource the view is for: the root, or what traversal found (Pyramid's `request.context`). */
  context: unknown = null;
  /** What the root factory made (Pyramid's `request.root`). */
  root: unknown = null;
  /** The view name traversal found ('' with URL dispatch alone). */
  viewName = '';
  /** The path segments after the view name (or a route's `*subpath`). */
  subpath: readonly string[] = NO_SEGMENTS;
  /** For a wrapper view (`wrapper:`): the wrapped view's response, its body, and the view. */
  wrappedResponse: Response | undefined = undefined;
  wrappedBody: Buffer | undefined = undefined;
  wrappedView: unknown = undefined;
  /** The class view instance made for this request, until its renderer takes it (Pyramid's `__view__`). */
  __view__: unknown = undefined;
  /** A renderer name that replaces the view's for this request (Pyramid's `override_renderer`). */
  overrideRenderer: string | undefined = undefined;
  /** The path segments traversal went through. */
  traversed: readonly string[] = NO_SEGMENTS;
  /** `virtualRoot` once read, with the root it was found from. */
  declare private _virtualRoot?: { root: unknown; value: unknown };
  responseCallbacks: ResponseCallback[] = [];
  finishedCallbacks: FinishedCallback[] = [];

  private _pathInfo: string | undefined;
  private _cookies: Record<string, string> | undefined;
  private _GET: MultiDict | undefined;
  private _POST: MultiDict | undefined;
  private _params: MultiDict | undefined;
  private _json: unknown;
  private _session: ISession | undefined;
  private _response: Response | undefined;

  constructor(init: RequestInit = {}) {
    const method = init.method ?? 'GET';
    // Node's parser gives upper case already; toUpperCase() would call into ICU on every request.
    this.method = method === 'GET' || method === 'POST' || !/[a-z]/.test(method) ? method : method.toUpperCase();
    this.headers = init.headers ?? {};
    this.scheme = init.scheme ?? 'http';
    this.body = init.body ?? EMPTY_BODY;
    this.registry = init.registry ?? null;
    this.remoteAddr = init.remoteAddr;
    this.scriptName = init.scriptName ?? '';
    const url = init.url ?? '/';
    const q = url.indexOf('?');
    this.path = q === -1 ? url : url.slice(0, q);
    if (!this.path.startsWith('/')) this.path = '/' + this.path;
    this.queryString = q === -1 ? '' : url.slice(q + 1);
  }

  /**
   * The decoded path that routes match (webob's `path_info`): `%zz` and a lone `%` stay as they
   * are, as waitress leaves them; escapes whose bytes are not UTF-8 are a 400 (`URLDecodeError`).
   */
  get pathInfo(): string {
    return (this._pathInfo ??= decodePathInfo(this.path));
  }

  set pathInfo(value: string) {
    this._pathInfo = value;
  }

  /** `host:port` as the client named it; the port is left out when it is the scheme's default. */
  get host(): string {
    return (this.headers.host as string | undefined) ?? `localhost:${defaultPort(this.scheme)}`;
  }

  set host(value: string) {
    this.headers.host = value;
  }

  /** The host without its port (webob's `domain`). */
  get hostname(): string {
    return splitHost(this.host).name;
  }

  get domain(): string {
    return this.hostname;
  }

  /** The host's port, or the scheme's default when it names none (webob's `host_port`). */
  get hostPort(): string {
    return hostPort(this.host, this.scheme);
  }

  /** `http://host` without a default port (webob's `host_url`). */
  get hostUrl(): string {
    const { name, port } = splitHost(this.host);
    return this.schemeHostPort(this.scheme, name, port ?? '');
  }

  /** The app's root URL (webob's `application_url`): the host's, and the prefix the app is mounted under. */
  get applicationUrl(): string {
    return this.hostUrl + this.scriptName;
  }

  get pathUrl(): string {
    return this.applicationUrl + this.path;
  }

  get pathQs(): string {
    return this.queryString ? `${this.path}?${this.queryString}` : this.path;
  }

  /** The full URL, query string included. */
  get url(): string {
    return this.applicationUrl + this.pathQs;
  }

  get contentType(): string {
    const value = this.headers['content-type'];
    return value ? value.split(';')[0].trim().toLowerCase() : '';
  }

  get isXhr(): boolean {
    return this.headers['x-requested-with'] === 'XMLHttpRequest';
  }

  /**
   * The body as text in the Content-Type's charset (UTF-8 by default), strictly as webob decodes
   * it: bytes that are not that charset are a 400 whose detail is Python's message (webob raises
   * UnicodeDecodeError, a 500 in Pyramid), never text with U+FFFD in it.
   */
  get text(): string {
    const charset = /;\s*charset=["']?([^;"'\s]+)/i.exec(String(this.headers['content-type'] ?? ''))?.[1] ?? 'UTF-8';
    try {
      const encoding = nodeEncoding(charset);
      if (encoding === 'utf8') return decodeUtf8Strict(this.body);
      if (encoding === 'ascii') checkAscii(this.body);
      return this.body.toString(encoding);
    } catch (error) {
      throw new HTTPBadRequest({ detail: `The request body is not ${charset} text: ${(error as Error).message}` });
    }
  }

  get cookies(): Record<string, string> {
    return (this._cookies ??= parseCookieHeader(this.headers.cookie));
  }

  set cookies(value: Record<string, string>) {
    this._cookies = value;
  }

  /** The query string's variables. */
  get GET(): MultiDict {
    return (this._GET ??= parseForm(this.queryString, maxFormParams(this.registry), 'query string'));
  }

  set GET(value: MultiDict) {
    this._GET = value;
    this._params = undefined;
  }

  /** A form body's variables, urlencoded or multipart/form-data (empty for other bodies). */
  get POST(): MultiDict {
    if (this._POST) return this._POST;
    const type = this.contentType;
    // As webob: only methods that carry a form, with a form type or (a POST) no type at all.
    if (this.body.length && bodyMethods.has(this.method) && (formTypes.test(type) || (type === '' && this.method === 'POST'))) {
      if (type.startsWith('multipart/')) return (this._POST = parseMultipart(this.body, this.headers['content-type'] ?? '', maxFormParams(this.registry)));
      return (this._POST = parseForm(this.body.toString('utf-8'), maxFormParams(this.registry), 'form body'));
    }
    return (this._POST = new MultiDict());
  }

  set POST(value: MultiDict) {
    this._POST = value;
    this._params = undefined;
  }

  /** GET and POST together (GET first); `get` gives the value from the first that has the key. */
  get params(): MultiDict {
    return (this._params ??= new NestedMultiDict(this.GET, this.POST));
  }

  set params(value: MultiDict) {
    this._params = value;
  }

  // The security API (Pyramid's SecurityAPIMixin): on the class, as in Pyramid, so that an app
  // without request methods of its own makes plain Requests (a per-app subclass costs every request).
  // Their snake_case aliases are with the others, after the class.

  /** What the security policy says identifies the user, or null (Pyramid's `request.identity`). */
  get identity(): unknown {
    return identity(this);
  }

  /** The logged-in user's id, or null. */
  get authenticatedUserid(): unknown {
    return authenticatedUserid(this);
  }

  declare readonly authenticated_userid: unknown;

  /** Whether there is a logged-in user. */
  get isAuthenticated(): boolean {
    return isAuthenticated(this);
  }

  declare readonly is_authenticated: boolean;

  /** Whether the policy permits `permission` on `context` (default: the request's context). */
  hasPermission(permission: string, context?: unknown): boolean {
    return hasPermission(this, permission, context);
  }

  declare has_permission: (permission: string, context?: unknown) => boolean;

  /** The body parsed as JSON; a body that is not JSON is a 400. */
  get json(): any {
    if (this._json === undefined) {
      const text = this.text;
      try {
        this._json = JSON.parse(text);
      } catch (error) {
        throw new HTTPBadRequest({ detail: `The request body is not valid JSON: ${(error as Error).message}` });
      }
    }
    return this._json;
  }

  set json(value: any) {
    this._json = value;
  }

  /** webob's name for `json`. */
  get jsonBody(): any {
    return this.json;
  }

  /** The session, made on first use by the app's session factory. */
  get session(): ISession {
    if (this._session === undefined) {
      const factory = this.registry?.sessionFactory;
      if (!factory) {
        throw new Error(
          'No session factory registered: pass one to the Configurator (new Configurator({ sessionFactory })) ' +
            'or call config.setSessionFactory(SignedCookieSessionFactory(secret)).',
        );
      }
      this._session = factory(this);
    }
    return this._session;
  }

  set session(value: ISession) {
    this._session = value;
  }

  /** The response a renderer will fill in: headers and cookies set on it are kept. */
  get response(): Response {
    return (this._response ??= new Response());
  }

  set response(value: Response) {
    this._response = value;
  }

  /** Whether anything has asked for `request.response` yet (for tests and add-ons). */
  get hasResponse(): boolean {
    return this._response !== undefined;
  }

  addResponseCallback(callback: ResponseCallback): void {
    this.responseCallbacks.push(callback);
  }

  addFinishedCallback(callback: FinishedCallback): void {
    this.finishedCallbacks.push(callback);
  }

  /**
   * The resource at the `X-Vhm-Root` path below the root (Pyramid's `request.virtual_root`), the
   * root itself without that header or when the path is not all found; computed when first read.
   */
  get virtualRoot(): unknown {
    const root = this.root;
    let found = this._virtualRoot;
    if (found?.root !== root) this._virtualRoot = found = { root, value: virtualRootBelow(root, this.virtualRootPath) };
    return found!.value;
  }

  /** The `X-Vhm-Root` path's segments (Pyramid's `request.virtual_root_path`); none without it. */
  get virtualRootPath(): string[] {
    return vhmPath(this);
  }

  /**
   * The URL of a resource (Pyramid's `resource_url`): the app's URL, the names from the root
   * down, a trailing slash, then the elements; the last argument may give `query`, `anchor`,
   * `app_url`, `scheme`, `host`, `port`.
   *
   * @example
   *   request.resourceUrl(page, 'edit')   // http://example.com/pages/front/edit
   */
  resourceUrl(resource: unknown, ...args: Array<string | Record<string, any>>): string {
    const { elements, kw: given } = splitArgs(args);
    // Pyramid's resource_url names them query, anchor, app_url, ... (no underscore).
    const kw: Record<string, any> = {};
    for (const [key, value] of Object.entries(given)) kw[key.startsWith('_') ? key : `_${key}`] = value;
    const app = kw._app_url !== undefined ? kw._app_url : this.appUrl(kw);
    const vhm = this.headers['x-vhm-root'];
    return app + resourceUrlPath(resource, elements, typeof vhm === 'string' ? vhm : undefined) + querySuffix(kw);
  }

  /** Like `resourceUrl`, without scheme and host. */
  resourcePath(resource: unknown, ...args: Array<string | Record<string, any>>): string {
    const { elements, kw } = splitArgs(args);
    return this.resourceUrl(resource, ...elements, { ...kw, _app_url: '' });
  }

  private routeOrThrow(name: string): Route {
    const routes = this.registry?.routes;
    const route = routes?.get(name);
    if (!route) {
      const known = routes?.names.join(', ') || '(none)';
      throw new Error(`No route named '${name}'. Known routes: ${known}.`);
    }
    return route;
  }

  /**
   * The URL of a named route. Trailing strings are path elements; an object gives the
   * replacement values and `_query`, `_anchor`, `_app_url`, `_scheme`, `_host`, `_port`.
   * A template's `request.route_url('hello', first='jane')` arrives here as kwargs.
   *
   * @example
   *   request.routeUrl('hello', { first: 'jane', last: 'doe', _query: { page: '2' } })
   */
  routeUrl(name: string, ...args: Array<string | Record<string, any>>): string {
    const { elements, kw } = splitArgs(args);
    const route = this.routeOrThrow(name);
    let [els, values] = [elements, kw];
    if (route.options.pregenerator) [els, values] = route.options.pregenerator(this, els, values);
    let path = route.generate(values);
    if (els.length) path = path.replace(/\/$/, '') + '/' + els.map((e) => quotePathSegment(e)).join('/');
    return this.appUrl(values) + path + querySuffix(values);
  }

  /** Like `routeUrl`, without scheme and host. */
  routePath(name: string, ...args: Array<string | Record<string, any>>): string {
    const { elements, kw } = splitArgs(args);
    return this.routeUrl(name, ...elements, { ...kw, _app_url: '' });
  }

  /** The matched route's URL, its matchdict updated by `kw`; the query string is kept unless `_query` is given. */
  currentRouteUrl(...args: Array<string | Record<string, any>>): string {
    if (!this.matchedRoute) throw new Error('currentRouteUrl(): no route matched this request');
    const { elements, kw } = splitArgs(args);
    const values = { ...this.matchdict, ...kw };
    // Pyramid passes request.GET, re-encoded: `?name=Jane%20Doe` comes back as `?name=Jane+Doe`.
    if (!('_query' in kw) && this.GET.size) values._query = this.GET.items();
    return this.routeUrl(this.matchedRoute.name, ...elements, values);
  }

  currentRoutePath(...args: Array<string | Record<string, any>>): string {
    const { elements, kw } = splitArgs(args);
    return this.currentRouteUrl(...elements, { ...kw, _app_url: '' });
  }

  private appUrl(kw: Record<string, any>): string {
    if (kw._app_url !== undefined) return kw._app_url;
    if (kw._scheme === undefined && kw._host === undefined && kw._port === undefined) return this.applicationUrl;
    // Pyramid's _partial_application_url: http or https given implies its default port; else
    // the port comes from the host given, or the request's (standing in for SERVER_PORT)
    const scheme = kw._scheme ?? this.scheme;
    const own = splitHost(this.host);
    const { name, port } = kw._host === undefined ? own : splitHost(kw._host);
    const implied = kw._scheme !== undefined ? defaultPort(scheme) : '';
    const chosen = kw._port !== undefined ? String(kw._port) : implied || (port ?? own.port ?? '');
    return this.schemeHostPort(scheme, name, chosen) + this.scriptName;
  }

  private schemeHostPort(scheme: string, name: string, port: string): string {
    return `${scheme}://${name}${port && port !== defaultPort(scheme) ? ':' + port : ''}`;
  }
}

function splitArgs(args: Array<string | Record<string, any>>): { elements: string[]; kw: Record<string, any> } {
  const last = args[args.length - 1];
  if (last !== undefined && typeof last === 'object' && last !== null) {
    const { __keywords, ...kw } = last as Record<string, any>;
    void __keywords;
    return { elements: args.slice(0, -1).map(String), kw };
  }
  return { elements: args.map(String), kw: {} };
}

// RFC 3986's characters allowed in a query or a fragment, as Pyramid's QUERY_SAFE and ANCHOR_SAFE.
const QUERY_SAFE = "/?:@!$&'()*+,;=";

/** Python's `quote_plus(value, safe='')`: spaces become '+', all else but `_.-~` is quoted. */
function quotePlus(value: unknown): string {
  return quotePathSegment(value, '').replace(/%20/g, '+');
}

/** Pyramid's urlencode: pairs or an object whose array values repeat the key; `null` gives `k=`. */
function urlencode(query: Record<string, unknown> | Array<[string, unknown]>): string {
  const pairs = Array.isArray(query) ? query : Object.entries(query);
  const out: string[] = [];
  for (const [k, v] of pairs) {
    const key = quotePlus(k);
    if (Array.isArray(v)) for (const x of v) out.push(`${key}=${quotePlus(x)}`);
    else out.push(`${key}=${v === null || v === undefined ? '' : quotePlus(v)}`);
  }
  return out.join('&');
}

/** `?query#anchor` from `_query` and `_anchor`, encoded as Pyramid's URL generation does. */
export function querySuffix(kw: Record<string, any>): string {
  let out = '';
  const query = kw._query;
  if (query !== undefined && query !== null && query !== '') {
    const text = typeof query === 'string' ? quotePathSegment(query, QUERY_SAFE) : urlencode(query);
    if (text) out += '?' + text;
  }
  if (kw._anchor !== undefined && kw._anchor !== null && kw._anchor !== '') out += '#' + quotePathSegment(kw._anchor, QUERY_SAFE);
  return out;
}

// Pyramid's names, for templates written as in Pyramid's docs (`${request.route_url('home')}`).
Object.defineProperties(Request.prototype, {
  route_url: { get() { return this.routeUrl.bind(this); } },
  route_path: { get() { return this.routePath.bind(this); } },
  current_route_url: { get() { return this.currentRouteUrl.bind(this); } },
  current_route_path: { get() { return this.currentRoutePath.bind(this); } },
  resource_url: { get() { return this.resourceUrl.bind(this); } },
  resource_path: { get() { return this.resourcePath.bind(this); } },
  view_name: { get() { return this.viewName; } },
  authenticated_userid: { get() { return this.authenticatedUserid; } },
  is_authenticated: { get() { return this.isAuthenticated; } },
  has_permission: { get() { return this.hasPermission.bind(this); } },
  virtual_root: { get() { return this.virtualRoot; } },
  virtual_root_path: { get() { return this.virtualRootPath; } },
  wrapped_response: { get() { return this.wrappedResponse; } },
  wrapped_body: { get() { return this.wrappedBody; } },
  override_renderer: { get() { return this.overrideRenderer; }, set(value: string | undefined) { this.overrideRenderer = value; } },
  application_url: { get() { return this.applicationUrl; } },
  host_url: { get() { return this.hostUrl; } },
  host_port: { get() { return this.hostPort; } },
  path_url: { get() { return this.pathUrl; } },
  path_qs: { get() { return this.pathQs; } },
  path_info: { get() { return this.pathInfo; } },
  script_name: { get() { return this.scriptName; } },
  query_string: { get() { return this.queryString; } },
  matched_route: { get() { return this.matchedRoute; } },
  json_body: { get() { return this.json; } },
  is_xhr: { get() { return this.isXhr; } },
  remote_addr: { get() { return this.remoteAddr; } },
});
