/**
 * Python's codec errors, for the places where webob encodes or decodes strictly and Node would
 * silently write `?` or U+FFFD: the same classes' names and the same messages, byte for byte.
 */

/** A text its charset cannot hold (Python's `UnicodeEncodeError`). */
export class UnicodeEncodeError extends Error {
  name = 'UnicodeEncodeError';
}

/** Bytes that are not text in their charset (Python's `UnicodeDecodeError`). */
export class UnicodeDecodeError extends Error {
  name = 'UnicodeDecodeError';
}

/** How Python's repr writes one character in an error message: '\\xe9', '\\u20ac', '\\U0001f600'. */
function pyChar(code: number): string {
  if (code < 0x100) return '\\x' + code.toString(16).padStart(2, '0');
  if (code < 0x10000) return '\\u' + code.toString(16).padStart(4, '0');
  return '\\U' + code.toString(16).padStart(8, '0');
}

/** Python's index of the character at UTF-16 index `index`: it counts code points. */
function codePointIndex(text: string, index: number): number {
  let count = 0;
  for (let i = 0; i < index; i++, count++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < index) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
  }
  return count;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Throws Python's UnicodeEncodeError when `text` cannot be written in `encoding` (a Node
 * encoding; `codec` is Python's name for it, for the message): characters past U+00FF in latin-1,
 * past U+007F in ASCII, and lone surrogates anywhere.
 */
export function checkEncodable(text: string, encoding: BufferEncoding, codec: string): void {
  let at = -1;
  let reason = '';
  if (encoding === 'latin1' || encoding === 'ascii') {
    at = text.search(encoding === 'latin1' ? /[^\x00-\xff]/ : /[^\x00-\x7f]/);
    reason = encoding === 'latin1' ? 'ordinal not in range(256)' : 'ordinal not in range(128)';
  } else if (!(text as string & { isWellFormed(): boolean }).isWellFormed()) {
    at = text.search(LONE_SURROGATE);
    reason = 'surrogates not allowed';
  }
  if (at === -1) return;
  const code = text.codePointAt(at)!;
  throw new UnicodeEncodeError(`'${codec}' codec can't encode character '${pyChar(code)}' in position ${codePointIndex(text, at)}: ${reason}`);
}

/** Throws Python's UnicodeDecodeError for bytes past 0x7F, when decoding ASCII. */
export function checkAscii(bytes: Uint8Array): void {
  const at = bytes.findIndex((byte) => byte > 0x7f);
  if (at !== -1) throw new UnicodeDecodeError(`'ascii' codec can't decode byte 0x${bytes[at].toString(16)} in position ${at}: ordinal not in range(128)`);
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
      return utf8Message(bytes, i, i + 1, 'invalid start byte');
    }
    if (good === length) {
      i += length;
      continue;
    }
    return good === 0 ? utf8Message(bytes, i, bytes.length, 'unexpected end of data') : utf8Message(bytes, i, i + good, 'invalid continuation byte');
  }
  return null;
}

function utf8Message(bytes: Uint8Array, start: number, end: number, reason: string): string {
  return end - start === 1
    ? `'utf-8' codec can't decode byte 0x${bytes[start].toString(16).padStart(2, '0')} in position ${start}: ${reason}`
    : `'utf-8' codec can't decode bytes in position ${start}-${end - 1}: ${reason}`;
}


/** `bytes` as UTF-8, strictly: bytes that are not UTF-8 throw Python's UnicodeDecodeError. */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  const error = utf8ErrorMessage(bytes);
  if (error !== null) throw new UnicodeDecodeError(error);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf-8');
}
