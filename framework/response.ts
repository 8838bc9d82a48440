import { serialize, type SerializeOptions } from 'cookie';
import { STATUS_CODES } from 'node:http';
import { checkAscii, checkEncodable, decodeUtf8Strict } from './unicode';

export type HeaderValue = string | string[];
export type HeadersInit = Record<string, HeaderValue | number> | Array<[string, string]>;

export interface ResponseInit {
  body?: string | Buffer | null;
  /** `404`, or `'404 Not Found'` as webob takes it. */
  status?: number | string;
  headers?: HeadersInit;
  /** Defaults to `text/html`, as webob's. */
  contentType?: string | null;
  /** Defaults to `UTF-8` for textual types; `null` for none. */
  charset?: string | null;
  location?: string;
}

/** Options of `setCookie`, named as webob's `set_cookie` (camelCased) and the `cookie` package's. */
export interface CookieOptions {
  maxAge?: number | null;
  expires?: Date;
  /** '/' by default; null leaves Path out, as webob does. */
  path?: string | null;
  domain?: string | null;
  secure?: boolean;
  httponly?: boolean;
  httpOnly?: boolean;
  samesite?: string | null;
  sameSite?: string | null;
}

// webob's rule: text/*, application/xml*, and application/ or image/ types ending in +xml.
// Charsets Node encodes, by their IANA names and common aliases.
const encodings: Record<string, BufferEncoding> = {
  'utf-8': 'utf8', utf8: 'utf8', 'iso-8859-1': 'latin1', 'iso8859-1': 'latin1', 'latin-1': 'latin1', latin1: 'latin1',
  'us-ascii': 'ascii', ascii: 'ascii', 'utf-16le': 'utf16le', 'utf-16': 'utf16le', utf16le: 'utf16le', 'ucs-2': 'ucs2',
};

/** Node's name for a response charset (`utf8` for UTF-8 in any spelling); a clear error for one it cannot write. */
export function nodeEncoding(charset: string | null): BufferEncoding {
  if (charset === null || charset === 'UTF-8') return 'utf8';
  const encoding = encodings[charset.toLowerCase()];
  if (!encoding) throw new Error(`Cannot encode a response body as charset ${JSON.stringify(charset)}: use UTF-8, ISO-8859-1, US-ASCII or UTF-16, or give the body as a Buffer`);
  return encoding;
}

// Python's names for the codecs, as its error messages spell them.
const codecNames: Partial<Record<BufferEncoding, string>> = { utf8: 'utf-8', latin1: 'latin-1', ascii: 'ascii', utf16le: 'utf-16-le', ucs2: 'utf-16-le' };

/**
 * The Node encoding to write `text` in `charset`, once it is known to hold every character:
 * as webob's `text.encode(charset)`, a character the charset lacks (`€` in ISO-8859-1, a lone
 * surrogate in UTF-8) is a UnicodeEncodeError with Python's message, never a silent `?` or U+FFFD.
 */
export function encodingFor(text: string, charset: string | null): BufferEncoding {
  const encoding = nodeEncoding(charset);
  checkEncodable(text, encoding, codecNames[encoding] ?? encoding);
  return encoding;
}

/** Bytes as text in `charset`, strictly, as webob's `body.decode(charset)`. */
function decodeBody(body: Buffer, charset: string | null): string {
  const encoding = nodeEncoding(charset);
  if (encoding === 'utf8') return decodeUtf8Strict(body);
  if (encoding === 'ascii') checkAscii(body);
  return body.toString(encoding);
}

const DEFAULT_CONTENT_TYPE = 'text/html; charset=UTF-8';

/** The key under which `headers` holds `name`, in any case. */
function findHeaderKey(headers: Record<string, unknown>, name: string): string | undefined {
  if (name in headers) return name;
  const lower = name.toLowerCase();
  if (lower in headers) return lower;
  for (const key in headers) if (key.toLowerCase() === lower) return key;
  return undefined;
}

/** A header's value from a headers object (a request's or a response's), in any case; several values joined with ', '. */
export function headerValue(headers: Record<string, string | string[] | number | undefined>, name: string): string | undefined {
  const key = findHeaderKey(headers, name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value.join(', ') : value === undefined ? undefined : String(value);
}
const textual = /^(?:text\/|application\/xml)|^(?:application|image)\/.*\+xml$/;

/** Whether webob gives this content type a default charset (`application/javascript` gets none). */
export function contentTypeHasCharset(contentType: string): boolean {
  return textual.test(contentType);
}

// Where Node's reason phrases differ from webob's.
const webobReasons: Record<number, string> = {
  207: 'Multi Status',
  413: 'Request Entity Too Large',
  414: 'Request URI Too Long',
  416: 'Requested Range Not Satisfiable',
  418: "I'm a teapot",
};
const genericReasons = ['', 'Continue', 'Success', 'Multiple Choices', 'Unknown Client Error', 'Unknown Server Error'];

/** webob's reason phrase for a code; an unknown code gets its class's generic one (`299 Success`). */
export function statusReason(code: number): string {
  return webobReasons[code] ?? STATUS_CODES[code] ?? genericReasons[Math.floor(code / 100)] ?? 'Unknown';
}

/**
 * An HTTP response, as webob's: status, headers, body, content type and charset, cookies.
 *
 * @example
 *   return new Response('<body><h1>Hello World!</h1></body>');
 *   return new Response({ contentType: 'text/plain', body: 'URL ' + request.url });
 */
export class Response {
  statusCode = 200;
  reason = 'OK';
  // A plain object: V8 keeps it fast, and a header is never named __proto__.
  headers: Record<string, HeaderValue> = {};
  charset: string | null = 'UTF-8';
  /** The Content-Type's parameters other than charset, as given (`; format=flowed`); webob keeps them. */
  contentTypeParams = '';
  /** Parameters given after the charset (`text/plain; charset=latin-1; format=flowed`), sent in that order. */
  private paramsAfterCharset = '';
  private _contentType: string | null = 'text/html';
  private _body: string | Buffer | null = null;

  constructor(bodyOrInit?: string | Buffer | ResponseInit | null, init?: ResponseInit) {
    if (init === undefined) {
      if (bodyOrInit === undefined) return;
      // `new Response(text)`, the usual view's: no options object to make and read
      if (typeof bodyOrInit === 'string') {
        this._body = bodyOrInit;
        return;
      }
    }
    const options: ResponseInit =
      typeof bodyOrInit === 'string' || Buffer.isBuffer(bodyOrInit) || bodyOrInit === null
        ? { ...init, body: bodyOrInit }
        : { ...bodyOrInit, ...init };
    if (options.status !== undefined) this.status = options.status;
    if (options.contentType !== undefined) this.contentType = options.contentType;
    if (options.charset !== undefined) this.charset = options.charset;
    if (options.headers) this.addHeaders(options.headers);
    if (options.location !== undefined) this.location = options.location;
    if (options.body !== undefined) this._body = options.body;
  }

  /** `'200 OK'`; set it from a number or a status line. */
  get status(): string {
    return `${this.statusCode} ${this.reason}`;
  }

  set status(value: number | string) {
    if (typeof value === 'number') {
      this.statusCode = value;
      this.reason = statusReason(value);
      return;
    }
    const match = /^(\d{3})(?:\s+(.*))?$/.exec(value.trim());
    if (!match) throw new TypeError(`Invalid status ${JSON.stringify(value)}: give a number or a line like '404 Not Found'`);
    this.statusCode = Number(match[1]);
    this.reason = match[2] || statusReason(this.statusCode);
  }

  /** webob's `status_int`. */
  get statusInt(): number {
    return this.statusCode;
  }

  set statusInt(value: number) {
    this.status = value;
  }

  get body(): Buffer {
    const body = this._body;
    if (body === null) return Buffer.alloc(0);
    if (typeof body === 'string') return Buffer.from(body, encodingFor(body, this.charset));
    return body;
  }

  set body(value: Buffer | string | null) {
    this._body = value;
  }

  get text(): string {
    const body = this._body;
    if (body === null) return '';
    return typeof body === 'string' ? body : decodeBody(body, this.charset);
  }

  set text(value: string) {
    this._body = value;
  }

  /** The body parsed as JSON. */
  get json(): unknown {
    return JSON.parse(this.text);
  }

  set json(value: unknown) {
    this.contentType = 'application/json';
    this.charset = null;
    this._body = JSON.stringify(value);
  }

  /** Whether a body was set (possibly empty); HTTP exceptions fill theirs only when none was. */
  get hasBody(): boolean {
    return this._body !== null;
  }

  /** The raw body as set, without encoding it: the writer avoids a copy for strings. */
  get rawBody(): string | Buffer | null {
    return this._body;
  }

  get location(): string | undefined {
    return this.getHeader('Location');
  }

  set location(value: string | undefined) {
    if (value === undefined) this.removeHeader('Location');
    else this.setHeader('Location', value);
  }

  /** The media type (`text/plain`), without parameters. */
  get contentType(): string | null {
    return this._contentType;
  }

  /**
   * As webob's `content_type = value`: the whole Content-Type is replaced. Its parameters are kept
   * (`text/plain; format=flowed`); its charset is the one it names, else UTF-8 for a textual type
   * (text/*, XML), else none.
   */
  set contentType(value: string | null) {
    if (!value) {
      this._contentType = null;
      this.contentTypeParams = this.paramsAfterCharset = '';
      return;
    }
    this.setContentTypeHeader(value, true);
  }

  /** The Content-Type header as it will be sent. */
  get contentTypeHeader(): string | null {
    const type = this._contentType;
    if (!type) return null;
    const params = this.contentTypeParams;
    const after = this.paramsAfterCharset;
    if (type === 'text/html' && this.charset === 'UTF-8' && params === '' && after === '') return DEFAULT_CONTENT_TYPE;
    return this.charset ? `${type}${params}; charset=${this.charset}${after}` : type + params + after;
  }

  private findKey(name: string): string | undefined {
    return findHeaderKey(this.headers, name);
  }

  /** A header's value, looked up without regard to case; several values are joined with ', '. */
  getHeader(name: string): string | undefined {
    return headerValue(this.headers, name);
  }

  /** Replaces a header (any case). `Content-Type` also sets `contentType` and `charset`. */
  setHeader(name: string, value: string | number): void {
    if (name.toLowerCase() === 'content-type') {
      this.setContentTypeHeader(String(value));
      return;
    }
    const key = this.findKey(name);
    if (key !== undefined && key !== name) delete this.headers[key];
    this.headers[name] = String(value);
  }

  /** Adds a header value, keeping the ones already there (as webob's `headers.add`). */
  addHeader(name: string, value: string): void {
    if (name.toLowerCase() === 'content-type') {
      this.setContentTypeHeader(value);
      return;
    }
    const key = this.findKey(name) ?? name;
    const existing = this.headers[key];
    if (existing === undefined) this.headers[key] = name.toLowerCase() === 'set-cookie' ? [value] : value;
    else if (Array.isArray(existing)) existing.push(value);
    else this.headers[key] = [existing, value];
  }

  removeHeader(name: string): void {
    const key = this.findKey(name);
    if (key !== undefined) delete this.headers[key];
  }

  addHeaders(headers: HeadersInit): void {
    const entries = Array.isArray(headers) ? headers : Object.entries(headers);
    for (const [name, value] of entries) {
      if (Array.isArray(value)) for (const v of value) this.addHeader(name, v);
      else this.addHeader(name, String(value));
    }
  }

  /**
   * Reads a Content-Type into the type, its charset and its other parameters. Set as a header,
   * a Content-Type without charset has none (webob reads the header as it is); set through
   * `contentType`, a textual one gets the default UTF-8.
   */
  private setContentTypeHeader(value: string, defaultCharset = false): void {
    const semi = value.indexOf(';');
    const type = (semi === -1 ? value : value.slice(0, semi)).trim();
    let charset: string | null = null;
    let params = '';
    let after = '';
    if (semi !== -1) {
      // Parameters split on ';' outside double quotes (`format="a;b"` is one).
      for (const param of value.slice(semi + 1).match(/(?:[^;"]|"(?:[^"\\]|\\.)*")+/g) ?? []) {
        const text = param.trim();
        const eq = text.indexOf('=');
        if (eq !== -1 && text.slice(0, eq).trim().toLowerCase() === 'charset') charset = text.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1') || null;
        else if (text && charset !== null) after += '; ' + text;
        else if (text) params += '; ' + text;
      }
    }
    this._contentType = type;
    this.contentTypeParams = params;
    this.paramsAfterCharset = after;
    this.charset = charset ?? (defaultCharset && contentTypeHasCharset(type) ? 'UTF-8' : null);
  }

  /**
   * Adds a `Set-Cookie` header, serialized by the `cookie` package. Options as webob's
   * `set_cookie`: `maxAge` (seconds; also sets `expires`), `path` ('/'), `domain`, `secure`,
   * `httponly`, `samesite`.
   */
  setCookie(name: string, value: string, options: CookieOptions = {}): void {
    this.addHeader('Set-Cookie', serializeCookie(name, value, options));
  }

  /** Asks the browser to drop a cookie: an empty value that expired long ago, with Max-Age=0. */
  deleteCookie(name: string, options: { path?: string; domain?: string | null } = {}): void {
    this.setCookie(name, '', { ...options, maxAge: 0, expires: new Date(0) });
  }

  /** The cookies set on this response, by name (the last wins). */
  get setCookies(): Record<string, string> {
    const result: Record<string, string> = {};
    const header = this.headers[this.findKey('Set-Cookie') ?? 'Set-Cookie'];
    for (const line of header === undefined ? [] : Array.isArray(header) ? header : [header]) {
      const eq = line.indexOf('=');
      const end = line.indexOf(';');
      result[line.slice(0, eq)] = line.slice(eq + 1, end === -1 ? undefined : end);
    }
    return result;
  }
}

const sameSiteValues: Record<string, 'lax' | 'strict' | 'none'> = { lax: 'lax', strict: 'strict', none: 'none' };

// Values that need no encoding (encodeURIComponent leaves them alone) and are legal in a cookie.
const plainCookieValue = /^[A-Za-z0-9\-_.!~*'()]*$/;
// The attributes part of a Set-Cookie, per options object and name, where it cannot change
// between calls (no Max-Age/Expires): a session writes one cookie per request with the same
// options. Each entry keeps the option values it was made from and is used only while the
// object still holds them: an options object changed later (secure turned on) is serialized anew.
interface CachedAttributes {
  text: string;
  path: CookieOptions['path'];
  domain: CookieOptions['domain'];
  secure: CookieOptions['secure'];
  httponly: CookieOptions['httponly'];
  httpOnly: CookieOptions['httpOnly'];
  samesite: CookieOptions['samesite'];
  sameSite: CookieOptions['sameSite'];
}
const attributeCache = new WeakMap<CookieOptions, Map<string, CachedAttributes>>();

function sameAttributes(cached: CachedAttributes, options: CookieOptions): boolean {
  return (
    cached.path === options.path && cached.domain === options.domain && cached.secure === options.secure && cached.httponly === options.httponly &&
    cached.httpOnly === options.httpOnly && cached.samesite === options.samesite && cached.sameSite === options.sameSite
  );
}

/** `Set-Cookie` text for a cookie, serialized by the `cookie` package. */
export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  if ((options.maxAge === undefined || options.maxAge === null) && !options.expires && plainCookieValue.test(value)) {
    let byName = attributeCache.get(options);
    if (!byName) attributeCache.set(options, (byName = new Map()));
    let cached = byName.get(name);
    if (cached === undefined || !sameAttributes(cached, options)) {
      const { path, domain, secure, httponly, httpOnly, samesite, sameSite } = options;
      cached = { text: serializeCookieUncached(name, '', options).slice(name.length + 1), path, domain, secure, httponly, httpOnly, samesite, sameSite };
      byName.set(name, cached);
    }
    return name + '=' + value + cached.text;
  }
  return serializeCookieUncached(name, value, options);
}

function serializeCookieUncached(name: string, value: string, options: CookieOptions): string {
  const sameSite = options.sameSite ?? options.samesite;
  const cookieOptions: SerializeOptions = {
    path: options.path === null ? undefined : (options.path ?? '/'),
    httpOnly: options.httpOnly ?? options.httponly ?? false,
    secure: options.secure ?? false,
  };
  if (options.domain) cookieOptions.domain = options.domain;
  if (options.maxAge !== undefined && options.maxAge !== null) {
    cookieOptions.maxAge = Math.trunc(options.maxAge);
    cookieOptions.expires = options.expires ?? new Date(Date.now() + cookieOptions.maxAge * 1000);
  } else if (options.expires) {
    cookieOptions.expires = options.expires;
  }
  if (sameSite) {
    const normalized = sameSiteValues[sameSite.toLowerCase()];
    if (!normalized) throw new TypeError(`Invalid samesite ${JSON.stringify(sameSite)}: use 'Strict', 'Lax' or 'None'`);
    if (normalized === 'none' && !cookieOptions.secure) {
      throw new TypeError(`Cookie ${JSON.stringify(name)}: SameSite=None needs secure=true; browsers reject it otherwise`);
    }
    cookieOptions.sameSite = normalized;
  }
  return serialize(name, value, cookieOptions);
}
