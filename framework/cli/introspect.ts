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
}

interface EntryLike {
  routeName: string | null;
  description: string;
  predicates: Array<{ text: string }>;
  site: { file: string } | null;
  exception?: boolean;
  context?: unknown;
}

/** The routes, in the order they are tried. */
export function routesOf(registry: Registry): Route[] {
  return registry.routes.routes;
}

/** The views registered for a route (`null`: views for no route), in the order they are tried. */
export function viewsOf(registry: Registry, routeName: string | null): ViewInfo[] {
  const table = registry.views as unknown;
  let entries: EntryLike[];
  if (table instanceof Map) {
    entries = routeName === null ? [] : ((table.get(routeName) ?? []) as EntryLike[]);
  } else {
    // a view table with entries() (registry.views as a ViewTable)
    entries = [...(table as { entries(): Iterable<EntryLike> }).entries()]
      .filter((e) => e.routeName === routeName && !e.exception);
  }
  return entries.map(viewInfo);
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
  return { module: moduleName(entry.site?.file), name, attr, predicates: entry.predicates.map((p) => p.text), methods: methodsOf(entry.predicates) };
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

/** `module.name`, with `.attr` when asked for (Pyramid shows the attr only in some places). */
export function viewLabel(view: ViewInfo, withAttr: boolean): string {
  return `${view.module}.${view.name}${withAttr && view.attr ? `.${view.attr}` : ''}`;
}
