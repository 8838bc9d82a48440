/**
 * The router, as Pyramid's: match a route, pick the route's view by its predicates, call it,
 * and turn a thrown error into a response through an exception view (or a 404/500 page);
 * then run the response callbacks (the session's cookie) and write the response.
 *
 * A view that returns plainly keeps the whole request synchronous; only async views cost a
 * promise. No single request, however bad, can take the process down: every path ends in a
 * response (a 500 at worst) or a closed socket.
 */
import type { IncomingMessage, ServerResponse, RequestListener } from 'node:http';
import { Request } from './request';
import { Response, nodeEncoding } from './response';
import { HTTPException, HTTPNotFound, HTTPInternalServerError, HTTPRequestEntityTooLarge } from './httpexceptions';
import { getLogger } from './logging';
import { environOf } from './proxyheaders';
import { selectView, isThenable, PredicateMismatch, type ViewEntry } from './views';
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

export class Router {
  private readonly maxBody: number;

  constructor(readonly registry: Registry) {
    const configured = Number(registry.settings['pyramid.max_request_body_size'] ?? registry.settings.max_request_body_size);
    this.maxBody = Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_MAX_BODY;
  }

  /** Route, view, render: the response, or a thrown error / rejected promise. */
  private callView(request: Request): Response | Promise<Response> {
    const info = this.registry.routes.match(request.pathInfo, request);
    if (info === null) throw new HTTPNotFound(request.pathInfo);
    request.matchdict = info.match;
    request.matchedRoute = info.route;
    const entries = this.registry.views.get(info.route.name);
    const entry = entries ? selectView(entries, request.context, request) : null;
    if (entry === null) {
      throw new PredicateMismatch(entries ? `predicate mismatch for view ${entries.map((e) => e.description).join(', ')}` : request.pathInfo);
    }
    return entry.view(request.context, request);
  }

  private exceptionView(error: unknown, request: Request): ViewEntry | null {
    const views = this.registry.exceptionViews;
    if (views.size === 0) return null;
    const chain: Function[] = [];
    for (let proto = error !== null && typeof error === 'object' ? Object.getPrototypeOf(error) : null; proto; proto = Object.getPrototypeOf(proto)) {
      chain.push(proto.constructor);
    }
    // HTTP exceptions are errors in Pyramid; a view for Error sees them too.
    if (!chain.includes(Error)) chain.push(Error);
    for (const cls of chain) {
      const entries = views.get(cls);
      if (!entries) continue;
      for (const entry of entries) {
        if (entry.routeName !== null && request.matchedRoute?.name !== entry.routeName) continue;
        if (entry.predicates.every((p) => p.test(error, request))) return entry;
      }
    }
    return null;
  }

  /** Pyramid's excview: the exception view's response, the HTTP exception itself, or a 500. */
  private handleError(error: unknown, request: Request): Response | Promise<Response> {
    request.exception = error;
    let entry: ViewEntry | null;
    try {
      entry = this.exceptionView(error, request);
    } catch (predicateError) {
      return this.internalError(predicateError, request, 'an exception view predicate failed');
    }
    if (entry) {
      const fail = (viewError: unknown) => this.internalError(viewError, request, `exception view ${entry.description} failed`);
      try {
        const result = entry.view(error, request);
        return isThenable(result) ? Promise.resolve(result).catch(fail) : result;
      } catch (viewError) {
        return fail(viewError);
      }
    }
    if (error instanceof HTTPException) return error;
    return this.internalError(error, request, 'view failed');
  }

  private internalError(error: unknown, request: Request, what: string): Response {
    if (error instanceof HTTPException) return error;
    // In Pyramid such an error escapes the router before response callbacks run: nothing is saved.
    request.responseCallbacks = [];
    log.exception(`Error while serving ${request.method} ${request.pathQs} (${what}): ${errorName(error)}`, error);
    return new HTTPInternalServerError();
  }

  /** Response callbacks (the session cookie), then the HTTP exception's body for the client. */
  private finish(request: Request, response: Response): Response {
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
    if (response instanceof HTTPException) response.prepare(request);
    return response;
  }

  invoke(request: Request): Response | Promise<Response> {
    let result: Response | Promise<Response>;
    try {
      result = this.callView(request);
    } catch (error) {
      result = this.handleError(error, request);
    }
    if (isThenable(result)) {
      return this.finishLater(request, Promise.resolve(result).then(undefined, (error) => this.handleError(error, request)));
    }
    return this.finish(request, result);
  }

  private finishLater(request: Request, result: PromiseLike<Response>): Promise<Response> {
    return Promise.resolve(result).then((response) => this.finish(request, response));
  }

  /** Writes a response; HEAD gets the headers (Content-Length included) without the body. */
  write(request: Request, response: Response, res: ServerResponse): void {
    const raw = response.rawBody;
    const body = raw === null ? '' : raw;
    const encoding = nodeEncoding(response.charset);
    // One pass over the response's headers into node's flat [name, value, ...] form (indexed,
    // where an object would cost node a keyed walk), noting the three that need care.
    const headers: Array<string | string[] | number> = [];
    let hasContentType = false;
    const given = response.headers;
    for (const key in given) {
      let value: string | string[] = given[key];
      const first = key.charCodeAt(0) | 0x20;
      if (first === 0x63 /* c */ && key.length === 12 && key.toLowerCase() === 'content-type') hasContentType = true;
      else if (first === 0x63 /* c */ && key.length === 14 && key.toLowerCase() === 'content-length') continue; // computed below
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
    const status = response.statusCode;
    if (status !== 204 && status !== 304) headers.push('Content-Length', typeof body === 'string' ? Buffer.byteLength(body, encoding) : body.length);
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
    res.writeHead(500, { 'Content-Type': 'text/plain; charset=UTF-8', 'Content-Length': body.length });
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
    return new Request({
      method: req.method,
      url: req.url,
      headers: req.headers,
      scheme: environ?.urlScheme ?? ((req.socket as { encrypted?: boolean } | undefined)?.encrypted ? 'https' : 'http'),
      registry: this.registry,
      remoteAddr: environ ? environ.remoteAddr : req.socket?.remoteAddress,
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
      // The rest of the body is not read: close the connection after answering.
      res.setHeader('Connection', 'close');
      res.once('finish', () => req.destroy());
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
        req.pause();
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
    const result = this.handleError(error, request);
    return isThenable(result) ? this.finishLater(request, result) : this.finish(request, result);
  }
}

/** webob's absolute Location: relative to the request's URL; as given when that URL is unusable (a bad Host). */
function absoluteLocation(location: string, request: Request): string {
  try {
    return new URL(location, request.url).href;
  } catch {
    return location;
  }
}

/** The app for a committed registry. */
export function makeRouter(registry: Registry): App {
  const router = new Router(registry);
  const app = ((req: IncomingMessage, res: ServerResponse) => router.handle(req, res)) as App;
  app.registry = registry;
  app.invoke = (request) => router.invoke(request);
  return app;
}

