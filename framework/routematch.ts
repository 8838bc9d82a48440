/**
 * Matching a route pattern without backtracking, for patterns whose markers could make a regular
 * expression backtrack: two markers in one segment (`/{a}-{b}-{c}.html`), or markers whose own
 * regex may cross a `/` (`/{a:.*}/{b:.*}`). As a regular expression,
 * `([^/]+)-([^/]+)-([^/]+)\.html` backtracks cubically on a long segment with no match (a
 * 4,000-character path took 29 s in V8, Pyramid's `re` is as bad). The result must stay
 * Pyramid's, that is what its backtracking `re` finds: each marker, in order, takes the longest
 * text (the shortest, for a lazy `+?`) that still lets the rest of the pattern match.
 *
 * So: one table per piece, from the last piece back, of the positions from which the pieces from
 * there on can match the rest of the path (O(pieces × length)); then, from the front, each marker
 * takes the end the next piece's table allows that its quantifier prefers. Ends never fall
 * inside a surrogate pair: markers match whole characters, as the `u` regex and Python's `str` do.
 */

/** A marker: a run of characters that `test` accepts (all but '/' for a plain `{name}`). */
export interface MarkerPiece {
  test: (codePoint: number) => boolean;
  /** `*` may match nothing; `+` (and a plain marker) at least one character. */
  min: 0 | 1;
  /** `+?`/`*?`: the shortest run the rest allows, rather than the longest. */
  lazy: boolean;
}

/** Literal text, a marker, or a trailing `*name` (the rest of the path). */
export type Piece = { literal: string } | { marker: MarkerPiece } | { star: true };

export const PLAIN_MARKER: MarkerPiece = { test: (c) => c !== 47, min: 1, lazy: false };

// A marker regex the matcher handles: one character class, then + or * (greedy or lazy).
const SIMPLE_MARKER = /^(\[(?:\\.|[^\]\\])+\]|\\[dDwWsS]|\\[^a-zA-Z0-9]|\.|[^\\[\](){}*+?.|^$])([+*])(\??)$/;

/** The marker piece for a marker's own regex (`\d+`, `[a-z0-9-]+`, `.*?`), or null when it is more than a repeated class. */
export function markerPiece(regex: string): MarkerPiece | null {
  const m = SIMPLE_MARKER.exec(regex);
  if (!m) return null;
  let klass: RegExp;
  try {
    klass = new RegExp(`^${m[1]}$`, 'u');
  } catch {
    return null;
  }
  return { test: (c) => klass.test(String.fromCodePoint(c)), min: m[2] === '+' ? 1 : 0, lazy: m[3] === '?' };
}

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** What each marker and the star matched, in the pattern's order; null when the path does not match. */
export function matchPieces(pieces: readonly Piece[], path: string): string[] | null {
  const n = path.length;
  const count = pieces.length;
  // Positions inside a surrogate pair, where no marker may end or start.
  let inPair: Uint8Array | null = null;
  for (let i = 1; i < n; i++) {
    if (isLow(path.charCodeAt(i)) && isHigh(path.charCodeAt(i - 1))) (inPair ??= new Uint8Array(n + 1))[i] = 1;
  }
  // fits[j][i]: pieces j.. match path[i..n) exactly.
  const fits: Uint8Array[] = new Array(count + 1);
  let next = new Uint8Array(n + 1);
  next[n] = 1;
  fits[count] = next;
  for (let j = count - 1; j >= 0; j--) {
    const piece = pieces[j];
    const here = new Uint8Array(n + 1);
    if ('literal' in piece) {
      const text = piece.literal;
      for (let i = 0; i + text.length <= n; i++) if (next[i + text.length] && path.startsWith(text, i)) here[i] = 1;
    } else if ('star' in piece) {
      // `.*?$`: anything but a newline, to the end (as the regex's `.`, here and in Python).
      for (let i = n; i >= 0 && (i === n || path.charCodeAt(i) !== 10); i--) here[i] = next[n];
    } else {
      const { test, min } = piece.marker;
      // A marker from i may end anywhere in [i + min, runEnd] where the rest fits.
      let fitAbove = next[n] ? n : -1; // the smallest e > i with next[e], at a character boundary
      let runEnd = n; // the end of the run of accepted characters from i
      if (min === 0 && next[n]) here[n] = 1;
      for (let i = n - 1; i >= 0; i--) {
        if (inPair?.[i]) continue; // not a boundary: no run starts or ends here
        const fitAt = next[i] ? i : fitAbove;
        if (!test(path.codePointAt(i)!)) {
          runEnd = i;
          if (min === 0 && next[i]) here[i] = 1; // an empty run
        } else {
          const first = min === 0 ? fitAt : fitAbove;
          if (first !== -1 && first <= runEnd) here[i] = 1;
        }
        fitAbove = fitAt;
      }
    }
    fits[j] = next = here;
  }
  if (!fits[0][0]) return null;
  const values: string[] = [];
  let at = 0;
  for (let j = 0; j < count; j++) {
    const piece = pieces[j];
    if ('literal' in piece) {
      at += piece.literal.length;
    } else if ('star' in piece) {
      values.push(path.slice(at));
      at = n;
    } else {
      const { test, min, lazy } = piece.marker;
      let runEnd = at;
      while (runEnd < n && test(path.codePointAt(runEnd)!)) runEnd += path.codePointAt(runEnd)! > 0xffff ? 2 : 1;
      const after = fits[j + 1];
      let end: number;
      if (lazy) {
        end = at + min;
        while (end <= runEnd && (!after[end] || inPair?.[end])) end++;
      } else {
        end = runEnd;
        while (!after[end] || inPair?.[end]) end--; // fits[j][at] promises one in [at + min, runEnd]
      }
      values.push(path.slice(at, end));
      at = end;
    }
  }
  return values;
}
