/**
 * URL dispatch as Pyramid's: patterns with `{name}`, `{name:regex}` and a trailing `*stararg`
 * (and Pyramid's old-style `:name` where a pattern has no `{}` marker), matched against the
 * whole (decoded) path, routes tried in the order they were added. Patterns with two markers in
 * one segment are matched without backtracking (routematch.ts).
 *
 * Matching does not try every route's regex: at commit, routes are indexed by their literal
 * leading path segments, and a request only tries the routes whose literal part fits its path,
 * still in the order they were added, so the first match is the one Pyramid would pick.
 */

import { matchPieces, markerPiece, PLAIN_MARKER, type Piece } from './routematch';

export type Matchdict = Record<string, any>;

/** A route predicate: given the match info and the request, may the route match? */
export type RoutePredicate = ((info: { match: Matchdict; route: Route }, request: any) => boolean) & { text?: string };

export interface RouteOptions {
  /** Route-level predicates, as Pyramid's `add_route(request_method=...)`. */
  requestMethod?: string | string[];
  requestParam?: string | string[];
  header?: string | string[];
  /** Media types, one of which the client must accept (Pyramid's route `accept`: several allowed, no wildcard). */
  accept?: string | string[];
  xhr?: boolean;
  customPredicates?: RoutePredicate[];
  /** Generates URLs only; never matched (Pyramid's `static=True`). */
  static?: boolean;
  /** Called with (request, elements, kw) before a URL is generated; returns [elements, kw]. */
  pregenerator?: (request: any, elements: string[], kw: Record<string, any>) => [string[], Record<string, any>];
  /** Under a route prefix, a pattern of '' is the prefix itself, without a trailing slash. */
  inheritSlash?: boolean;
}

// Characters left as they are in a path segment (Pyramid's PATH_SEGMENT_SAFE).
const SEGMENT_SAFE = "~!$&'()*+,;=:@";
const PATH_SAFE = SEGMENT_SAFE + '/';

/**
 * Percent-encodes as Python's `quote(value, safe)`: letters, digits and `_.-~` stay, and so do
 * the characters of `safe`; everything else is UTF-8 percent-encoded in upper case.
 */
export function quotePathSegment(value: unknown, safe = SEGMENT_SAFE): string {
  // encodeURIComponent leaves !'()* alone, which Python quotes unless they are safe.
  return encodeURIComponent(String(value)).replace(/[!'()*]|%[0-7][0-9A-F]/gi, (whole) => {
    const ch = whole.length === 1 ? whole : decodeURIComponent(whole);
    if (safe.includes(ch)) return ch;
    return whole.length === 1 ? '%' + ch.charCodeAt(0).toString(16).toUpperCase() : whole.toUpperCase();
  });
}

/** Pyramid's split_path_info: segments without empty ones, '.' dropped, '..' going up. */
export function splitPathInfo(path: string): string[] {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (!segment || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return out;
}

interface Part {
  literal?: string;
  name?: string;
  star?: boolean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Pyramid's route_re (a `{marker}`, one level of inner braces) and old_route_re (`:name`).
const MARKER = /\{[_a-zA-Z][^{}]*(?:\{[^{}]*\}[^{}]*)*\}/;
const OLD_MARKER = /:[_a-zA-Z]\w*/g;

/** Pyramid's reading of old-style patterns: `/foo/:baz/bar` is `/foo/{baz}/bar`, unless the pattern has a `{}` marker. */
function updateOldPattern(pattern: string): string {
  return MARKER.test(pattern) ? pattern : pattern.replace(OLD_MARKER, (name) => `{${name.slice(1)}}`);
}

/** Splits a pattern into literal text, `{markers}` (with optional regex) and a final `*star`. */
function parsePattern(pattern: string, routeName: string): Part[] {
  const parts: Part[] = [];
  let i = 0;
  let literal = '';
  // As Pyramid's star_at_end: a bare trailing `*` is dropped, matching nothing itself.
  const starMatch = /\*(\w*)$/.exec(pattern);
  const body = starMatch ? pattern.slice(0, starMatch.index) : pattern;
  while (i < body.length) {
    const ch = body[i];
    if (ch === '{') {
      // Balance braces: a marker's regex may hold its own `{2,3}`.
      let depth = 1;
      let j = i + 1;
      while (j < body.length && depth > 0) {
        if (body[j] === '{') depth++;
        else if (body[j] === '}') depth--;
        j++;
      }
      if (depth !== 0) throw new Error(`Route '${routeName}': unbalanced '{' in pattern ${JSON.stringify(pattern)}`);
      if (literal) parts.push({ literal });
      literal = '';
      parts.push({ name: body.slice(i + 1, j - 1) });
      i = j;
    } else {
      literal += ch;
      i++;
    }
  }
  if (literal) parts.push({ literal });
  if (starMatch?.[1]) parts.push({ name: starMatch[1], star: true });
  return parts;
}

export class Route {
  readonly pattern: string;
  readonly regex: RegExp;
  readonly keys: string[] = [];
  readonly starName: string | null = null;
  /** The full path, for a pattern without markers. */
  readonly staticPath: string | null;
  /** Whole literal segments the path must start with (the index key). */
  readonly literalSegments: string[];
  readonly predicates: RoutePredicate[];
  readonly parts: Part[];
  /** The pieces for the backtracking-free matcher, where the regex could backtrack badly; else null (the regex). */
  private readonly pieces: Piece[] | null;

  constructor(readonly name: string, pattern: string, readonly options: RouteOptions = {}, predicates: RoutePredicate[] = []) {
    if (!pattern.startsWith('/')) pattern = '/' + pattern;
    this.pattern = pattern;
    this.parts = parsePattern(updateOldPattern(pattern), name);
    this.predicates = predicates;
    let source = '';
    for (const part of this.parts) {
      if (part.literal !== undefined) source += escapeRegExp(part.literal);
      else if (part.star) {
        (this as { starName: string }).starName = part.name!;
        source += `(?<${groupName(part.name!)}>.*)`;
      } else {
        const colon = part.name!.indexOf(':');
        const key = colon === -1 ? part.name! : part.name!.slice(0, colon);
        const expr = colon === -1 ? '[^/]+' : part.name!.slice(colon + 1);
        if (!/^\w+$/.test(key)) throw new Error(`Route '${name}': bad marker name {${part.name}} in ${JSON.stringify(pattern)}`);
        this.keys.push(key);
        source += `(?<${groupName(key)}>${expr})`;
      }
    }
    try {
      this.regex = new RegExp('^' + source + '$', 'u');
    } catch (error) {
      throw new Error(`Route '${name}': pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${(error as Error).message}`);
    }
    this.pieces = linearPieces(this.parts);
    this.staticPath = this.parts.length === 1 && this.parts[0].literal !== undefined ? this.parts[0].literal : null;
    const first = this.parts[0]?.literal ?? '';
    // Empty segments count: '//ab/{x}' is indexed under ['', 'ab'], as the path '//ab/1' splits.
    const upToMarker = this.parts.length === 1 ? first + '/' : first.slice(0, first.lastIndexOf('/') + 1);
    this.literalSegments = upToMarker.split('/').slice(1, -1);
  }

  /** The matchdict for a decoded path, or null. */
  match(path: string): Matchdict | null {
    if (this.staticPath !== null) return path === this.staticPath ? {} : null;
    if (this.pieces !== null) return this.matchPieces(path, this.pieces);
    const m = this.regex.exec(path);
    if (!m) return null;
    const match: Matchdict = {};
    const groups = m.groups!;
    for (const key of this.keys) match[key] = groups[groupName(key)];
    if (this.starName !== null) match[this.starName] = splitPathInfo(groups[groupName(this.starName)] ?? '');
    return match;
  }

  private matchPieces(path: string, pieces: Piece[]): Matchdict | null {
    const values = matchPieces(pieces, path);
    if (values === null) return null;
    const match: Matchdict = {};
    this.keys.forEach((key, i) => (match[key] = values[i]));
    if (this.starName !== null) match[this.starName] = splitPathInfo(values[this.keys.length]);
    return match;
  }

  /**
   * The path for `kw`, as Pyramid generates it: values quoted with slashes kept
   * (`first: 'a b/c'` gives `a%20b/c`), a star value from an array joined with '/'. Throws naming
   * a missing key.
   */
  generate(kw: Record<string, any>): string {
    let path = '';
    for (const part of this.parts) {
      if (part.literal !== undefined) {
        // The pattern's own text is quoted too (slashes kept), as Pyramid's generator does.
        path += quotePathSegment(part.literal, '/');
        continue;
      }
      const key = part.star ? part.name! : part.name!.split(':')[0];
      const value = kw[key];
      if (value === undefined || value === null) {
        throw new Error(`Route '${this.name}' (${this.pattern}) needs a value for '${key}' to make a URL`);
      }
      // Pyramid quotes every value with PATH_SAFE: a '/' in a value stays a '/'.
      path += Array.isArray(value) && part.star ? value.map((v) => quotePathSegment(v, PATH_SAFE)).join('/') : quotePathSegment(value, PATH_SAFE);
    }
    return path;
  }
}

/**
 * The pieces for the linear matcher when the regex could backtrack polynomially: two markers in
 * one path segment (no '/' between them), or two markers of which one may match a '/' itself
 * (`{a:.*}`). Null when the regex is safe, or when a marker's own regex is more than a repeated
 * character class (an alternation, say): such a pattern keeps the regex, and is the app's to keep safe.
 */
function linearPieces(parts: Part[]): Piece[] | null {
  const pieces: Piece[] = [];
  let markers = 0;
  let inSegment = 0;
  let risky = false;
  let crossesSlash = false;
  for (const part of parts) {
    if (part.literal !== undefined) {
      if (part.literal.includes('/')) inSegment = 0;
      pieces.push({ literal: part.literal });
    } else if (part.star) {
      pieces.push({ star: true });
    } else {
      const colon = part.name!.indexOf(':');
      const marker = colon === -1 ? PLAIN_MARKER : markerPiece(part.name!.slice(colon + 1));
      if (marker === null) return null;
      if (marker.test(47)) crossesSlash = true;
      if (++inSegment >= 2) risky = true;
      markers++;
      pieces.push({ marker });
    }
  }
  return risky || (crossesSlash && markers >= 2) ? pieces : null;
}

// Named groups need identifier names; marker names are \w+ so they only need a prefix for digits.
function groupName(key: string): string {
  return '_' + key;
}

interface TrieNode {
  children: Map<string, TrieNode>;
  routes: number[];
}

function newNode(): TrieNode {
  return { children: new Map(), routes: [] };
}

interface RouteMatch {
  route: Route;
  match: Matchdict;
}

/** The routes of one app, in the order they were added, and the index that finds them fast. */
export class RoutesMapper {
  readonly routes: Route[] = [];
  private readonly byName = new Map<string, Route>();
  private staticRoutes = new Map<string, number[]>();
  private trie: TrieNode = newNode();
  private hasDynamic = false;

  add(route: Route): void {
    const existing = this.byName.get(route.name);
    if (existing) this.routes.splice(this.routes.indexOf(existing), 1);
    this.routes.push(route);
    this.byName.set(route.name, route);
  }

  get(name: string): Route | undefined {
    return this.byName.get(name);
  }

  get names(): string[] {
    return this.routes.map((r) => r.name);
  }

  /** Builds the index; called once at commit. */
  compile(): void {
    this.staticRoutes = new Map();
    this.trie = newNode();
    this.hasDynamic = false;
    this.routes.forEach((route, index) => {
      if (route.options.static) return;
      if (route.staticPath !== null) {
        const list = this.staticRoutes.get(route.staticPath) ?? [];
        list.push(index);
        this.staticRoutes.set(route.staticPath, list);
        return;
      }
      this.hasDynamic = true;
      let node = this.trie;
      for (const segment of route.literalSegments) {
        let child = node.children.get(segment);
        if (!child) node.children.set(segment, (child = newNode()));
        node = child;
      }
      node.routes.push(index);
    });
  }

  /** The indexes of the routes that might match `path`, in the order they were added. */
  private candidates(path: string): number[] {
    const exact = this.staticRoutes.get(path);
    if (!this.hasDynamic) return exact ?? [];
    let found: number[] = exact ?? [];
    let node: TrieNode | undefined = this.trie;
    let lists = exact ? 1 : 0;
    let start = 1;
    while (node) {
      if (node.routes.length) {
        found = lists === 0 ? node.routes : found.concat(node.routes);
        lists++;
      }
      if (node.children.size === 0 || start >= path.length) break;
      let end = path.indexOf('/', start);
      if (end === -1) end = path.length;
      node = node.children.get(path.slice(start, end));
      start = end + 1;
    }
    return lists > 1 ? found.sort((a, b) => a - b) : found;
  }

  /** Whether any (non-static) route's pattern matches `path`, predicates aside (Pyramid's append_slash test). */
  patternMatches(path: string): boolean {
    for (const index of this.candidates(path)) if (this.routes[index].match(path) !== null) return true;
    return false;
  }

  /** The first route (in order) whose pattern and predicates accept the request. */
  match(path: string, request: any): RouteMatch | null {
    for (const index of this.candidates(path)) {
      const route = this.routes[index];
      const match = route.match(path);
      if (match === null) continue;
      let ok = true;
      for (const predicate of route.predicates) {
        if (!predicate({ match, route }, request)) {
          ok = false;
          break;
        }
      }
      if (ok) return { route, match };
    }
    return null;
  }
}
