/**
 * Traversal, as Pyramid's (`pyramid.traversal`): from the root a root factory made, each path
 * segment looks up a child (`resource.__getitem__(name)`, or `get` on a Map) until one is
 * missing; the last resource found is the context and the next segment the view name
 * (`@@name` forces one). Resources know their place through `__name__` and `__parent__`,
 * which give their path and URL (`request.resourceUrl(resource)`).
 *
 * @example
 *   class Root { __name__ = ''; __parent__ = null; children = new Map(); __getitem__(name) { return this.children.get(name); } }
 *   config = new Configurator({ rootFactory: () => root });
 *   config.addView(showPage, { context: Page, renderer: 'page.pt' });
 *   config.addView(editPage, { context: Page, name: 'edit' });
 */
import { splitPathInfo, quotePathSegment } from './routes';
import type { Request } from './request';

/** What a resource may have: a name and a parent (`__name__`, `__parent__`), and children. */
export interface Resource {
  __name__?: string | null;
  __parent__?: Resource | null;
  __getitem__?(name: string): unknown;
}

export interface TraversalResult {
  context: unknown;
  viewName: string;
  subpath: string[];
  traversed: string[];
  root: unknown;
  /** The resource at the `X-Vhm-Root` path (the root without one). */
  virtualRoot: unknown;
  virtualRootPath: string[];
}

/** The header a front-end proxy sets to host a subtree at the site's root (Pyramid's HTTP_X_VHM_ROOT). */
const VH_ROOT = 'x-vhm-root';

/**
 * The `X-Vhm-Root` path's segments (Pyramid's `virtual_root_path`): the header's bytes read as
 * UTF-8, as Pyramid's decode_path_info (no percent-decoding: a proxy sends the path as it is
 * named), `.` and `..` resolved; none without the header.
 */
export function vhmPath(request: Request): string[] {
  const vhm = request.headers[VH_ROOT];
  return typeof vhm === 'string' ? splitPathInfo(Buffer.from(vhm, 'latin1').toString('utf-8')) : [];
}

/**
 * The resource at the virtual root path below `root` (what Pyramid's traverser returns as
 * `virtual_root`): the root when there is no `X-Vhm-Root`, or when its path is not all found.
 */
export function virtualRootBelow(root: unknown, virtualRootPath: readonly string[]): unknown {
  let node = root;
  for (const segment of virtualRootPath) {
    if (segment.startsWith('@@')) return root;
    const next = child(node, segment);
    if (!next.found) return root;
    node = next.value;
  }
  return node;
}

/** Pyramid's DefaultRootFactory: an empty root, holding the matchdict's values when a route matched. */
export class DefaultRootFactory {
  __name__ = null;
  __parent__ = null;
  constructor(request: Request) {
    if (request.matchedRoute) Object.assign(this, request.matchdict);
  }
}

export type RootFactory = (request: Request) => unknown;

/** What `rootFactory` / a route's `factory` accept: a function, or a class (Pyramid passes `Root`, a callable class). */
export type RootFactoryLike = RootFactory | (new (request: Request) => unknown);

/** A root factory from a function or a class: a class is instantiated with the request, as Pyramid calls `Root(request)`. */
export function asRootFactory(factory: RootFactoryLike): RootFactory {
  return isClass(factory) ? (request) => new (factory as new (request: Request) => unknown)(request) : (factory as RootFactory);
}

export const defaultRootFactory: RootFactory = (request) => new DefaultRootFactory(request);

/** The child of `resource` named `name`, when it has one (a Map's entry, or what `__getitem__` gives). */
function child(resource: unknown, name: string): { found: boolean; value?: unknown } {
  if (resource instanceof Map) return resource.has(name) ? { found: true, value: resource.get(name) } : { found: false };
  const getitem = (resource as Resource | null)?.__getitem__;
  if (typeof getitem !== 'function') return { found: false };
  let value: unknown;
  try {
    value = getitem.call(resource, name);
  } catch (error) {
    // Pyramid's KeyError: not found. Any other error is the app's bug and propagates.
    if (error instanceof KeyError) return { found: false };
    throw error;
  }
  return value === undefined ? { found: false } : { found: true, value };
}

/** Python's KeyError, for `__getitem__` methods ported as they were. Returning undefined does the same. */
export class KeyError extends Error {
  name = 'KeyError';
}

/** Pyramid's ResourceTreeTraverser. */
export function traverse(root: unknown, request: Request): TraversalResult {
  let path: string;
  let subpath: string[];
  if (request.matchedRoute) {
    const given = request.matchdict.traverse as unknown;
    path = Array.isArray(given) ? '/' + given.join('/') : ((given as string | undefined) || '/');
    const sub = request.matchdict.subpath as unknown;
    subpath = Array.isArray(sub) ? sub : typeof sub === 'string' ? splitPathInfo(sub) : [];
  } else {
    subpath = [];
    path = request.pathInfo || '/';
  }
  // A virtual root: the path is traversed below it, as if the site's root were there.
  const virtualRootPath = vhmPath(request);
  if (virtualRootPath.length) path = '/' + [...virtualRootPath, ...splitPathInfo(path)].join('/');
  const vrootIndex = virtualRootPath.length - 1;
  const segments = path === '/' ? [] : splitPathInfo(path);
  let context = root;
  let virtualRoot = root;
  // Stopping early under a virtual root, Pyramid's `traversed` counts the root's segments twice
  // (`vpath_tuple[:vroot_idx + i + 1]`), so it takes in the view name: kept, for apps that read it.
  const stop = (i: number, viewName: string, sub: string[]): TraversalResult => ({ context, viewName, subpath: sub, traversed: segments.slice(0, vrootIndex + i + 1), root, virtualRoot, virtualRootPath });
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment.startsWith('@@')) return stop(i, segment.slice(2), segments.slice(i + 1));
    const next = child(context, segment);
    if (!next.found) return stop(i, segment, segments.slice(i + 1));
    context = next.value;
    if (i === vrootIndex) virtualRoot = context;
  }
  return { context, viewName: '', subpath, traversed: segments, root, virtualRoot, virtualRootPath };
}

/** A class (not a plain function): Pyramid calls classes and functions alike, JavaScript must `new` a class. */
export function isClass(value: unknown): value is new (...args: any[]) => any {
  return typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value));
}

/** Percent-decoded, or as given when it is not valid percent-encoding. */
export function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The resource, its parent, and so on up to the root (Pyramid's `lineage`). */
export function lineage(resource: unknown): unknown[] {
  const out: unknown[] = [];
  for (let node = resource; node !== null && node !== undefined; node = (node as Resource).__parent__) {
    out.push(node);
    if (out.length > 10_000) throw new Error('lineage(): a __parent__ loop');
  }
  return out;
}

/** The names from the root (`''`) to the resource: `['', 'a', 'b']` (Pyramid's `resource_path_tuple`). */
export function resourcePathTuple(resource: unknown): string[] {
  const names = lineage(resource).map((node) => String((node as Resource).__name__ ?? ''));
  names.reverse();
  names[0] = '';
  return names;
}

/** `/a/b` (Pyramid's `resource_path`): the names quoted, the root `/`. */
export function resourcePath(resource: unknown, ...elements: string[]): string {
  const names = resourcePathTuple(resource).concat(elements);
  return names.length === 1 ? '/' : names.map((name) => quotePathSegment(name)).join('/');
}

/** The root of a resource's tree (Pyramid's `find_root`). */
export function findRoot(resource: unknown): unknown {
  const nodes = lineage(resource);
  return nodes[nodes.length - 1];
}

/** A resource by path from `resource` (absolute paths from the root); throws KeyError when missing (Pyramid's `find_resource`). */
export function findResource(resource: unknown, path: string | string[]): unknown {
  let names = typeof path === 'string' ? path.split('/') : path;
  let node = resource;
  if (names[0] === '') {
    node = findRoot(resource);
    names = names.slice(1);
  }
  for (const name of names.filter(Boolean)) {
    const next = child(node, name);
    if (!next.found) throw new KeyError(`No resource '${name}' under ${resourcePath(node)}`);
    node = next.value;
  }
  return node;
}

/**
 * A resource's path and the part of it below the virtual root (Pyramid's ResourceURL
 * `physical_path` and `virtual_path`), both quoted and ending in '/': the `X-Vhm-Root` value, as
 * sent, is cut from the front of the physical path when it is a whole-segment prefix of it.
 */
function resourcePaths(resource: unknown, vhm: string | undefined): { physical: string; virtual: string } {
  const tuple = resourcePathTuple(resource);
  const physical = tuple.length === 1 ? '/' : tuple.map((name) => quotePathSegment(name)).join('/') + '/';
  const vroot = vhm?.replace(/\/+$/, '');
  // Pyramid compares the strings alone (so '/c' would cut '/cat/' to 'at/'); here only whole segments.
  return { physical, virtual: vroot && physical.startsWith(vroot + '/') ? physical.slice(vroot.length) : physical };
}

/**
 * The resource's URL path, ending in '/', then the elements (Pyramid's resource URL rule);
 * under a virtual root (`X-Vhm-Root`), the path below it.
 */
export function resourceUrlPath(resource: unknown, elements: string[], virtualRootPath?: string): string {
  return resourcePaths(resource, virtualRootPath).virtual + elements.map((e) => quotePathSegment(e)).join('/');
}

/**
 * The virtual root for a resource (Pyramid's `pyramid.traversal.virtual_root`): when the
 * request's `X-Vhm-Root` is the front of the resource's path, the resource at that path; else the
 * request's root (or the resource's, without one). `request.virtualRoot` is traversal's answer.
 */
export function virtualRoot(resource: unknown, request: Request): unknown {
  const vhm = request.headers[VH_ROOT];
  const { physical, virtual } = resourcePaths(resource, typeof vhm === 'string' ? vhm : undefined);
  if (physical !== virtual) return findResource(resource, physical.slice(0, -virtual.length).split('/').map(safeDecode));
  return request.root ?? findRoot(resource);
}
