/**
 * Static assets, as Pyramid's `add_static_view` and `static_url`: a folder served under a URL
 * prefix, with the conditional GET and byte ranges of webob's FileResponse, streamed from disk.
 *
 * Conditional GET and ranges use the libraries Express's `send` is made of (`fresh`,
 * `range-parser`, `etag`, `mime-types`): their edge cases (weak ETags, `If-None-Match` over
 * `If-Modified-Since`, suffix and open ranges) are years of others' bug reports. The decisions
 * around them are Pyramid's (webob's): a malformed or backwards Range is ignored (200), several
 * ranges give the first, an unsatisfiable one is a 416 with `Content-Range: bytes *\/size`.
 * Beyond Pyramid: an ETag, and no path that leaves the folder, symlinks included.
 *
 * @example
 *   config.addStaticView('static', 'tutorial:static', { cacheMaxAge: 3600 });
 *   // in a template: ${request.static_url('tutorial:static/app.css')}
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import fresh from 'fresh';
import parseRange from 'range-parser';
import makeEtag from 'etag';
import * as mime from 'mime-types';
import { Response } from './response';
import { HTTPNotFound, HTTPMovedPermanently, HTTPRequestRangeNotSatisfiable } from './httpexceptions';
import { quotePathSegment } from './routes';
import { Request as RequestClass, querySuffix, type Request } from './request';
import { resolveAsset } from './path';
import { acceptableEncodings } from './accept';

export interface StaticViewOptions {
  /** Seconds for Cache-Control max-age and Expires (none by default, as Pyramid's add_static_view). */
  cacheMaxAge?: number | null;
  /** The file served for a folder's URL ending in '/' (Pyramid's `index`). */
  index?: string;
  /**
   * Precompressed siblings to serve (Pyramid 2.0's `content_encodings`): with `['br', 'gzip']`,
   * `app.js.br` or `app.js.gz` answers for `app.js` to a client whose Accept-Encoding takes it,
   * the smallest acceptable file winning, with `Content-Encoding` and `Vary: Accept-Encoding`.
   * Codings and their file extensions are Python's: gzip .gz, br .br, compress .Z, bzip2 .bz2, xz .xz.
   */
  contentEncodings?: string[];
}

/** Python's mimetypes.encodings_map, by coding: the file extensions Pyramid looks for. */
const ENCODING_EXTENSIONS: Record<string, string> = { gzip: '.gz', compress: '.Z', bzip2: '.bz2', xz: '.xz', br: '.br' };

/** The file extensions of those codings: not part of a file's type. */
const CODING_EXTENSIONS = new Set(Object.values(ENCODING_EXTENSIONS));

/** The codings a static view can serve, for error messages. */
const CONTENT_ENCODINGS = Object.keys(ENCODING_EXTENSIONS);

/** A response whose body is (part of) a file, written by streaming it (Pyramid's FileResponse). */
export class FileResponse extends Response {
  constructor(
    readonly file: string,
    /** The first and last byte to send, inclusive. */
    readonly start: number,
    readonly end: number,
  ) {
    super();
  }

  /** How many bytes the body has. */
  get length(): number {
    return this.end - this.start + 1;
  }
}

/** webob's cache_expires for a positive number of seconds. */
function cacheHeaders(response: Response, seconds: number): void {
  response.setHeader('Cache-Control', `max-age=${seconds}`);
  response.setHeader('Expires', new Date(Date.now() + seconds * 1000).toUTCString());
}

/**
 * The Content-Type Pyramid gives a file, by Python's mimetypes: a coding suffix is not the type
 * (`x.tar.gz` is application/x-tar, `x.gz` application/octet-stream); names as Python names them.
 */
function contentTypeFor(file: string): string {
  const ext = nodePath.extname(file);
  const stem = CODING_EXTENSIONS.has(ext) ? file.slice(0, -ext.length) : file;
  const type = (nodePath.extname(stem) && mime.lookup(stem)) || 'application/octet-stream';
  const charset = type.startsWith('text/') || type === 'application/javascript' ? '; charset=UTF-8' : '';
  return (type === 'application/javascript' ? 'text/javascript' : type) + charset;
}

/** A path segment that may never reach the file system (Pyramid's _secure_path; and a backslash, a separator on Windows). */
function insecure(segment: string): boolean {
  return segment === '..' || segment === '.' || segment === '' || segment.includes('/') || segment.includes('\\') || segment.includes('\0');
}

/**
 * Pyramid's FileResponse decisions for one file and one request: 304, 206, 416 or 200, with
 * Content-Type, Last-Modified, ETag, Accept-Ranges and the cache headers.
 */
function fileResponse(file: string, stats: fs.Stats, request: Request, cacheMaxAge: number | null, variant: Variant = { contentType: contentTypeFor(file), encoding: null, vary: false }): Response {
  const size = stats.size;
  const lastModified = stats.mtime.toUTCString();
  const etag = makeEtag(stats);
  const headers: Record<string, string> = {
    'Content-Type': variant.contentType,
    'Last-Modified': lastModified,
    ETag: etag,
    'Accept-Ranges': 'bytes',
  };
  // As webob, a 304 keeps these: a cache must know the encoding and what it varies by.
  const kept: Record<string, string> = {};
  if (variant.encoding !== null) kept['Content-Encoding'] = variant.encoding;
  if (variant.vary) kept.Vary = 'Accept-Encoding';
  const conditional = request.method === 'GET' || request.method === 'HEAD';
  const freshness = { etag, 'last-modified': lastModified };
  if (conditional && fresh(request.headers, freshness)) {
    const response = new Response({ status: 304 });
    response.setHeader('Last-Modified', lastModified);
    response.setHeader('ETag', etag);
    for (const [name, value] of Object.entries(kept)) response.setHeader(name, value);
    if (cacheMaxAge !== null) cacheHeaders(response, cacheMaxAge);
    return response;
  }
  let start = 0;
  let end = size - 1;
  let partial = false;
  const range = request.headers.range;
  // If-Range: the range only holds for the representation the client has.
  const ifRange = request.headers['if-range'] as string | undefined;
  const rangeHolds = !ifRange || (ifRange.includes('"') ? ifRange === etag : Date.parse(ifRange) >= Math.floor(stats.mtimeMs / 1000) * 1000);
  if (conditional && typeof range === 'string' && rangeHolds && wellFormedRange(range)) {
    const ranges = parseRange(size, range);
    if (ranges === -1) {
      const error = new HTTPRequestRangeNotSatisfiable();
      error.setHeader('Content-Range', `bytes */${size}`);
      if (cacheMaxAge !== null) cacheHeaders(error, cacheMaxAge);
      return error;
    }
    if (ranges !== -2 && ranges.length) {
      // As webob: of several ranges, the first.
      start = ranges[0].start;
      end = ranges[0].end;
      partial = true;
    }
  }
  const response = new FileResponse(file, start, end);
  if (partial) {
    response.status = 206;
    response.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
  }
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  for (const [name, value] of Object.entries(kept)) response.setHeader(name, value);
  if (cacheMaxAge !== null) cacheHeaders(response, cacheMaxAge);
  return response;
}

/** webob ignores a Range header it cannot read (`bytes=abc`, `bytes=3-1`): full content, not a 416. */
function wellFormedRange(header: string): boolean {
  const match = /^bytes=(.+)$/.exec(header.trim());
  if (!match) return false;
  return match[1].split(',').every((part) => {
    const m = /^\s*(\d*)-(\d*)\s*$/.exec(part);
    return !!m && (m[1] !== '' || m[2] !== '') && (m[1] === '' || m[2] === '' || Number(m[1]) <= Number(m[2]));
  });
}

/** Where an asset is read from: itself, or the file an `overrideAsset` puts in its place, and the folder it must stay in. */
export type AssetResolver = (file: string, root: string) => { file: string; root: string };

const asItIs: AssetResolver = (file, root) => ({ file, root });

/** How one file is sent: its type (the asset's, not the coding's), its coding, and whether others could have been sent. */
interface Variant {
  contentType: string;
  encoding: string | null;
  vary: boolean;
}

/** A file that may answer for an asset: the asset itself (coding null) or a precompressed sibling. */
interface Candidate {
  file: string;
  encoding: string | null;
  size: number;
}

/** What answers for one asset: its files, smallest first; their codings; the asset's Content-Type. */
interface Candidates {
  files: Candidate[];
  codings: string[];
  contentType: string;
}

/** At most this many assets' candidate lists are kept, so that many URLs cannot grow memory without end. */
const MAX_CACHED_ASSETS = 10_000;

/**
 * The view serving `folder` (Pyramid's static_view with use_subpath): the request's subpath is
 * the file. Anything that would leave the folder (a `..`, a NUL, a backslash, a symlink to
 * elsewhere) is a 404; a folder without its trailing slash is a 301 to it, as Pyramid.
 *
 * With `contentEncodings`, which files answer for an asset (itself and its precompressed
 * siblings, by size) is looked up once and remembered, as Pyramid's file map; `reload`
 * (Pyramid's; `addStaticView` takes it from `pyramid.reload_assets`) looks again on every
 * request, so that files made while the app runs are served. A remembered file that has gone
 * is a 404 and forgotten; a missing asset is not remembered.
 */
export function staticView(folder: string, options: StaticViewOptions & { resolve?: AssetResolver; reload?: boolean } = {}) {
  const folderRoot = nodePath.resolve(folder);
  const cacheMaxAge = options.cacheMaxAge ?? null;
  const index = options.index ?? 'index.html';
  const resolve = options.resolve ?? asItIs;
  const encodings = checkContentEncodings(options.contentEncodings ?? []);
  const reload = options.reload ?? false;
  const lookFor = [null, ...encodings];
  const known = new Map<string, Candidates>();

  /** `path`'s real path (symlinks followed) and stats, or null when that is outside `realRoot`; fs errors thrown. */
  const inside = (path: string, realRoot: string): { file: string; stats: fs.Stats } | null => {
    const real = fs.realpathSync(path);
    if (real !== realRoot && !real.startsWith(realRoot + nodePath.sep)) return null;
    return { file: real, stats: fs.statSync(real) };
  };

  /** `path` as a file inside `realRoot`, or null. */
  const fileInside = (path: string, realRoot: string): { file: string; stats: fs.Stats } | null => {
    try {
      const at = inside(path, realRoot);
      return at && at.stats.isFile() ? at : null;
    } catch {
      // ENOENT, ENOTDIR, ENAMETOOLONG, EACCES...: no such file to serve.
      return null;
    }
  };

  /** The asset's file (`own`, already looked up) and its siblings that exist, smallest first (Pyramid's get_possible_files). */
  const candidates = (asset: string, realRoot: string, own: { file: string; stats: fs.Stats } | null): Candidates => {
    const cached = reload ? undefined : known.get(asset);
    if (cached) return cached;
    const files: Candidate[] = [];
    for (const encoding of lookFor) {
      const at = encoding === null ? own : fileInside(asset + ENCODING_EXTENSIONS[encoding], realRoot);
      if (at) files.push({ file: at.file, encoding, size: at.stats.size });
    }
    files.sort((a, b) => a.size - b.size);
    const found = { files, codings: files.flatMap((f) => (f.encoding ? [f.encoding] : [])), contentType: contentTypeFor(asset) };
    // A missing asset is looked for again next time (Pyramid would remember it missing).
    if (!reload && files.length) {
      if (known.size >= MAX_CACHED_ASSETS) known.delete(known.keys().next().value!);
      known.set(asset, found);
    }
    return found;
  };

  return function staticView(_context: unknown, request: Request): Response {
    const segments = request.subpath;
    if (segments.some(insecure)) throw new HTTPNotFound(`Out of bounds: ${request.url}`);
    const { file: wanted, root } = resolve(nodePath.join(folderRoot, ...segments), folderRoot);
    let realRoot = root;
    let asset = wanted;
    /** The asset's own file, when it is one. */
    let own: { file: string; stats: fs.Stats } | null = null;
    try {
      // Symlinks may point anywhere: the file's real path must still be inside the real folder.
      realRoot = fs.realpathSync(root);
      const at = inside(wanted, realRoot);
      if (!at) throw new HTTPNotFound(request.url);
      if (at.stats.isDirectory()) {
        if (!request.path.endsWith('/')) {
          throw new HTTPMovedPermanently({ location: request.path + '/' + (request.queryString ? '?' + request.queryString : '') });
        }
        asset = nodePath.join(wanted, index);
        own = fileInside(asset, realRoot);
      } else if (at.stats.isFile()) {
        own = at;
      }
    } catch (error) {
      if (error instanceof Response) throw error;
      // ENOENT, ENOTDIR, ENAMETOOLONG, EACCES...: no such file; a precompressed sibling may still be.
    }
    if (!encodings.length) {
      if (!own) throw new HTTPNotFound(request.url);
      return fileResponse(own.file, own.stats, request, cacheMaxAge);
    }
    const { files, codings, contentType } = candidates(asset, realRoot, own);
    const accepted = acceptableEncodings(request.headers['accept-encoding'], codings);
    // As Pyramid: no (or an unreadable) Accept-Encoding takes the file itself only; else the smallest acceptable.
    const chosen = files.find((f) => f.encoding === null || (accepted !== null && accepted.includes(f.encoding)));
    const at = chosen && (chosen.encoding === null ? own : fileInside(chosen.file, realRoot));
    if (!chosen || !at) {
      // Gone since it was remembered: forget it, so that the next request looks again.
      known.delete(asset);
      throw new HTTPNotFound(request.url);
    }
    return fileResponse(at.file, at.stats, request, cacheMaxAge, { contentType, encoding: chosen.encoding, vary: files.length > 1 });
  };
}

/** The codings given to `contentEncodings`, checked: one Pyramid knows a file extension for. */
function checkContentEncodings(given: unknown): string[] {
  if (!Array.isArray(given)) throw new Error(`contentEncodings takes a list of codings, such as ['br', 'gzip'] (known: ${CONTENT_ENCODINGS.join(', ')})`);
  for (const encoding of given) {
    if (typeof encoding !== 'string' || !(encoding in ENCODING_EXTENSIONS)) {
      throw new Error(`contentEncodings: no file extension is known for ${JSON.stringify(encoding)}; known: ${CONTENT_ENCODINGS.join(', ')}`);
    }
  }
  return [...new Set(given as string[])];
}

/** What `addStaticView` registered, for `staticUrl` (Pyramid's StaticURLInfo). */
export interface StaticRegistration {
  /** The folder, absolute, ending in a separator. */
  folder: string;
  /** The route serving it, or null for an external URL. */
  routeName: string | null;
  /** An external base URL (a CDN), ending in '/'. */
  url: string | null;
}

/** The URL of an asset under one of the registered folders; first registration first, as Pyramid. */
function staticUrlFor(registrations: readonly StaticRegistration[], file: string, request: Request, kw: Record<string, any>): string {
  for (const { folder, routeName, url } of registrations) {
    if (!file.startsWith(folder)) continue;
    const sub = file.slice(folder.length).split(nodePath.sep).filter(Boolean);
    if (routeName !== null) return request.routeUrl(routeName, { ...kw, subpath: sub });
    // A scheme-relative URL takes the request's scheme, as Pyramid's static_url does.
    const base = url!.startsWith('//') ? `${request.scheme}:${url}` : url;
    return base + sub.map((s) => quotePathSegment(s)).join('/') + querySuffix(kw);
  }
  throw new Error(`No static URL definition matching ${file}`);
}

/** `overrideAsset` registrations: a file or folder (ending in a separator), and what replaces it. */
export interface AssetOverride {
  from: string;
  to: string;
}

/**
 * Pyramid's asset overrides: the first override whose file exists wins; otherwise the asset
 * itself. Folders override everything under them.
 */
export function overriddenAsset(overrides: readonly AssetOverride[], file: string): { file: string; root: string } | null {
  for (const { from, to } of overrides) {
    let candidate: string | null = null;
    if (from.endsWith(nodePath.sep) ? file.startsWith(from) : file === from) candidate = from.endsWith(nodePath.sep) ? nodePath.join(to, file.slice(from.length)) : to;
    if (candidate !== null && fs.existsSync(candidate)) return { file: candidate, root: from.endsWith(nodePath.sep) ? to : nodePath.dirname(to) };
  }
  return null;
}

declare module './request' {
  interface Request {
    /**
     * The URL of a static asset (Pyramid's `static_url`): an asset spec (`tutorial:static/app.css`)
     * or an absolute path, under a folder given to `addStaticView`. Query and anchor as `_query`, `_anchor`.
     */
    staticUrl(spec: string, kw?: Record<string, any>): string;
    /** `staticUrl` without scheme and host. */
    staticPath(spec: string, kw?: Record<string, any>): string;
  }
}

RequestClass.prototype.staticUrl = function staticUrl(this: Request, spec: string, kw: Record<string, any> = {}): string {
  // As Pyramid resolves a package name: here, from the app's own project (its package.json folder).
  const file = resolveAsset(spec, this.registry?.packageDir ?? process.cwd());
  return staticUrlFor(this.registry?.staticRegistrations ?? [], file, this, kw);
};
RequestClass.prototype.staticPath = function staticPath(this: Request, spec: string, kw: Record<string, any> = {}): string {
  return this.staticUrl(spec, { ...kw, _app_url: '' });
};
Object.defineProperties(RequestClass.prototype, {
  static_url: { get() { return this.staticUrl.bind(this); } },
  static_path: { get() { return this.staticPath.bind(this); } },
});
