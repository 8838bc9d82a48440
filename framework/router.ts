/**
 * The router, as Pyramid's: a request goes through the tweens (the exception-view tween among
 * them) to the main handler, which announces the request, matches a route, makes the root
 * (the route's factory or the root factory), traverses to the context, announces it, and calls
 * the view found for the route, view name and context. Then the response callbacks (the
 * session's cookie) run, NewResponse is announced, and the response is written.
 *
 * Everything is composed once, when the app is made: the tween chain, the Request class with
 * the app's request methods, whether anybody listens to events. A view that returns plainly
 * keeps the whole request synchronous; only async views and tweens cost a promise. No single
 * request, however bad, can take the process down: every path ends in a response (a 500 at
 * worst) or a closed socket.
 */
import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse, RequestListener } from 'node:http';
import { FileResponse } from './static';
import { Request } from './request';
import { Response, encodingFor } from './response';
import { HTTPException, HTTPNotFound, HTTPInternalServerError, HTTPRequestEntityTooLarge } from './httpexceptions';
import { lingerOnClose } from './linger';
import { getLogger } from './logging';
import { environOf } from './proxyheaders';
import { isThenable } from './views';
import { NewRequest, BeforeTraversal, ContextFound, NewResponse } from './events';
import { traverse } from './traversal';
import { requestClassFor } from './requestmethods';
import type { Handler, TweenFactory } from './tweens';
import type { Registry } from './registry';

const log = getLogger('pyramid.router');

/** The app `makeWsgiApp()` returns: a request listener, with the registry and the router beside it. */
export type App = RequestListener & {
  registry: Registry;
  /** Handles a Request already built (for in-process callers); resolves to the final Response. */
  invoke(request: Request): Response | Promise<Response>;
};

/** Largest request body read, unless `pyramid.max_request_body_size` says otherwise. */
const DEFAULT_MAX_BODY = 1024 * 1024;

function errorName(error: unknown): string {
  return error instanceof Error || error instanceof HTTPException ? `${error.name}: ${error.message}` : String(error);
}

/**
 * The response of the exception view for `error` (Pyramid's `request.invoke_exception_view`):
 * looked up by the error's class and the matched route, called with a fresh `request.response`.
 * Throws `error` again when no exception view takes it.
 */
export function invokeExceptionView(error: unknown, request: Request): Response | Promise<Response> {
  const registry = request.registry!;
  let entry;
  try {
    entry = registry.views.find(true, request.matchedRoute?.name ?? null, '', error, request);
  } catch (predicateError) {
    throw failedIn(predicateError, 'an exception view predicate failed');
  }
  if (entry === null) throw error;
  const previous = request.exception;
  request.exception = error;
  // As Pyramid's hide_attrs: the failed view's request.response is not the error page's.
  const hidden = request.hasResponse ? request.response : undefined;
  (request as unknown as { _response: Response | undefined })._response = undefined;
  let result: Response | Promise<Response>;
  try {
    result = entry.view(error, request);
  } catch (viewError) {
    request.exception = previous;
    throw failedIn(viewError, `exception view ${entry.description} failed`);
  }
  // (An async exception view may still use request.response: it keeps the fresh one.)
  if (hidden !== undefined && !isThenable(result)) request.response = hidden;
  return result;
}

declare module './request' {
  interface Request {
    /**
     * The response of the exception view for `error` (default: `request.exception`), as Pyramid's
     * `request.invoke_exception_view`; throws the error again when no exception view takes it.
     */
    invokeExceptionView(error?: unknown): Response | Promise<Response>;
  }
}

Request.prototype.invokeExceptionView = function (this: Request, error: unknown = this.exception) {
  return invokeExceptionView(error, this);
};

/** What failed, for the log line of an error that reaches the router. */
const failures = new WeakMap<object, string>();

function failedIn(error: unknown, what: string): unknown {
  if (error !== null && typeof error === 'object' && !failures.has(error)) failures.set(error, what);
  return error;
}

/** Pyramid's excview tween: an error from below becomes its exception view's response. */
export const excviewTweenFactory: TweenFactory = (handler) => (request) => {
  let result: Response | Promise<Response>;
  try {
    result = handler(request);
  } catch (error) {
    return invokeExceptionView(error, request);
  }
  return isThenable(result) ? Promise.resolve(result).then(undefined, (error) => invokeExceptionView(error, request)) : result;
};

export class Router {
  private readonly maxBody: number;
  private readonly RequestClass: typeof Request;
  /** Whether anybody listens to events (known at commit, as in the main handler): NewResponse is made only then. */
  private readonly listening: boolean;
  /** The tweens around the main handler. */
  readonly handle_request: Handler;

  constructor(readonly registry: Registry) {
    const configured = Number(registry.settings['pyramid.max_request_body_size'] ?? registry.settings.max_request_body_size);
    this.maxBody = Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_MAX_BODY;
    this.RequestClass = requestClassFor(registry.requestExtensions);
    this.listening = registry.hasListeners;
    this.handle_request = registry.tweens.wrap(makeMainHandler(registry), registry);
  }

  private uncaught(error: unknown, request: Request): Response {
    if (error instanceof HTTPException) return error;
    return this.internalError(error, request, (error !== null && typeof error === 'object' && failures.get(error)) || 'view failed');
  }

  private internalError(error: unknown, request: Request, what: string): Response {
    if (error instanceof HTTPException) return error;
    // In Pyramid such an error escapes the router before response callbacks run: nothing is saved.
    request.responseCallbacks = [];
    log.exception(`Error while serving ${request.method} ${request.pathQs} (${what}): ${errorName(error)}`, error);
    return new HTTPInternalServerError();
  }

  /** Response callbacks (the session cookie), NewResponse, then the HTTP exception's body for the client. */
  private finish(request: Request, response: Response): Response {
    if (!(response instanceof Response)) {
      response = this.internalError(new TypeError(`A tween returned ${String(response)}, not a Response`), request, 'tween failed');
    }
    const callbacks = request.responseCallbacks;
    for (let i = 0; i < callbacks.length; i++) {
      try {
        const result: unknown = callbacks[i](request, response);
        if (isThenable(result)) this.later(result, request, 'Response callback');
      } catch (error) {
        response = this.internalError(error, request, 'response callback failed');
        request.responseCallbacks = [];
        break;
      }
    }
    if (this.listening) {
      try {
        this.registry.notify(new NewResponse(request, response));
      } catch (error) {
        response = this.internalError(error, request, 'a NewResponse subscriber failed');
      }
    }
    if (response instanceof HTTPException) response.prepare(request);
    return response;
  }

  invoke(request: Request): Response | Promise<Response> {
    let result: Response | Promise<Response>;
    try {
      result = this.handle_request(request);
    } catch (error) {
      result = this.uncaught(error, request);
    }
    if (isThenable(result)) {
      return this.finishLater(request, Promise.resolve(result).then(undefined, (error) => this.uncaught(error, request)));
    }
    return this.finish(request, result);
  }

  private finishLater(request: Request, result: PromiseLike<Response>): Promise<Response> {
    return Promise.resolve(result).then((response) => this.finish(request, response));
  }

  /** Writes a response; HEAD gets the headers (Content-Length included) without the body. */
  write(request: Request, response: Response, res: ServerResponse): void {
    if (response instanceof FileResponse) {
      this.writeFile(request, response, res);
      return;
    }
    const raw = response.rawBody;
    const body = raw === null ? '' : raw;
    const encoding = typeof body === 'string' ? encodingFor(body, response.charset) : 'utf8';
    const status = response.statusCode;
    const length = status === 204 || status === 304 ? -1 : typeof body === 'string' ? Buffer.byteLength(body, encoding) : body.length;
    const given = response.headers;
    // node's flat [name, value, ...] form: indexed, where an object would cost node a keyed walk
    let headers: Array<string | string[] | number>;
    if (isEmpty(given)) {
      // no header set by the app (the usual page): the array made at its size, in one go
      const contentType = response.contentTypeHeader;
      headers = contentType
        ? length === -1 ? ['Content-Type', contentType] : ['Content-Type', contentType, 'Content-Length', length]
        : length === -1 ? [] : ['Content-Length', length];
    } else {
      headers = headerList(given, response, request);
      if (length !== -1) headers.push('Content-Length', length);
    }
    res.writeHead(status, response.reason, headers);
    if (request.method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200)) res.end();
    // A string in 'utf8' (spelled so) goes out with the headers in one write; Node sends other spellings apart.
    else if (typeof body === 'string') res.end(body, encoding);
    else res.end(body);
  }

  /** A callback that returned a promise: Pyramid's are synchronous, so its failure can only be logged, not crash the process. */
  private later(result: PromiseLike<unknown>, request: Request, what: string): void {
    Promise.resolve(result).catch((error) => log.exception(`${what} failed for ${request.method} ${request.pathQs}: ${errorName(error)}`, error));
  }

  /** A file's bytes, streamed: memory stays flat whatever the file's size. */
  private writeFile(request: Request, response: FileResponse, res: ServerResponse): void {
    const headers: Record<string, string | string[] | number> = { ...response.headers, 'Content-Length': response.length };
    const contentType = response.contentTypeHeader;
    if (contentType) headers['Content-Type'] = contentType;
    res.writeHead(response.statusCode, response.reason, headers);
    if (request.method === 'HEAD' || response.length === 0) {
      res.end();
      return;
    }
    const stream = fs.createReadStream(response.file, { start: response.start, end: response.end });
    stream.on('error', (error) => {
      log.exception(`Could not read ${response.file} for ${request.method} ${request.pathQs}: ${errorName(error)}`, error);
      res.destroy();
    });
    // A client that goes away stops the reading.
    res.on('close', () => stream.destroy());
    stream.pipe(res);
  }

  private finished(request: Request): void {
    for (const callback of request.finishedCallbacks) {
      try {
        const result: unknown = callback(request);
        if (isThenable(result)) this.later(result, request, 'Finished callback');
      } catch (error) {
        log.exception(`Finished callback failed for ${request.method} ${request.pathQs}: ${errorName(error)}`, error);
      }
    }
  }

  private respond(request: Request, res: ServerResponse, result: Response | Promise<Response>): void {
    if (isThenable(result)) {
      Promise.resolve(result)
        .then((response) => this.respond(request, res, response))
        .catch((error) => this.lastResort(request, res, error));
      return;
    }
    try {
      this.write(request, result, res);
    } catch (error) {
      this.lastResort(request, res, error);
    } finally {
      // As Pyramid: finished callbacks run however the response went.
      if (request.finishedCallbacks.length) this.finished(request);
    }
  }

  /** Nothing else worked (a header that cannot be written, say): a bare 500, and keep serving. */
  private lastResort(request: Request, res: ServerResponse, error: unknown): void {
    log.exception(`Could not write the response to ${request.method} ${request.pathQs}: ${errorName(error)}`, error);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = 'Internal Server Error';
    // The reason given: Node keeps a refused one (with a newline, say) and would refuse it again.
    res.writeHead(500, 'Internal Server Error', { 'Content-Type': 'text/plain; charset=UTF-8', 'Content-Length': body.length });
    res.end(body);
  }

  /** The Node request listener. */
  handle(req: IncomingMessage, res: ServerResponse): void {
    let request: Request | null = null;
    try {
      request = this.request(req);
      this.dispatch(req, res, request);
    } catch (error) {
      this.lastResort(request ?? new Request({ method: req.method, url: '/' }), res, error);
    }
  }

  private request(req: IncomingMessage): Request {
    // set by the server from url_scheme and a trusted proxy's headers
    const environ = environOf(req);
    return new this.RequestClass({
      method: req.method,
      url: req.url,
      headers: req.headers,
      scheme: environ?.urlScheme ?? ((req.socket as { encrypted?: boolean } | undefined)?.encrypted ? 'https' : 'http'),
      registry: this.registry,
      remoteAddr: environ ? environ.remoteAddr : req.socket?.remoteAddress,
      scriptName: (req as { scriptName?: string }).scriptName,
    });
  }

  private dispatch(req: IncomingMessage, res: ServerResponse, request: Request): void {
    const headers = request.headers;
    const length = headers['content-length'];
    const chunked = headers['transfer-encoding'] !== undefined;
    if ((length === undefined || length === '0') && !chunked) {
      this.respond(request, res, this.invoke(request));
      return;
    }
    this.readBody(req, res, request);
  }

  private readBody(req: IncomingMessage, res: ServerResponse, request: Request): void {
    const declared = Number(request.headers['content-length']);
    const tooLarge = () => {
      // The rest of the body is not kept: close the connection after answering, lingering.
      res.setHeader('Connection', 'close');
      lingerOnClose(req);
      const error = new HTTPRequestEntityTooLarge(`The limit is ${this.maxBody} bytes.`);
      this.respond(request, res, this.invokeError(request, error));
    };
    if (declared > this.maxBody) {
      tooLarge();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > this.maxBody) {
        done = true;
        // the rest flows on, unkept (see lingerOnClose)
        tooLarge();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      request.body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
      try {
        this.respond(request, res, this.invoke(request));
      } catch (error) {
        this.lastResort(request, res, error);
      }
    });
    req.on('error', () => {
      if (done) return;
      done = true;
      // The client went away mid-body; there is no one to answer.
      res.destroy();
    });
  }

  /** Answers with an HTTP error before any view ran (body too large), through exception views. */
  private invokeError(request: Request, error: HTTPException): Response | Promise<Response> {
    let result: Response | Promise<Response>;
    try {
      result = invokeExceptionView(error, request);
    } catch (viewError) {
      result = this.uncaught(viewError, request);
    }
    return isThenable(result) ? this.finishLater(request, Promise.resolve(result).then(undefined, (e) => this.uncaught(e, request))) : this.finish(request, result);
  }
}

function isEmpty(headers: Record<string, unknown>): boolean {
  for (const _ in headers) return false;
  return true;
}

/**
 * A response's headers in node's flat form, but Content-Length (computed by the writer): in one
 * pass, noting the ones that need care; Content-Type from the response's when not set as a header.
 */
function headerList(given: Record<string, string | string[]>, response: Response, request: Request): Array<string | string[] | number> {
  const headers: Array<string | string[] | number> = [];
  let hasContentType = false;
  for (const key in given) {
    let value: string | string[] = given[key];
    const first = key.charCodeAt(0) | 0x20;
    if (first === 0x63 /* c */ && key.length === 12 && key.toLowerCase() === 'content-type') hasContentType = true;
    else if (first === 0x63 /* c */ && key.length === 14 && key.toLowerCase() === 'content-length') continue; // computed by the writer
    else if (first === 0x6c /* l */ && key.length === 8 && key.toLowerCase() === 'location') {
      const location = String(value);
      // webob sends Location absolute, made from the request's URL.
      if (!/^[a-z][a-z0-9+.-]*:/i.test(location)) headers.push('Location', absoluteLocation(location, request));
      else headers.push(key, location);
      continue;
    }
    if (Array.isArray(value) && value.length === 1) value = value[0]; // one Set-Cookie: no list for node to walk
    headers.push(key, value);
  }
  if (!hasContentType) {
    const contentType = response.contentTypeHeader;
    if (contentType) headers.push('Content-Type', contentType);
  }
  return headers;
}

/** webob's absolute Location: relative to the request's URL; as given when that URL is unusable (a bad Host). */
function absoluteLocation(location: string, request: Request): string {
  try {
    return new URL(location, request.url).href;
  } catch {
    return location;
  }
}

/**
 * Pyramid's `Router.handle_request`: NewRequest, route, BeforeTraversal, root, traversal,
 * ContextFound, view. Events are made only when someone listens (known at commit).
 */
function makeMainHandler(registry: Registry): Handler {
  const { routes, views, routeFactories } = registry;
  const rootFactory = registry.rootFactory;
  const listening = registry.hasListeners;
  return (request) => {
    if (listening) registry.notify(new NewRequest(request));
    const info = routes.match(request.pathInfo, request);
    let factory = rootFactory;
    let routeName: string | null = null;
    if (info !== null) {
      request.matchdict = info.match;
      request.matchedRoute = info.route;
      routeName = info.route.name;
      factory = routeFactories.get(routeName) ?? rootFactory;
    }
    if (listening) registry.notify(new BeforeTraversal(request));
    const root = factory(request);
    request.root = root;
    let context = root;
    let viewName = '';
    // A route without traverse or subpath: the context is the root, as traversal of '/' gives.
    if (info === null || info.match.traverse !== undefined || info.match.subpath !== undefined || request.headers['x-vhm-root'] !== undefined) {
      const found = traverse(root, request);
      context = found.context;
      viewName = found.viewName;
      request.subpath = found.subpath;
      request.traversed = found.traversed;
    }
    request.context = context;
    request.viewName = viewName;
    if (listening) registry.notify(new ContextFound(request));
    const entry = views.find(false, routeName, viewName, context, request);
    if (entry === null) throw new HTTPNotFound(request.pathInfo);
    return entry.view(context, request);
  };
}

/** The app for a committed registry. */
export function makeRouter(registry: Registry): App {
  const router = new Router(registry);
  const app = ((req: IncomingMessage, res: ServerResponse) => router.handle(req, res)) as App;
  app.registry = registry;
  app.invoke = (request) => router.invoke(request);
  return app;
}

