/**
 * The request path as Pyramid sees it (`request.path_info`): percent-escapes decoded as waitress
 * decodes them (`unquote_to_bytes`, which keeps an escape that is not one, such as `%zz` or a
 * trailing `%`, as it is), then the bytes read as UTF-8 as webob reads them, strictly. Bytes that
 * are not UTF-8 (`/%FF`) are a `URLDecodeError`, with the message Python's decoder gives.
 */
import { HTTPBadRequest } from './httpexceptions';

/**
 * The path's bytes are not UTF-8 (Pyramid's `pyramid.exceptions.URLDecodeError`). Pyramid lets it
 * escape as a 500 from waitress; here it is a 400, the client's mistake, with Python's message as
 * its detail. Register an exception view for it to answer otherwise.
 */
export class URLDecodeError extends HTTPBadRequest {}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 32;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/** Python's `urllib.parse.unquote_to_bytes`: `%XX` becomes a byte; anything else stays (characters past U+00FF as UTF-8). */
function unquoteToBytes(raw: string): Buffer {
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

const isContinuation = (byte: number | undefined): boolean => byte !== undefined && byte >= 0x80 && byte <= 0xbf;

/** CPython's UnicodeDecodeError text for the first bytes of `bytes` that are not UTF-8 (Objects/stringlib/codecs.h's rules). */
export function utf8ErrorMessage(bytes: Uint8Array): string | null {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    const left = bytes.length - i;
    const [b1, b2, b3] = [bytes[i + 1], bytes[i + 2], bytes[i + 3]];
    let length: number;
    // How many bytes of the sequence are good (1 = only the lead), or 0 when it is cut short by the end.
    let good: number;
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
      good = left < 2 ? 0 : isContinuation(b1) ? 2 : 1;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      const secondOk = isContinuation(b1) && !(lead === 0xe0 && b1! < 0xa0) && !(lead === 0xed && b1! >= 0xa0);
      if (left < 2) good = 0;
      else if (!secondOk) good = 1;
      else if (left < 3) good = 0;
      else good = isContinuation(b2) ? 3 : 2;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      const secondOk = isContinuation(b1) && !(lead === 0xf0 && b1! < 0x90) && !(lead === 0xf4 && b1! >= 0x90);
      if (left < 2) good = 0;
      else if (!secondOk) good = 1;
      else if (left < 3) good = 0;
      else if (!isContinuation(b2)) good = 2;
      else if (left < 4) good = 0;
      else good = isContinuation(b3) ? 4 : 3;
    } else {
      return message(bytes, i, i + 1, 'invalid start byte');
    }
    if (good === length) {
      i += length;
      continue;
    }
    return good === 0 ? message(bytes, i, bytes.length, 'unexpected end of data') : message(bytes, i, i + good, 'invalid continuation byte');
  }
  return null;
}

function message(bytes: Uint8Array, start: number, end: number, reason: string): string {
  return end - start === 1
    ? `'utf-8' codec can't decode byte 0x${bytes[start].toString(16).padStart(2, '0')} in position ${start}: ${reason}`
    : `'utf-8' codec can't decode bytes in position ${start}-${end - 1}: ${reason}`;
}

/** `request.pathInfo` from the path as sent (still percent-encoded). Bytes that are not UTF-8 throw a `URLDecodeError`. */
export function decodePathInfo(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    // The usual case: every escape well formed and UTF-8, where the two decoders agree.
    return decodeURIComponent(raw);
  } catch {
    const bytes = unquoteToBytes(raw);
    try {
      return strictUtf8.decode(bytes);
    } catch {
      throw new URLDecodeError({ detail: utf8ErrorMessage(bytes) ?? 'the request path is not UTF-8' });
    }
  }
}
