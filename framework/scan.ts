/**
 * `config.scan()`, venusian-style: import a module (or every module of a package directory),
 * walk its exports, and register what `@viewConfig` and friends recorded, but only for
 * objects defined in that module: a class re-exported elsewhere is registered once, from home.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { viewConfigRecords, viewDefaultsOf, type ViewConfigRecord } from './decorators';
import { moduleFile, resolveModule } from './path';

export interface ScanOptions {
  /** File or directory names (or predicates on absolute paths) to leave out of a package scan. */
  ignore?: Array<string | ((file: string) => boolean)>;
  /** Called with an import error instead of throwing it (Pyramid's `onerror`). */
  onError?: (file: string, error: unknown) => void;
}

export interface ScanFound {
  object: Function;
  record: ViewConfigRecord;
  /** The `@viewDefaults` of the class, merged under each record's options by addView. */
  defaults: object;
  file: string;
}

const moduleExtensions = ['.ts', '.js', '.cjs', '.mjs'];
/** A module file's name without its .js/.ts/.cjs/.mts... extension. */
const stripExt = (file: string) => file.replace(/\.[cm]?[jt]s$/, '');

const ignoredByDefault = /(^|[\\/])(node_modules|\.git|dist|tests?|__tests__)$|\.(test|spec)\.[cm]?[jt]s$|\.d\.ts$/;

function isIgnored(file: string, ignore: ScanOptions['ignore'] = []): boolean {
  if (ignoredByDefault.test(file)) return true;
  return ignore.some((rule) => (typeof rule === 'function' ? rule(file) : nodePath.basename(file) === rule || file.endsWith(nodePath.sep + rule)));
}

/** Every module file of a package directory, depth first, sorted for a stable order. */
export function packageModules(dir: string, options: ScanOptions = {}): string[] {
  const files: string[] = [];
  const walk = (current: string, depth: number) => {
    if (depth > 20) return;
    for (const entry of fs.readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = nodePath.join(current, entry.name);
      if (isIgnored(full, options.ignore)) continue;
      if (entry.isDirectory()) walk(full, depth + 1);
      else if (moduleExtensions.includes(nodePath.extname(entry.name))) files.push(full);
    }
  };
  walk(dir, 0);
  return files;
}

function sameFile(a: string, b: string): boolean {
  return stripExt(a) === stripExt(b);
}

/** The registrations one module's exports carry, in export order. */
export function findInModule(exports: unknown, file: string | null): ScanFound[] {
  const found: ScanFound[] = [];
  if (exports === null || (typeof exports !== 'object' && typeof exports !== 'function')) return found;
  const seen = new Set<unknown>();
  const candidates = typeof exports === 'function' ? [exports, ...Object.values(exports)] : Object.values(exports as object);
  for (const object of candidates) {
    if (typeof object !== 'function' || seen.has(object)) continue;
    seen.add(object);
    const records = viewConfigRecords(object);
    if (!records.length) continue;
    const defaults = viewDefaultsOf(object);
    for (const record of records) {
      // Venusian's rule: only from the module that defines the object.
      if (file && record.site && !sameFile(record.site.file, file)) continue;
      found.push({ object, record, defaults, file: file ?? record.site?.file ?? '<unknown>' });
    }
  }
  return found;
}

/** Resolves a scan target (module object, module name, or a directory) to [file, exports] pairs. */
export function loadScanTarget(target: unknown, fromDir: string, options: ScanOptions = {}): Array<[string | null, unknown]> {
  if (typeof target === 'object' && target !== null) return [[moduleFile(target), target]];
  if (typeof target === 'function') return [[moduleFile(target), target]];
  if (typeof target !== 'string') throw new TypeError(`scan() takes a module, a module name or nothing, not ${typeof target}`);
  const dirCandidate = nodePath.resolve(fromDir, target);
  const files: string[] = [];
  if (fs.existsSync(dirCandidate) && fs.statSync(dirCandidate).isDirectory() && !fs.existsSync(nodePath.join(dirCandidate, 'index.ts')) && !fs.existsSync(nodePath.join(dirCandidate, 'index.js'))) {
    files.push(...packageModules(dirCandidate, options));
  } else {
    const file = resolveModule(target, fromDir);
    const base = stripExt(nodePath.basename(file));
    // A package's index module: scan the whole package, as venusian scans a package's submodules.
    if (base === 'index') files.push(...packageModules(nodePath.dirname(file), options));
    else files.push(file);
  }
  return files.map((file) => {
    try {
      return [file, require(file)] as [string, unknown];
    } catch (error) {
      if (options.onError) {
        options.onError(file, error);
        return [file, null] as [string, unknown];
      }
      throw error;
    }
  });
}
