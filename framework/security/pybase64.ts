/**
 * Python's `base64.b64decode(text)` (not validating), as CPython's binascii reads it:
 * characters outside the alphabet are skipped, a `=` before two data characters of a quad is
 * skipped, a complete padding ends the input, and a quad left unfinished is an error (here:
 * null). Pyramid decodes userids and Basic credentials with it, so we accept and refuse alike.
 */
const ALPHABET = /[A-Za-z0-9+/]/;

export function pyB64decode(text: string): Buffer | null {
  let data = '';
  let quadPos = 0;
  let pads = 0;
  for (const ch of text) {
    if (ch === '=') {
      if (quadPos >= 2 && quadPos + ++pads >= 4) break; // complete padding: the rest is ignored
      continue;
    }
    if (!ALPHABET.test(ch)) continue;
    pads = 0;
    data += ch;
    quadPos = (quadPos + 1) % 4;
  }
  if (quadPos === 1) return null; // one data character more than a multiple of 4
  if (quadPos !== 0 && quadPos + pads < 4) return null; // incorrect padding
  return Buffer.from(data, 'base64');
}
