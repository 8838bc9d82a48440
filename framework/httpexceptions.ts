/**
 * HTTP exceptions: Responses that a view may return or throw, as Pyramid's
 * `pyramid.httpexceptions`. A thrown one becomes the response (through an exception view
 * if one matches); its body is made on the way out, from the request's `Accept`
 * (HTML, JSON or plain text), with Pyramid's wording.
 *
 * @example
 *   return new HTTPFound({ location: request.routeUrl('home') });
 *   throw new HTTPNotFound(`No page ${uid}`);
 */
import { escapeAttr } from './chameleon/runtime';
import { Response, type ResponseInit, type HeadersInit } from './response';
import { pyDumps } from './pyjson';
import { acceptableOffers } from './accept';

export interface HTTPExceptionInit extends Omit<ResponseInit, 'status'> {
  detail?: string | null;
  comment?: string | null;
  headers?: HeadersInit;
  /** Replaces the body template; `${explanation}`, `${detail}`, `${br}`, `${location}` ... are filled in. */
  bodyTemplate?: string;
}

export interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  method?: string;
}

const defaultBodyTemplate = '${explanation}${br}${br}\n${detail}\n${html_comment}\n';
const moveBodyTemplate = '${explanation} ${location}; you should be redirected automatically.\n${detail}\n${html_comment}';

function substitute(template: string, args: Record<string, string>): string {
  return template.replace(/\$\{(\w+)\}/g, (whole, name: string) => (name in args ? args[name] : whole));
}


type BodyType = 'text/html' | 'application/json' | 'text/plain';

/**
 * Which of HTML and JSON the client prefers, else plain text; as webob's `prepare`: a request
 * without Accept counts as an empty one (plain text), one that breaks the grammar as taking anything (HTML).
 */
function negotiate(accept: string | string[] | undefined): BodyType {
  return (acceptableOffers(accept ?? '', ['text/html', 'application/json'])[0] as BodyType | undefined) ?? 'text/plain';
}

/** The base of every HTTP exception: a Response with a status, a title and an explanation. */
export class HTTPException extends Response {
  static code = 520;
  static title = 'Unknown Error';
  static explanation = '';
  static emptyBody = false;
  static bodyTemplate = defaultBodyTemplate;

  detail: string | null;
  comment: string | null;
  bodyTemplate: string | undefined;
  declare stack?: string;

  constructor(detailOrInit?: string | HTTPExceptionInit | null, init: HTTPExceptionInit = {}) {
    const options: HTTPExceptionInit = typeof detailOrInit === 'object' && detailOrInit !== null ? detailOrInit : { ...init, detail: detailOrInit ?? null };
    const cls = new.target as unknown as typeof HTTPException;
    const { detail, comment, bodyTemplate, ...responseInit } = options;
    super({ ...responseInit, status: cls.code });
    this.reason = cls.title;
    this.detail = detail ?? null;
    this.comment = comment ?? null;
    this.bodyTemplate = bodyTemplate;
    if (cls.emptyBody) this.contentType = this.charset = null;
    Error.captureStackTrace(this, new.target);
  }

  get title(): string {
    return (this.constructor as typeof HTTPException).title;
  }

  get explanation(): string {
    return (this.constructor as typeof HTTPException).explanation;
  }

  get name(): string {
    return this.constructor.name;
  }

  /** Pyramid's `str(exc)`: the detail, else the explanation. */
  get message(): string {
    return this.detail || this.explanation;
  }

  toString(): string {
    return `${this.name}: ${this.message}`;
  }

  /** Fills in the body for the client's `Accept`, unless a body was set; Pyramid's `prepare`. */
  prepare(request: RequestLike): void {
    const cls = this.constructor as typeof HTTPException;
    if (this.hasBody || cls.emptyBody) return;
    const match = negotiate(request.headers.accept);
    const html = match === 'text/html';
    const escape = html ? escapeAttr : (s: string) => s;
    const comment = this.comment ?? '';
    const args: Record<string, string> = {
      br: html ? '<br/>' : '\n',
      explanation: escape(cls.explanation),
      detail: escape(this.detail ?? ''),
      comment: escape(comment),
      html_comment: comment ? (html ? `<!-- ${escape(comment)} -->` : comment) : '',
      location: escape(this.location ?? ''),
    };
    args.REQUEST_METHOD = escape(request.method ?? '');
    if (this.bodyTemplate !== undefined) {
      // A custom template may also name the request's headers as WSGI does (`${HTTP_USER_AGENT}`)
      // and the response's own headers in lower case (`${location}`), as in Pyramid.
      for (const [k, v] of Object.entries(request.headers)) {
        if (v !== undefined) args[`HTTP_${k.toUpperCase().replace(/-/g, '_')}`] ??= escape(String(v));
      }
      for (const [k, v] of Object.entries(this.headers)) args[k.toLowerCase()] ??= escape(String(v));
    }
    const body = substitute(this.bodyTemplate ?? cls.bodyTemplate, args);
    if (match === 'application/json') {
      this.contentType = 'application/json';
      this.charset = null;
      // Python's json.dumps layout and ASCII escapes, byte for byte as Pyramid sends it.
      this.text = pyDumps({ message: body, code: this.status, title: cls.title });
    } else if (html) {
      this.contentType = 'text/html';
      this.charset = 'UTF-8';
      this.text = `<html>\n <head>\n  <title>${this.status}</title>\n </head>\n <body>\n  <h1>${this.status}</h1>\n  ${body}\n </body>\n</html>`;
    } else {
      this.contentType = 'text/plain';
      this.charset = 'UTF-8';
      this.text = `${this.status}\n\n${body}`;
    }
  }
}

export class HTTPError extends HTTPException {}
export class HTTPRedirection extends HTTPException {}
export class HTTPSuccessful extends HTTPException {}
export class HTTPClientError extends HTTPError {
  static code = 400;
  static title = 'Bad Request';
}
export class HTTPServerError extends HTTPError {
  static code = 500;
  static title = 'Internal Server Error';
}

export interface HTTPMoveInit extends HTTPExceptionInit {
  location: string;
}

/** Redirects: the location comes first, as in Pyramid (`HTTPFound('/plain')` or `{ location }`). */
export class HTTPMove extends HTTPRedirection {
  static explanation = 'The resource has been moved to';
  static bodyTemplate = moveBodyTemplate;

  constructor(locationOrInit: string | HTTPMoveInit, init: Omit<HTTPMoveInit, 'location'> = {}) {
    const options = typeof locationOrInit === 'string' ? { ...init, location: locationOrInit } : locationOrInit;
    if (options.location === undefined || options.location === null) {
      throw new TypeError(`${new.target.name} needs a location to redirect to`);
    }
    super(options);
  }
}

type Spec = readonly [code: number, title: string, explanation?: string, emptyBody?: boolean];

function statics<T extends typeof HTTPException>(cls: T, [code, title, explanation, emptyBody]: Spec): T {
  cls.code = code;
  cls.title = title;
  if (explanation !== undefined) cls.explanation = explanation;
  if (emptyBody) cls.emptyBody = true;
  return cls;
}

export class HTTPOk extends HTTPSuccessful { static { statics(this, [200, 'OK']); } }
export class HTTPCreated extends HTTPSuccessful { static { statics(this, [201, 'Created']); } }
export class HTTPAccepted extends HTTPSuccessful { static { statics(this, [202, 'Accepted', 'The request is accepted for processing.']); } }
export class HTTPNonAuthoritativeInformation extends HTTPSuccessful { static { statics(this, [203, 'Non-Authoritative Information']); } }
export class HTTPNoContent extends HTTPSuccessful { static { statics(this, [204, 'No Content', '', true]); } }
export class HTTPResetContent extends HTTPSuccessful { static { statics(this, [205, 'Reset Content', '', true]); } }
export class HTTPPartialContent extends HTTPSuccessful { static { statics(this, [206, 'Partial Content']); } }
export class HTTPMultipleChoices extends HTTPMove { static { statics(this, [300, 'Multiple Choices']); } }
export class HTTPMovedPermanently extends HTTPMove { static { statics(this, [301, 'Moved Permanently']); } }
export class HTTPFound extends HTTPMove { static { statics(this, [302, 'Found', 'The resource was found at']); } }
export class HTTPSeeOther extends HTTPMove { static { statics(this, [303, 'See Other']); } }
export class HTTPNotModified extends HTTPRedirection { static { statics(this, [304, 'Not Modified', '', true]); } }
export class HTTPUseProxy extends HTTPMove { static { statics(this, [305, 'Use Proxy', 'The resource must be accessed through a proxy located at']); } }
export class HTTPTemporaryRedirect extends HTTPMove { static { statics(this, [307, 'Temporary Redirect']); } }
export class HTTPPermanentRedirect extends HTTPMove { static { statics(this, [308, 'Permanent Redirect']); } }
export class HTTPBadRequest extends HTTPClientError {
  static { statics(this, [400, 'Bad Request', 'The server could not comply with the request since it is either malformed or otherwise incorrect.']); }
}
export class HTTPUnauthorized extends HTTPClientError {
  static {
    statics(this, [401, 'Unauthorized', 'This server could not verify that you are authorized to access the document you requested.  Either you supplied the wrong credentials (e.g., bad password), or your browser does not understand how to supply the credentials required.']);
  }
}
export class HTTPPaymentRequired extends HTTPClientError { static { statics(this, [402, 'Payment Required', 'Access was denied for financial reasons.']); } }
export class HTTPForbidden extends HTTPClientError {
  static { statics(this, [403, 'Forbidden', 'Access was denied to this resource.']); }
  /** Why access was denied, when a permission check did it (the policy's ACLDenied...), as Pyramid's `result`. */
  result: unknown = null;
}
export class HTTPNotFound extends HTTPClientError { static { statics(this, [404, 'Not Found', 'The resource could not be found.']); } }
export class HTTPMethodNotAllowed extends HTTPClientError {
  static bodyTemplate = 'The method ${REQUEST_METHOD} is not allowed for this resource. ${br}${br}\n${detail}';
  static { statics(this, [405, 'Method Not Allowed']); }
}
export class HTTPNotAcceptable extends HTTPClientError { static { statics(this, [406, 'Not Acceptable']); } }
export class HTTPProxyAuthenticationRequired extends HTTPClientError { static { statics(this, [407, 'Proxy Authentication Required', 'Authentication with a local proxy is needed.']); } }
export class HTTPRequestTimeout extends HTTPClientError { static { statics(this, [408, 'Request Timeout', 'The server has waited too long for the request to be sent by the client.']); } }
export class HTTPConflict extends HTTPClientError { static { statics(this, [409, 'Conflict', 'There was a conflict when trying to complete your request.']); } }
export class HTTPGone extends HTTPClientError { static { statics(this, [410, 'Gone', 'This resource is no longer available.  No forwarding address is given.']); } }
export class HTTPLengthRequired extends HTTPClientError { static { statics(this, [411, 'Length Required', 'Content-Length header required.']); } }
export class HTTPPreconditionFailed extends HTTPClientError { static { statics(this, [412, 'Precondition Failed', 'Request precondition failed.']); } }
export class HTTPRequestEntityTooLarge extends HTTPClientError { static { statics(this, [413, 'Request Entity Too Large', 'The body of your request was too large for this server.']); } }
export class HTTPRequestURITooLong extends HTTPClientError { static { statics(this, [414, 'Request-URI Too Long', 'The request URI was too long for this server.']); } }
export class HTTPUnsupportedMediaType extends HTTPClientError { static { statics(this, [415, 'Unsupported Media Type']); } }
export class HTTPRequestRangeNotSatisfiable extends HTTPClientError { static { statics(this, [416, 'Request Range Not Satisfiable', 'The Range requested is not available.']); } }
export class HTTPExpectationFailed extends HTTPClientError { static { statics(this, [417, 'Expectation Failed', 'Expectation failed.']); } }
export class HTTPUnprocessableEntity extends HTTPClientError { static { statics(this, [422, 'Unprocessable Entity', 'Unable to process the contained instructions']); } }
export class HTTPLocked extends HTTPClientError { static { statics(this, [423, 'Locked', 'The resource is locked']); } }
export class HTTPFailedDependency extends HTTPClientError {
  static { statics(this, [424, 'Failed Dependency', 'The method could not be performed because the requested action dependended on another action and that action failed']); }
}
export class HTTPPreconditionRequired extends HTTPClientError { static { statics(this, [428, 'Precondition Required', 'The origin server requires the request to be conditional.']); } }
export class HTTPTooManyRequests extends HTTPClientError {
  static { statics(this, [429, 'Too Many Requests', 'The action could not be performed because there were too many requests by the client.']); }
}
export class HTTPRequestHeaderFieldsTooLarge extends HTTPClientError { static { statics(this, [431, 'Request Header Fields Too Large', 'The requests header fields were too large.']); } }
export class HTTPInternalServerError extends HTTPServerError {
  static { statics(this, [500, 'Internal Server Error', 'The server has either erred or is incapable of performing the requested operation.']); }
}
export class HTTPNotImplemented extends HTTPServerError { static { statics(this, [501, 'Not Implemented']); } }
export class HTTPBadGateway extends HTTPServerError { static { statics(this, [502, 'Bad Gateway', 'Bad gateway.']); } }
export class HTTPServiceUnavailable extends HTTPServerError { static { statics(this, [503, 'Service Unavailable', 'The server is currently unavailable. Please try again at a later time.']); } }
export class HTTPGatewayTimeout extends HTTPServerError { static { statics(this, [504, 'Gateway Timeout', 'The gateway has timed out.']); } }
export class HTTPVersionNotSupported extends HTTPServerError { static { statics(this, [505, 'HTTP Version Not Supported', 'The HTTP version is not supported.']); } }
export class HTTPInsufficientStorage extends HTTPServerError { static { statics(this, [507, 'Insufficient Storage', 'There was not enough space to save the resource']); } }

/** Whether a thrown or returned value is an HTTP exception (a Response with a status of its own). */
export function isHTTPException(value: unknown): value is HTTPException {
  return value instanceof HTTPException;
}

const byCode = new Map<number, typeof HTTPException>();
for (const cls of [
  HTTPOk, HTTPCreated, HTTPAccepted, HTTPNonAuthoritativeInformation, HTTPNoContent, HTTPResetContent, HTTPPartialContent,
  HTTPNotModified, HTTPBadRequest, HTTPUnauthorized, HTTPPaymentRequired, HTTPForbidden, HTTPNotFound,
  HTTPMethodNotAllowed, HTTPNotAcceptable, HTTPProxyAuthenticationRequired, HTTPRequestTimeout, HTTPConflict, HTTPGone,
  HTTPLengthRequired, HTTPPreconditionFailed, HTTPRequestEntityTooLarge, HTTPRequestURITooLong, HTTPUnsupportedMediaType,
  HTTPRequestRangeNotSatisfiable, HTTPExpectationFailed, HTTPUnprocessableEntity, HTTPLocked, HTTPFailedDependency,
  HTTPPreconditionRequired, HTTPTooManyRequests, HTTPRequestHeaderFieldsTooLarge, HTTPInternalServerError,
  HTTPNotImplemented, HTTPBadGateway, HTTPServiceUnavailable, HTTPGatewayTimeout, HTTPVersionNotSupported, HTTPInsufficientStorage,
] as Array<typeof HTTPException>) {
  byCode.set(cls.code, cls);
}

/** Pyramid's `exception_response(404)`: an HTTP exception for a status code (not for redirects). */
export function exceptionResponse(code: number, init?: HTTPExceptionInit): HTTPException {
  const cls = byCode.get(code);
  if (!cls) throw new RangeError(`No HTTP exception for status ${code}; redirects take a location: new HTTPFound(url)`);
  return new cls(init);
}
