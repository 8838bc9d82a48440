/**
 * What proutes and pviews read from a committed registry: the routes in order, each route's
 * views, and the names Pyramid prints for them (`tutorial.views.TutorialViews.home`).
 *
 * Pyramid asks its introspector; ours reads the registry's route mapper and view table. Only
 * this file knows their shapes, so a change to the view table touches this file alone.
 */
import * as path from 'node:path';
import { findPackageRoot } from '../path';
import type { Registry } from '../registry';
import type { Route } from '../routes';

/** The parts of a registered view that the p-commands show. */
export interface ViewInfo {
  /** Python's module path of the view's code: `tutorial.views` for tutorial/views.ts. */
  module: string;
  /** The function's or class's name. */
  name: string;
  /** The method of a class view, if any. */
  attr?: string;
  /** Each predicate's text, as Pyramid's `text()`: `request_method = GET,HEAD`. */
  predicates: string[];
  /** The request methods as given to `requestMethod` (without the HEAD that GET implies), or null. */
  methods: string[] | null;
  /** The permission the security deriver checks (the view's own or the default), if any. */
  permission?: string;
}

interface EntryLike {
  routeName: string | null;
  name: string;
  context: Function | null;
  exception: boolean;
  description: string;
  predicates: Array<{ text: string }>;
  site: { file: string } | null;
  view?: { __permission__?: string };
}

/** The routes, in the order they are tried. */
export function routesOf(registry: Registry): Route[] {
  return registry.routes.routes;
}

/** How far up `context`'s class chain `cls` is (0: its own class); -1 when it is not there. */
function distance(context: unknown, cls: Function | null): number {
  if (cls === null) return Number.MAX_SAFE_INTEGER;
  let d = 0;
  for (let proto = context !== null && context !== undefined ? Object.getPrototypeOf(context) : null; proto; proto = Object.getPrototypeOf(proto), d++) {
    if (proto === cls.prototype) return d;
  }
  return -1;
}

/**
 * The views registered for a route (`null`: views of no route) under the view name `name`, in
 * the order Pyramid finds them: for `context`, those for its own class first, then its base
 * classes', then those for any context. Without `context`, views for any context class.
 */
export function viewsOf(registry: Registry, routeName: string | null, name = '', context?: unknown): ViewInfo[] {
  const entries = [...(registry.views.entries() as Iterable<EntryLike>)]
    .filter((e) => e.routeName === routeName && !e.exception && e.name === name)
    .map((entry) => ({ entry, d: context === undefined ? 0 : distance(context, entry.context) }))
    .filter(({ d }) => d >= 0);
  // a stable sort keeps the table's own order (Pyramid's predicate order) within one class
  return entries.sort((a, b) => a.d - b.d).map(({ entry }) => viewInfo(entry));
}

/** A `request_method = A,B` predicate's methods, as the user gave them. */
export function methodsOf(predicates: ReadonlyArray<{ text?: string }>): string[] | null {
  const text = predicates.map((p) => p.text ?? '').find((t) => t.startsWith('request_method = '));
  if (text === undefined) return null;
  const methods = text.slice('request_method = '.length).split(',').map((m) => m.trim());
  // GET implies HEAD, and the predicate lists it; Pyramid's introspection keeps what was given
  return methods.includes('GET') ? methods.filter((m) => m !== 'HEAD') : methods;
}

function viewInfo(entry: EntryLike): ViewInfo {
  // describeView(): `Class.attr` or `name`; a JavaScript name has no dot
  const dot = entry.description.indexOf('.');
  const name = dot === -1 ? entry.description : entry.description.slice(0, dot);
  const attr = dot === -1 ? undefined : entry.description.slice(dot + 1);
  const info: ViewInfo = { module: moduleName(entry.site?.file), name, attr, predicates: entry.predicates.map((p) => p.text), methods: methodsOf(entry.predicates) };
  // secured_view marks its wrapper with Pyramid's __permission__
  if (entry.view?.__permission__ !== undefined) info.permission = entry.view.__permission__;
  return info;
}

/**
 * A file's module path as Python would name it: relative to its project (the folder with the
 * package.json, Python's sys.path entry), without the extension, `index` standing for its
 * folder: `tutorial/views.ts` → `tutorial.views`, `tutorial/index.ts` → `tutorial`.
 */
export function moduleName(file: string | undefined): string {
  if (!file) return '<unknown>';
  const root = findPackageRoot(path.dirname(file)) ?? path.dirname(file);
  const parts = path.relative(root, file).replace(/\.[cm]?[jt]sx?$/, '').split(path.sep);
  if (parts.length > 1 && parts[parts.length - 1] === 'index') parts.pop();
  return parts.join('.');
}

/**
 * What Pyramid shows as the view of an `addStaticView` route: the folder as an asset spec
 * (`tutorial:static/`), the package being the folder's first part below its project.
 */
export function staticViewLabel(registry: Registry, routeName: string): string | undefined {
  const registration = registry.staticRegistrations.find((r) => r.routeName === routeName);
  if (!registration) return undefined;
  const root = findPackageRoot(registration.folder) ?? path.dirname(registration.folder);
  const [pkg, ...rest] = path.relative(root, registration.folder).split(path.sep).filter(Boolean);
  return pkg === undefined ? registration.folder : `${pkg}:${rest.map((p) => `${p}/`).join('')}`;
}

/** `module.name`, with `.attr` when asked for (Pyramid shows the attr only in some places). */
export function viewLabel(view: ViewInfo, withAttr: boolean): string {
  return `${view.module}.${view.name}${withAttr && view.attr ? `.${view.attr}` : ''}`;
}
