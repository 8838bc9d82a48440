/**
 * Where things are: the call site of a directive (file:line, for error messages), and the
 * resolution of names as Pyramid resolves them: `.views` relative to the calling package,
 * `tutorial.views` and `tutorial:home.pt` from the project root or an installed package.
 *
 * Node has no packages in Python's sense: a "package" here is a directory. The project root
 * (the nearest directory with a package.json) plays the part of Python's sys.path entry, so
 * `tutorial` is `<root>/tutorial`; other names are npm packages.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';

export class CallSite {
  constructor(readonly file: string, readonly line: number, readonly column: number) {}

  toString(): string {
    return `${this.file}:${this.line}`;
  }
}

const frameworkDir = __dirname;
const frameRe = /^\s*at (?:.*? \()?(.*?):(\d+):(\d+)\)?$/;

function isFrameworkFile(file: string): boolean {
  // installed, the framework itself lives under node_modules/pyramid-ts; only packages below it are not the framework
  return file.startsWith(frameworkDir + nodePath.sep) && !file.slice(frameworkDir.length).includes(`${nodePath.sep}node_modules${nodePath.sep}`);
}

/** The first stack frame outside the framework: the user's line that called a directive. */
export function callerSite(): CallSite | null {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 30;
  Error.captureStackTrace(holder, callerSite);
  Error.stackTraceLimit = limit;
  for (const line of (holder.stack ?? '').split('\n').slice(1)) {
    const m = frameRe.exec(line);
    if (!m) continue;
    let file = m[1];
    if (file.startsWith('file://')) file = decodeURIComponent(new URL(file).pathname);
    if (!nodePath.isAbsolute(file) || file.startsWith('node:') || isFrameworkFile(file)) continue;
    return new CallSite(file, Number(m[2]), Number(m[3]));
  }
  return null;
}

/** The directory of the module that called into the framework (the "calling package"); `fallback` without one. */
export function callerDir(site: CallSite | null = callerSite(), fallback = process.cwd()): string {
  return site ? nodePath.dirname(site.file) : fallback;
}

/** The nearest directory holding a package.json, from `dir` up, if any. */
export function findPackageRoot(dir: string): string | undefined {
  for (let current = nodePath.resolve(dir); ; current = nodePath.dirname(current)) {
    if (fs.existsSync(nodePath.join(current, 'package.json'))) return current;
    if (nodePath.dirname(current) === current) return undefined;
  }
}

/** The nearest directory holding a package.json, from `dir` up; the cwd if there is none. */
export function projectRoot(dir: string): string {
  return findPackageRoot(dir) ?? process.cwd();
}

/** Whether a (dotted-to-path) module name is a path: '.', './x', '../x' or absolute, not a package name. */
function isPathLike(target: string): boolean {
  return target === '.' || target.startsWith('./') || target.startsWith('../') || nodePath.isAbsolute(target);
}

/**
 * A dotted or relative module name as a path: `.views` → `./views`, `..x.y` → `../x/y`,
 * `tutorial.views` → `tutorial/views`. Paths (`./views`, `/abs/x`) and npm names with a
 * slash or an `@scope` pass through.
 */
export function dottedToPath(name: string): string {
  if (name.startsWith('./') || name.startsWith('../') || nodePath.isAbsolute(name) || name.includes('/') || name.startsWith('@')) return name;
  const m = /^(\.*)(.*)$/.exec(name)!;
  const dots = m[1].length;
  const rest = m[2] ? m[2].split('.').join('/') : '';
  if (dots === 0) return rest;
  const up = dots === 1 ? './' : '../'.repeat(dots - 1);
  return rest ? up + rest : up === './' ? '.' : up.slice(0, -1);
}

/** Resolves a module name (dotted, relative, or an npm name) to a file, from the calling directory. */
export function resolveModule(name: string, fromDir: string): string {
  const target = dottedToPath(name);
  const relative = isPathLike(target);
  const candidates = relative ? [nodePath.resolve(fromDir, target)] : [nodePath.join(projectRoot(fromDir), target), target];
  for (const candidate of candidates) {
    try {
      return require.resolve(candidate, { paths: [fromDir] });
    } catch {
      // try the next
    }
  }
  const looked = relative ? candidates[0] : `${candidates[0]} and node_modules`;
  throw new Error(`Cannot find module '${name}' (looked for ${looked}; from ${fromDir})`);
}

/**
 * Python packages pyramid-ts carries under their Pyramid names, as folders of the framework:
 * `deform:static/` is framework/deform/static/.
 */
const carriedPackages: Record<string, string> = {
  deform: nodePath.join(frameworkDir, 'deform'),
};

function isCarriedPackage(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(carriedPackages, name);
}

/** The name of the package pyramid-ts carries that holds `file`, if one does. */
export function carriedPackageOf(file: string): string | null {
  return Object.keys(carriedPackages).find((name) => isInside(carriedPackages[name], file)) ?? null;
}

/** The directory of a "package": relative to `fromDir`, under the project root, one pyramid-ts carries, or an npm package. */
export function resolvePackageDir(name: string, fromDir: string): string {
  if (name === '__main__' && require.main) return nodePath.dirname(require.main.filename);
  const target = dottedToPath(name);
  if (isPathLike(target)) return nodePath.resolve(fromDir, target);
  const local = nodePath.join(projectRoot(fromDir), target);
  if (fs.existsSync(local) && fs.statSync(local).isDirectory()) return local;
  if (isCarriedPackage(name)) return carriedPackages[name];
  try {
    return nodePath.dirname(require.resolve(`${target}/package.json`, { paths: [fromDir] }));
  } catch {
    throw new Error(`Cannot find package '${name}': no directory ${local} and no npm package of that name`);
  }
}

/** Whether `file` is `dir` or lies inside it. */
function isInside(dir: string, file: string): boolean {
  const relative = nodePath.relative(dir, file);
  return relative === '' || (!relative.startsWith('..' + nodePath.sep) && relative !== '..' && !nodePath.isAbsolute(relative));
}

/** The deepest directory holding both `a` and `b`. */
function commonDir(a: string, b: string): string {
  let dir = a;
  while (!isInside(dir, b) && nodePath.dirname(dir) !== dir) dir = nodePath.dirname(dir);
  return dir;
}

/**
 * Where a configured asset name leads (`file`), and the folder (`root`) that names found inside
 * it, such as a template's includes, must stay in:
 * - `package:path`: the file inside the package's folder, which is the root. A path that leaves
 *   the folder (`tutorial:../development.ini`, `tutorial:/etc/passwd`) is an error.
 * - a relative name: from `fromDir` (the declaring module's folder, Pyramid's calling package),
 *   which is the root; a configured `../x.pt` widens the root to hold it, as the app's own choice.
 * - an absolute path: its own folder is the root.
 */
export function locateAsset(spec: string, fromDir: string): { file: string; root: string } {
  if (nodePath.isAbsolute(spec)) return { file: spec, root: nodePath.dirname(spec) };
  const colon = spec.indexOf(':');
  // A Windows drive letter is not a package name.
  if (colon > 1) {
    const root = resolvePackageDir(spec.slice(0, colon), fromDir);
    const path = spec.slice(colon + 1);
    const file = nodePath.join(root, path);
    if (nodePath.isAbsolute(path) || !isInside(root, file)) {
      throw new Error(`Asset spec '${spec}' leaves its package folder ${root}: name a file inside the package ('${spec.slice(0, colon)}:templates/home.pt')`);
    }
    return { file, root };
  }
  const file = nodePath.resolve(fromDir, spec);
  return { file, root: isInside(fromDir, file) ? fromDir : commonDir(fromDir, nodePath.dirname(file)) };
}

/**
 * An asset spec (`tutorial:templates/home.pt`), an absolute path, or a name relative to
 * `fromDir` (`home.pt`), as an absolute path. An asset spec must stay inside its package's folder.
 */
export function resolveAsset(spec: string, fromDir: string): string {
  return locateAsset(spec, fromDir).file;
}

/**
 * An asset named while serving a request (`request.overrideRenderer`, possibly from request data):
 * as `locateAsset`, except that a relative or absolute name must lie inside `fromDir` (the view's
 * module's folder), never widening it; an asset spec stays inside its package.
 */
export function resolveAssetInside(spec: string, fromDir: string): string {
  const { file } = locateAsset(spec, fromDir);
  const colon = spec.indexOf(':');
  if ((nodePath.isAbsolute(spec) || colon <= 1) && !isInside(fromDir, file)) {
    throw new Error(`Template name ${JSON.stringify(spec)} leads out of the view's folder ${fromDir}: name templates inside it, or by asset spec (package:path)`);
  }
  return file;
}

/**
 * A name found inside an asset (a template's `{% include name %}`, possibly built from request
 * data), relative to that asset's file, kept inside `root`: a name that leads out of it
 * (`../../etc/passwd`, `/etc/passwd`) is an error naming both.
 */
export function resolveInside(root: string, fromFile: string, name: string): string {
  const file = nodePath.resolve(nodePath.dirname(fromFile), name);
  if (!isInside(root, file)) {
    throw new Error(`Template name ${JSON.stringify(name)} (from ${fromFile}) leads out of the template folder ${root}: name templates inside it, or by asset spec (package:path)`);
  }
  return file;
}

/** The file a module object was loaded from (a `require`d or `import * as`'d module). */
export function moduleFile(moduleObject: object): string | null {
  for (const [file, mod] of Object.entries(require.cache)) {
    if (mod && mod.exports === moduleObject) return file;
  }
  return null;
}
