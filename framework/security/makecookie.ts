/**
 * A `Set-Cookie` value written byte for byte as webob's `make_cookie` writes it (attribute
 * order, `expires` format, RFC 2109 quoting of values with commas or spaces), so that a cookie
 * we set is the cookie a Pyramid app would have set, and webob's parser reads it back.
 */

export interface MakeCookieOptions {
  /** Seconds; sets both `Max-Age` and `expires` (counted from `now`). */
  maxAge?: number | null;
  path?: string | null;
  domain?: string | null;
  secure?: boolean;
  httpOnly?: boolean;
  /** 'Strict', 'Lax' or 'None' (any case, written as given), or null for none. */
  samesite?: string | null;
  /** The clock for `expires`, in seconds since the epoch. Default: now. */
  now?: number;
}

// RFC 6265 cookie-octets, as webob's _allowed_cookie_chars.
const ALLOWED = /^[A-Za-z0-9!#$%&'()*+\-./:<=>?@[\]^_`{|}~]*$/;
const NOOP = /[A-Za-z0-9!#$%&'()*+\-./:<=>?@[\]^_`{|}~ ]/;
const TOKEN = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;
const RESERVED = new Set(['path', 'comment', 'domain', 'max-age', 'expires', 'secure', 'httponly', 'samesite']);
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Characters outside the cookie alphabet as `\ooo` octal escapes (webob's `_escape_char`). */
function escape(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code > 0xff) throw new TypeError(`Cookie text ${JSON.stringify(text)} is not Latin-1`);
    out += NOOP.test(ch) ? ch : '\\' + code.toString(8).padStart(3, '0');
  }
  return out;
}

/** A value as webob writes it: as is when every character is allowed, else quoted and escaped. */
function quoteCookieValue(value: string): string {
  return ALLOWED.test(value) ? value : '"' + escape(value) + '"';
}

/** `Sun, 29-Nov-2026 17:45:17 GMT`, the date form webob writes. */
function cookieDate(seconds: number): string {
  const d = new Date(Math.floor(seconds) * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${WEEKDAYS[d.getUTCDay()]}, ${two(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${String(d.getUTCFullYear()).padStart(4, '0')} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} GMT`;
}

/** Throws, naming the cookie, when webob would refuse its name. */
export function checkCookieName(name: string): void {
  if (!TOKEN.test(name) || name.startsWith('$') || RESERVED.has(name.toLowerCase())) {
    throw new TypeError(`Invalid cookie name ${JSON.stringify(name)}: use letters, digits and !#$%&'*+-.^_\`|~ (not starting with $, not an attribute name)`);
  }
}

/** Throws when webob would refuse the SameSite value. */
export function checkSameSite(samesite: string | null | undefined, secure: boolean): void {
  if (samesite === null || samesite === undefined) return;
  const lower = samesite.toLowerCase();
  if (lower !== 'strict' && lower !== 'lax' && lower !== 'none') throw new TypeError(`Invalid samesite ${JSON.stringify(samesite)}: use 'Strict', 'Lax', 'None' or null`);
  if (lower === 'none' && !secure) throw new TypeError("samesite 'None' needs secure: true (browsers refuse it otherwise)");
}

/**
 * webob's `make_cookie(name, value, ...)`: `value` null deletes the cookie (empty value,
 * `Max-Age=0` and an `expires` in 1997).
 */
export function makeCookie(name: string, value: string | null, options: MakeCookieOptions = {}): string {
  let maxAge = options.maxAge ?? null;
  let expires: string | null = null;
  if (value === null) {
    value = '';
    maxAge = 0;
    expires = 'Wed, 31-Dec-97 23:59:59 GMT';
  } else if (maxAge !== null) {
    maxAge = Math.trunc(maxAge);
    expires = cookieDate((options.now ?? Date.now() / 1000) + maxAge);
  }
  const parts = [name + '=' + quoteCookieValue(value)];
  const path = options.path === undefined ? '/' : options.path;
  if (options.domain) parts.push('Domain=' + escape(options.domain));
  if (maxAge !== null) parts.push('Max-Age=' + maxAge);
  if (path) parts.push('Path=' + escape(path));
  if (expires) parts.push('expires=' + expires);
  if (options.secure) parts.push('secure');
  if (options.httpOnly) parts.push('HttpOnly');
  if (options.samesite) {
    checkSameSite(options.samesite, !!options.secure);
    parts.push('SameSite=' + options.samesite);
  }
  return parts.join('; ');
}
