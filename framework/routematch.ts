/**
 * Matching a route pattern without backtracking, for patterns whose markers share a path
 * segment (`/{a}-{b}-{c}.html`). As a regular expression, `([^/]+)-([^/]+)-([^/]+)\.html` backtracks
 * cubically on a long segment with no match (a 4,000-character path took 21 s, in Pyramid's `re`
 * as in V8's). The result must stay Pyramid's, that is what its backtracking `re` finds: each
 * marker takes the longest text that still lets the rest of the pattern match.
 *
 * So: one table per piece, from the last piece back, of the positions from which the pieces from
 * there on can match the rest of the path (O(pieces × length)); then, from the front, each marker
 * takes the furthest end the next piece's table allows. Linear in the path for a given pattern.
 */

/** Literal text, a `{name}` marker (`[^/]+`), or a trailing `*name` (the rest of the path). */
export type Piece = { literal: string } | { marker: true } | { star: true };

/** What each marker and the star matched, in the pattern's order; null when the path does not match. */
export function matchPieces(pieces: readonly Piece[], path: string): string[] | null {
  const n = path.length;
  const count = pieces.length;
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
      // Python's `.*?$`: anything but a newline, to the end.
      for (let i = n; i >= 0 && (i === n || path.charCodeAt(i) !== 10); i--) here[i] = next[n];
    } else {
      // A marker from i may end anywhere in (i, the next '/'] where the rest fits.
      let nearestFit = -1; // the smallest e > i with next[e]
      let segmentEnd = n; // the first '/' at or after i
      for (let i = n - 1; i >= 0; i--) {
        if (next[i + 1]) nearestFit = i + 1;
        if (path.charCodeAt(i) === 47) segmentEnd = i;
        else if (nearestFit !== -1 && nearestFit <= segmentEnd) here[i] = 1;
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
      let end = path.indexOf('/', at);
      if (end === -1) end = n;
      while (!fits[j + 1][end]) end--; // fits[j][at] promises one in (at, end]
      values.push(path.slice(at, end));
      at = end;
    }
  }
  return values;
}
