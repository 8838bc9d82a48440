/**
 * Testing helpers, as Pyramid's `pyramid.testing` and WebTest's `TestApp`:
 * `setUp()`/`tearDown()` around a test, `DummyRequest` for calling views directly, and
 * `TestApp` for driving a whole app in-process (no socket) with a cookie jar.
 *
 * @example
 *   beforeEach(() => { config = testing.setUp(); });
 *   afterEach(() => testing.tearDown());
 *   const request = new testing.DummyRequest();
 *   const inst = new TutorialViews(request);
 *   expect(inst.home().name).toBe('Home View');
 *
 *   const testapp = new TestApp(main({}));
 *   const res = await testapp.get('/', { status: 200 });
 *   expect(res.text).toContain('<h1>Hi Home View');
 */
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import { ServerResponse as NodeServerResponse, validateHeaderName, validateHeaderValue } from 'node:http';
import type { IncomingMessage, ServerResponse, RequestListener, IncomingHttpHeaders } from 'node:http';
import { Configurator } from './config';
import { Registry, type Settings } from './registry';
import { Request } from './request';
import { MultiDict } from './multidict';
import { SessionBase, asDict, type ISession } from './session';
import { callerDir } from './path';
import type { Matchdict } from './routes';
import { applyRequestExtensions } from './requestmethods';

export { DummySecurityPolicy, type DummySecurityPolicyOptions } from './security/dummypolicy';

let currentRegistry: Registry | null = null;

/** The registry `setUp()` made, which new DummyRequests use (Pyramid's threadlocal registry). */
export function getCurrentRegistry(): Registry | null {
  return currentRegistry;
}

/**
 * Starts a test: a Configurator that applies each directive at once (Pyramid's autocommit),
 * whose registry DummyRequests pick up. Pair with `tearDown()`.
 */
export function setUp(options: { settings?: Settings; registry?: Registry } = {}): Configurator {
  const config = new Configurator({ settings: options.settings ?? {}, registry: options.registry, packageDir: callerDir(), autocommit: true });
  currentRegistry = config.registry;
  return config;
}

export function tearDown(): void {
  currentRegistry = null;
}

/** A session without a cookie: a dict with flash and CSRF, as Pyramid's DummySession. */
export class DummySession extends SessionBase {
  new = true;
  created = Date.now() / 1000;
  accessed = this.created;
  renewed = this.created;
}

export function makeDummySession(state?: Record<string, any>): ISession {
  return asDict(new DummySession(state));
}

export interface DummyRequestOptions {
  params?: Record<string, string | string[]> | MultiDict;
  /** Makes the request a POST with this form. */
  post?: Record<string, string | string[]> | MultiDict;
  matchdict?: Matchdict;
  path?: string;
  method?: string;
  headers?: IncomingHttpHeaders;
  cookies?: Record<string, string>;
  session?: ISession;
  json?: unknown;
  body?: Buffer | string;
  registry?: Registry;
}

function toMultiDict(value: Record<string, string | string[]> | MultiDict): MultiDict {
  return value instanceof MultiDict ? value : new MultiDict(value);
}

/**
 * A request for calling views directly: `http://example.com`, GET, with `params` (which
 * `GET` and `params` share, as in Pyramid), `post`, `matchdict`, and an in-memory session.
 */
export class DummyRequest extends Request {
  constructor(options: DummyRequestOptions = {}) {
    const body = typeof options.body === 'string' ? Buffer.from(options.body) : options.body;
    super({
      method: options.method ?? (options.post ? 'POST' : 'GET'),
      url: options.path ?? '/',
      headers: { host: 'example.com:80', ...options.headers },
      registry: options.registry ?? currentRegistry ?? new Registry(),
      body,
    });
    const params = toMultiDict(options.params ?? {});
    this.GET = params;
    this.POST = options.post ? toMultiDict(options.post) : params;
    this.params = params;
    this.matchdict = options.matchdict ?? {};
    this.cookies = options.cookies ?? {};
    if (options.json !== undefined) this.json = options.json;
    this.session = options.session ?? makeDummySession();
    // The request methods the configuration added (setUp()'s, or the given registry's).
    if (this.registry && this.registry.requestExtensions.size) applyRequestExtensions(this, this.registry.requestExtensions.values());
  }

  /** `http://example.com` for the root, as Pyramid's DummyRequest gives. */
  get url(): string {
    return this.path === '/' && !this.queryString ? this.applicationUrl : super.url;
  }
}

// ---------------------------------------------------------------------------------------------
// TestApp

/** A response that did not have the status the test expected (WebTest's AppError). */
export class AppError extends Error {
  name = 'AppError';
}

export type StatusExpectation = number | string | Array<number | string>;

export interface TestRequestOptions {
  headers?: Record<string, string>;
  /** Expected status: 200, '404 Not Found', '4*', '*', or several. Default: any 2xx or 3xx. */
  status?: StatusExpectation;
  /** Accept any status (WebTest's expect_errors). */
  expectErrors?: boolean;
  /** Query parameters for GET, form fields otherwise. */
  params?: Record<string, string | string[]> | string;
  contentType?: string;
}

export class TestResponse {
  constructor(
    readonly request: { method: string; url: string },
    readonly statusCode: number,
    readonly reason: string,
    /** Lower-case names; `set-cookie` is always an array. */
    readonly headers: Record<string, string | string[]>,
    readonly body: Buffer,
    private readonly app: TestApp,
  ) {}

  get status(): string {
    return `${this.statusCode} ${this.reason}`;
  }

  get statusInt(): number {
    return this.statusCode;
  }

  get text(): string {
    return this.body.toString('utf-8');
  }

  get json(): any {
    return JSON.parse(this.text);
  }

  header(name: string): string | undefined {
    const value = this.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  /** The media type without parameters, as WebTest's `content_type`. */
  get contentType(): string | undefined {
    return this.header('content-type')?.split(';')[0].trim();
  }

  get location(): string | undefined {
    return this.header('location');
  }

  /** Follows a redirect with a GET. */
  follow(options: TestRequestOptions = {}): Promise<TestResponse> {
    if (!this.location || this.statusCode < 300 || this.statusCode >= 400) throw new AppError(`Not a redirect: ${this.status}`);
    return this.app.get(this.location, options);
  }

  /** Throws unless every string is in the body (WebTest's `mustcontain`). */
  mustContain(...strings: string[]): void {
    for (const s of strings) if (!this.text.includes(s)) throw new AppError(`Body does not contain ${JSON.stringify(s)}:\n${this.text.slice(0, 2000)}`);
  }
}

class FakeSocket extends EventEmitter {
  remoteAddress = '127.0.0.1';
  encrypted = false;
  destroy(): void {}
}

/**
 * Enough of ServerResponse for the router: writeHead/setHeader/end, refusing what Node's own
 * server refuses (a header name that is not a token, a value with CR/LF or past U+00FF, a status
 * outside 100-999, a reason with control characters), with Node's own errors: a response that
 * passes in a TestApp must not be one that fails on a real socket.
 */
class FakeResponse extends EventEmitter {
  statusCode = 200;
  statusMessage = '';
  headersSent = false;
  finished = false;
  private readonly headerMap = new Map<string, string | string[]>();
  private readonly chunks: Buffer[] = [];

  setHeader(name: string, value: string | number | string[]): this {
    if (this.headersSent) throw Object.assign(new Error('Cannot set headers after they are sent to the client'), { code: 'ERR_HTTP_HEADERS_SENT' });
    validateHeaderName(name);
    validateHeaderValue(name, value as string);
    this.headerMap.set(name.toLowerCase(), Array.isArray(value) ? value : String(value));
    return this;
  }

  getHeader(name: string): string | string[] | undefined {
    return this.headerMap.get(name.toLowerCase());
  }

  removeHeader(name: string): void {
    this.headerMap.delete(name.toLowerCase());
  }

  writeHead(status: number, reason?: string | Record<string, any> | any[], headers?: Record<string, any> | any[]): this {
    if (this.headersSent) throw Object.assign(new Error('Cannot write headers after they are sent to the client'), { code: 'ERR_HTTP_HEADERS_SENT' });
    // Node's own checks of the status line and headers: a throwaway ServerResponse (no socket, so
    // nothing is sent) given the same arguments throws what a real one would.
    const probe = new NodeServerResponse({ method: 'GET', httpVersionMajor: 1, httpVersionMinor: 1, headers: {} } as IncomingMessage);
    probe.writeHead(status, reason as string, headers as Record<string, string>);
    if (typeof reason === 'object') [headers, reason] = [reason, undefined];
    this.statusCode = status | 0;
    if (typeof reason === 'string') this.statusMessage = reason;
    // As node: an object, or the flat [name, value, name, value, ...] form.
    if (Array.isArray(headers)) for (let i = 0; i < headers.length; i += 2) this.headerMap.set(String(headers[i]).toLowerCase(), Array.isArray(headers[i + 1]) ? headers[i + 1] : String(headers[i + 1]));
    else for (const [k, v] of Object.entries(headers ?? {})) this.headerMap.set(k.toLowerCase(), Array.isArray(v) ? v : String(v));
    this.headersSent = true;
    return this;
  }

  write(chunk: string | Buffer, encoding?: BufferEncoding): boolean {
    this.headersSent = true;
    this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, encoding ?? 'utf-8') : chunk);
    return true;
  }

  end(chunk?: string | Buffer | (() => void), encoding?: BufferEncoding | (() => void)): this {
    if (chunk !== undefined && typeof chunk !== 'function') this.write(chunk, typeof encoding === 'string' ? encoding : undefined);
    this.headersSent = true;
    this.finished = true;
    this.emit('finish');
    return this;
  }

  destroy(): void {
    if (!this.finished) {
      this.finished = true;
      this.emit('close');
    }
  }

  result(): { headers: Record<string, string | string[]>; body: Buffer } {
    return { headers: Object.fromEntries(this.headerMap), body: Buffer.concat(this.chunks) };
  }
}

function matchesStatus(expected: StatusExpectation, code: number, status: string): boolean {
  const options = Array.isArray(expected) ? expected : [expected];
  return options.some((option) => {
    if (typeof option === 'number') return option === code;
    if (option === '*') return true;
    if (/^\d\*$/.test(option)) return String(code)[0] === option[0];
    return option === status || option === String(code);
  });
}

function cookieExpired(attributes: string[]): boolean {
  for (const attr of attributes) {
    const [k, v = ''] = attr.split('=');
    const key = k.trim().toLowerCase();
    if (key === 'max-age' && Number(v) <= 0) return true;
    if (key === 'expires' && Date.parse(v) <= Date.now()) return true;
  }
  return false;
}

/**
 * Drives an app in-process, as WebTest's TestApp: requests go straight to the request
 * listener, cookies are kept between requests, and `status` is checked.
 */
export class TestApp {
  /** The cookie jar: name → value (paths and domains are not tracked). */
  cookies: Record<string, string> = {};
  readonly host: string;

  constructor(readonly app: RequestListener, options: { host?: string } = {}) {
    this.host = options.host ?? 'localhost:80';
  }

  get(url: string, options: TestRequestOptions = {}): Promise<TestResponse> {
    return this.request('GET', url, options);
  }

  head(url: string, options: TestRequestOptions = {}): Promise<TestResponse> {
    return this.request('HEAD', url, options);
  }

  delete(url: string, options: TestRequestOptions = {}): Promise<TestResponse> {
    return this.request('DELETE', url, options);
  }

  /** A form post: `params` are urlencoded (a string or Buffer is sent as it is). */
  post(url: string, params: Record<string, string | string[]> | string | Buffer = {}, options: TestRequestOptions = {}): Promise<TestResponse> {
    return this.request('POST', url, { ...options, body: params });
  }

  put(url: string, params: Record<string, string | string[]> | string | Buffer = {}, options: TestRequestOptions = {}): Promise<TestResponse> {
    return this.request('PUT', url, { ...options, body: params });
  }

  postJson(url: string, value: unknown, options: TestRequestOptions = {}): Promise<TestResponse> {
    return this.request('POST', url, { ...options, body: JSON.stringify(value), contentType: 'application/json' });
  }

  /** Any request; `body` may be form fields, a string or a Buffer. */
  async request(method: string, url: string, options: TestRequestOptions & { body?: Record<string, string | string[]> | string | Buffer } = {}): Promise<TestResponse> {
    let path = url.replace(/^https?:\/\/[^/]+/, '') || '/';
    const headers: IncomingHttpHeaders = { host: this.host };
    let body: Buffer = Buffer.alloc(0);
    if (options.params !== undefined && method === 'GET') {
      const query = typeof options.params === 'string' ? options.params : formEncode(options.params);
      if (query) path += (path.includes('?') ? '&' : '?') + query;
    }
    const given = options.body;
    if (given !== undefined) {
      body = Buffer.isBuffer(given) ? given : Buffer.from(typeof given === 'string' ? given : formEncode(given));
      headers['content-type'] = options.contentType ?? 'application/x-www-form-urlencoded';
      headers['content-length'] = String(body.length);
    }
    const jar = Object.entries(this.cookies);
    if (jar.length) headers.cookie = jar.map(([k, v]) => `${k}=${v}`).join('; ');
    for (const [k, v] of Object.entries(options.headers ?? {})) headers[k.toLowerCase()] = v;

    const req = Readable.from(body.length ? [body] : []) as unknown as IncomingMessage;
    Object.assign(req, { method, url: path, headers, socket: new FakeSocket(), httpVersion: '1.1', httpVersionMajor: 1, httpVersionMinor: 1 });
    const res = new FakeResponse();
    const done = new Promise<void>((resolve, reject) => {
      res.once('finish', resolve);
      res.once('close', () => reject(new AppError(`${method} ${path}: the app closed the response without an answer`)));
    });
    this.app(req, res as unknown as ServerResponse);
    await done;
    const { headers: resHeaders, body: resBody } = res.result();
    const setCookie = resHeaders['set-cookie'];
    if (setCookie !== undefined) {
      resHeaders['set-cookie'] = Array.isArray(setCookie) ? setCookie : [setCookie];
      this.storeCookies(resHeaders['set-cookie'] as string[]);
    }
    const response = new TestResponse({ method, url: `http://${this.host.replace(/:80$/, '')}${path}` }, res.statusCode, res.statusMessage, resHeaders, resBody, this);
    this.checkStatus(response, options);
    return response;
  }

  private storeCookies(lines: string[]): void {
    for (const line of lines) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq === -1) continue;
      const name = pair.slice(0, eq).trim();
      if (cookieExpired(attributes)) delete this.cookies[name];
      else this.cookies[name] = pair.slice(eq + 1).trim();
    }
  }

  private checkStatus(response: TestResponse, options: TestRequestOptions): void {
    if (options.expectErrors) return;
    const { statusCode, status } = response;
    const ok = options.status === undefined ? statusCode >= 200 && statusCode < 400 : matchesStatus(options.status, statusCode, status);
    if (!ok) {
      const wanted = options.status === undefined ? '2xx or 3xx' : JSON.stringify(options.status);
      throw new AppError(`Bad response: ${status} (not ${wanted}) for ${response.request.method} ${response.request.url}\n${response.text.slice(0, 2000)}`);
    }
  }

  /** Empties the cookie jar. */
  reset(): void {
    this.cookies = {};
  }
}

function formEncode(params: Record<string, string | string[]>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const item of Array.isArray(v) ? v : [v]) search.append(k, item);
  return search.toString();
}
