/**
 * `use = egg:NAME`: which code an ini means. PasteDeploy asks the installed distributions; Node
 * has none, so the rule is (README, "egg:NAME"):
 *
 * 1. the project is the nearest folder at or above the ini that holds a package.json;
 * 2. local candidates: that project itself when its package.json `name` is NAME (its `main`),
 *    the folder NAME/ in the project, and the folder NAME/ beside the ini (when the ini is not
 *    in the project's folder);
 * 3. exactly one local candidate (candidates that load the same module are one; one that loads
 *    nothing counts only when alone): that one; more than one: an error naming them (never one
 *    of them silently); none: the installed npm package NAME, as Node finds it from the ini;
 *    nothing at all: an error saying where it looked.
 *
 * A Quick Tutorial step (a folder with package.json, development.ini and tutorial/) is thus
 * served from its own folder, however many steps call their package `tutorial`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findPackageRoot } from './path';

/** What `egg:NAME` resolved to (`module`, to require), or why it could not be resolved (`problem`). */
export type EggResolution = { module: string; problem?: undefined } | { module?: undefined; problem: string };

function relative(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

function resolvable(request: string, from: string): string | undefined {
  try {
    return require.resolve(request, { paths: [from] });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw e;
  }
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

export function resolveEgg(name: string, iniDir: string): EggResolution {
  const root = findPackageRoot(iniDir);
  const local: Array<{ what: string; module: string | undefined }> = [];
  const pkgFile = root && path.join(root, 'package.json');
  if (pkgFile) {
    let pkg: { name?: string; main?: string };
    try {
      pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as typeof pkg;
    } catch (e) {
      return { problem: `egg:${name}: cannot read ${relative(pkgFile)} (${(e as Error).message})` };
    }
    if (pkg.name === name) local.push({ what: `the project ${relative(pkgFile)}`, module: resolvable(path.resolve(root!, pkg.main ?? 'index'), root!) });
  }
  const dirs = [...new Set([root, iniDir].filter((d): d is string => !!d).map((d) => path.join(d, name)))];
  for (const dir of dirs) if (isDirectory(dir)) local.push({ what: `the directory ${relative(dir)}/`, module: resolvable(dir, dir) });
  // two names for one module are one candidate; a candidate with no module counts only when alone
  const distinct = local.filter((c, i) => c.module && local.findIndex((o) => o.module === c.module) === i);
  if (distinct.length) local.splice(0, local.length, ...distinct);
  if (local.length > 1) {
    return { problem: `egg:${name} is ambiguous: ${local.map((c) => c.what).join(' and ')} both match; ` +
      `give the app its own folder with a package.json beside its ini, or use call:module:main` };
  }
  if (local.length === 1) {
    const [only] = local;
    return only.module ? { module: only.module } : { problem: `egg:${name}: ${only.what} has no index.ts (or index.js) exporting main` };
  }
  const installed = resolvable(name, iniDir);
  if (installed) return { module: installed };
  const looked = [pkgFile ? `not the name in ${relative(pkgFile)}` : 'no package.json at or above the ini', ...dirs.map((d) => `no directory ${relative(d)}`), 'not in node_modules'];
  return { problem: `egg:${name}: no package '${name}': ${looked.join(', ')}` };
}
