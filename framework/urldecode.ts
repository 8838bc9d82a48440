/**
 * The request path as Pyramid sees it (`request.path_info`): percent-escapes decoded as waitress
 * decodes them (`unquote_to_bytes`, which keeps an escape that is not one, such as `%zz` or a
 * trailing `%`, as it is), then the bytes read as UTF-8 as webob reads them, strictly. Bytes that
 * are not UTF-8 (`/%FF`) are a `URLDecodeError`, with the message Python's decoder gives.
 */
import { HTTPBadRequest } from './httpexceptions';
import { utf8ErrorMessage } from './unicode';

/**
 * The path's bytes are not UTF-8 (Pyramid's `pyramid.exceptions.URLDecodeError`). Pyramid lets it
 * escape as a 500 from waitress; here it is a 400, the client's mistake, with Python's message as
 * its detail. Register an exception view for it to answer otherwise.
 */
export class URLDecodeError extends HTTPBadRequest {}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 32;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/** Python's `urllib.parse.unquote_to_bytes`: `%XX` becomes a byte; anything else stays (characters past U+00FF as UTF-8). */
export function unquoteToBytes(raw: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code === 37 && i + 2 < raw.length && hexValue(raw.charCodeAt(i + 1)) >= 0 && hexValue(raw.charCodeAt(i + 2)) >= 0) {
      bytes.push(hexValue(raw.charCodeAt(i + 1)) * 16 + hexValue(raw.charCodeAt(i + 2)));
      i += 2;
    } else if (code < 256) {
      bytes.push(code);
    } else {
      const char = String.fromCodePoint(raw.codePointAt(i)!);
      for (const byte of Buffer.from(char, 'utf-8')) bytes.push(byte);
      i += char.length - 1;
    }
  }
  return Buffer.from(bytes);
}

/** `request.pathInfo` from the path as sent (still percent-encoded). Bytes that are not UTF-8 throw a `URLDecodeError`. */
export function decodePathInfo(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    // The usual case: every escape well formed and UTF-8, where the two decoders agree.
    return decodeURIComponent(raw);
  } catch {
    const bytes = unquoteToBytes(raw);
    const error = utf8ErrorMessage(bytes);
    if (error !== null) throw new URLDecodeError({ detail: error });
    return bytes.toString('utf-8');
  }
}
