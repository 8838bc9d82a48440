/**
 * Ini files read as Python's `ConfigParser` reads them, and apps, filters and servers loaded
 * from them as PasteDeploy does, so a Pyramid user's `development.ini` means the same here.
 *
 * @example
 * const app = await loadApp('development.ini', { globalConf: { http_port: '8080' } });
 * http.createServer(app).listen(8080);
 */
import * as fs from 'fs';
import * as path from 'path';
import { resolveEgg as findEgg } from './eggs';
import { findPackageRoot } from './path';
import { watchFiles } from './reloader';

/** A configuration mistake: one line naming the file (and line), the section and the key. */
export class IniError extends Error {
  constructor(
    readonly problem: string,
    readonly file?: string,
    readonly section?: string,
    readonly key?: string,
    readonly line?: number,
  ) {
    super(describe(file, line, section, key) + problem);
    this.name = 'IniError';
  }
}

function describe(file?: string, line?: number, section?: string, key?: string): string {
  let where = '';
  if (file) where += displayPath(file) + (line ? `:${line}` : '') + ': ';
  if (section) where += `[${section}] `;
  if (key) where += `${key}: `;
  return where;
}

/** A path relative to the working directory when it lies inside it, as users typed it. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

interface Entry { lines: string[]; line: number }
interface Section { entries: Map<string, Entry>; line: number }

const SECTION_RE = /^\[(.+)\]/;
const OPTION_RE = /^(.*?)\s*([=:])\s*(.*)$/;
const MAX_DEPTH = 10;

/**
 * One ini file: keys keep their case, `#`/`;` lines are comments, indented lines continue a
 * value, `%(name)s` is filled from the section then `[DEFAULT]` (lazily, on `get`, so a
 * logging `format = %(message)s` read raw never trips it), `%%` is a percent sign.
 */
export class IniFile {
  private readonly sectionMap = new Map<string, Section>();
  private readonly defaultMap = new Map<string, Entry>();

  constructor(readonly file: string, text: string, defaults: Record<string, string> = {}) {
    for (const [key, value] of Object.entries(defaults)) this.defaultMap.set(key, { lines: [value], line: 0 });
    this.parse(text);
  }

  /** Reads `file` with `here` and `__file__` set, as PasteDeploy's loader does. */
  static read(file: string): IniFile {
    const abs = path.resolve(file);
    let text: string;
    try {
      text = fs.readFileSync(abs, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new IniError(code === 'ENOENT' ? 'no such file' : `cannot read it (${code})`, abs);
    }
    watchFiles([abs]);
    return new IniFile(abs, text, { here: path.dirname(abs), __file__: abs });
  }

  private parse(text: string): void {
    if (text.startsWith('\ufeff')) {
      // ConfigParser reads the mark as part of the first line, which is then no [section] header.
      throw new IniError('starts with a UTF-8 byte-order mark, which PasteDeploy refuses (File contains no section headers); save the file as UTF-8 without one', this.file, undefined, undefined, 1);
    }
    let current: Section | undefined;
    let entry: Entry | undefined;
    let indent = 0;
    let sectionName = '';
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const raw = lines[i];
      const stripped = raw.trim();
      if (stripped.startsWith('#') || stripped.startsWith(';')) continue;
      if (!stripped) {
        if (entry) entry.lines.push('');
        continue;
      }
      const lineIndent = raw.length - raw.trimStart().length;
      if (entry && lineIndent > indent) {
        entry.lines.push(stripped);
        continue;
      }
      finish(entry);
      entry = undefined;
      indent = lineIndent;
      const header = SECTION_RE.exec(stripped);
      if (header) {
        sectionName = header[1];
        if (sectionName === 'DEFAULT') {
          current = { entries: this.defaultMap, line: i + 1 };
        } else if (this.sectionMap.has(sectionName)) {
          throw new IniError('this section appears twice; merge the two', this.file, sectionName, undefined, i + 1);
        } else {
          current = { entries: new Map(), line: i + 1 };
          this.sectionMap.set(sectionName, current);
        }
        continue;
      }
      if (!current) {
        throw new IniError(`'${stripped}' comes before any [section] header`, this.file, undefined, undefined, i + 1);
      }
      const option = OPTION_RE.exec(stripped);
      if (!option || !option[1]) {
        throw new IniError(`'${stripped}' is not 'key = value'`, this.file, sectionName, undefined, i + 1);
      }
      const key = option[1].trimEnd();
      const previous = current.entries.get(key);
      if (previous && previous.line > 0) {
        throw new IniError(`set twice (first on line ${previous.line}); keep one`, this.file, sectionName, key, i + 1);
      }
      entry = { lines: [option[3]], line: i + 1 };
      current.entries.set(key, entry);
    }
    finish(entry);
  }

  /** Section names in file order, `DEFAULT` excluded. */
  sections(): string[] {
    return [...this.sectionMap.keys()];
  }

  has(section: string): boolean {
    return this.sectionMap.has(section);
  }

  /** Adds defaults (the `name=value` arguments); by default a key already in `[DEFAULT]` wins. */
  updateDefaults(values: Record<string, string>, overwrite = false): void {
    for (const [key, value] of Object.entries(values)) {
      if (overwrite || !this.defaultMap.has(key)) this.defaultMap.set(key, { lines: [value], line: 0 });
    }
  }

  /** The section's keys followed by the defaults it does not override, as ConfigParser's `options`. */
  options(section: string): string[] {
    const own = this.section(section).entries;
    return [...own.keys(), ...[...this.defaultMap.keys()].filter((k) => !own.has(k))];
  }

  /** `[DEFAULT]` plus the given defaults, each interpolated. */
  defaults(): Record<string, string> {
    const result: Record<string, string> = {};
    for (const key of this.defaultMap.keys()) result[key] = this.get('DEFAULT', key);
    return result;
  }

  hasOption(section: string, key: string): boolean {
    return this.lookup(section, key) !== undefined;
  }

  /** The value of `key`, interpolated unless `raw`; an `IniError` naming section and key if absent. */
  get(section: string, key: string, opts: { raw?: boolean; fallback?: string } = {}): string {
    const entry = this.lookup(section, key);
    if (!entry) {
      if (opts.fallback !== undefined) return opts.fallback;
      throw new IniError('missing; add it to the section', this.file, section, key, this.sectionLine(section));
    }
    const value = entry.lines.join('\n');
    return opts.raw ? value : this.interpolate(section, key, value, entry.line, 1);
  }

  /** The line a key is on (0 when it came from outside the file). */
  private lineOf(section: string, key?: string): number | undefined {
    return (key === undefined ? undefined : this.lookup(section, key)?.line) || this.sectionLine(section);
  }

  /** An `IniError` pointing at a section's key in this file. */
  error(problem: string, section?: string, key?: string): IniError {
    const line = section ? this.lineOf(section, key) : undefined;
    return new IniError(problem, this.file, section, key, line);
  }

  private section(name: string): Section {
    if (name === 'DEFAULT') return { entries: this.defaultMap, line: 0 };
    const found = this.sectionMap.get(name);
    if (!found) throw new IniError(`no [${name}] section; sections are: ${this.sections().join(', ') || '(none)'}`, this.file);
    return found;
  }

  private sectionLine(name: string): number | undefined {
    return this.sectionMap.get(name)?.line;
  }

  private lookup(section: string, key: string): Entry | undefined {
    return this.section(section).entries.get(key) ?? this.defaultMap.get(key);
  }

  private interpolate(section: string, key: string, value: string, line: number, depth: number): string {
    if (!value.includes('%')) return value;
    if (depth > MAX_DEPTH) {
      throw new IniError(`%(...)s refers back to itself (more than ${MAX_DEPTH} levels)`, this.file, section, key, line || undefined);
    }
    return value.replace(/%(\((.*?)\)s|%|.?)/gs, (match, _all, name: string | undefined) => {
      if (match === '%%') return '%';
      if (name === undefined) {
        throw new IniError(`'%' must be followed by '%' or '(name)s' in '${value}'; write %% for a percent sign`,
          this.file, section, key, line || undefined);
      }
      const entry = this.lookup(section, name);
      if (!entry) {
        throw new IniError(`%(${name})s is not defined; define ${name} in [DEFAULT] or pass ${name}=... on the command line`,
          this.file, section, key, line || undefined);
      }
      return this.interpolate(section, key, entry.lines.join('\n'), line, depth + 1);
    });
  }
}

/** Python strips a value's trailing blank lines. */
function finish(entry: Entry | undefined): void {
  while (entry && entry.lines.length > 1 && entry.lines[entry.lines.length - 1] === '') entry.lines.pop();
}

const TRUTHY = new Set(['t', 'true', 'y', 'yes', 'on', '1']);

/** Pyramid's `asbool`: `true`, `yes`, `on`, `y`, `t`, `1` (any case) are true; anything else false. */
export function asbool(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  return TRUTHY.has(String(value).trim().toLowerCase());
}

/** Pyramid's `aslist`: lines, then (with `flatten`) words within each line. */
export function aslist(value: string | undefined, flatten = true): string[] {
  const lines = (value ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  return flatten ? lines.flatMap((l) => l.split(/\s+/)) : lines;
}

// ---------------------------------------------------------------------------------------------
// PasteDeploy: [app:NAME], [server:NAME], [filter:NAME], [pipeline:NAME], `use = ...`

/** String settings, as PasteDeploy hands them to factories. */
export type Conf = Record<string, string>;
/** What an app factory returns: a request listener (ours carries `.registry`). */
export type App = ((req: import('http').IncomingMessage, res: import('http').ServerResponse) => void) & { registry?: unknown };
/** Pyramid's `main(global_config, **settings)`. */
export type AppFactory = (globalConfig: Conf, settings: Conf) => App | Promise<App>;
/** PasteDeploy's `filter_factory(global_conf, **local_conf)`: returns an app wrapper. */
export type FilterFactory = (globalConf: Conf, localConf: Conf) => (app: App) => App;
/** PasteDeploy's `server_factory(global_conf, **local_conf)`: returns a function that serves an app. */
export type ServerFactory = (globalConf: Conf, localConf: Conf) => (app: App) => unknown;

type Kind = 'app' | 'filter' | 'server';

/** Section prefixes per kind; within a group the first prefix that matches wins. */
const PREFIXES: Record<Kind, string[][]> = {
  app: [['app', 'application'], ['composite', 'composit'], ['pipeline'], ['filter-app']],
  filter: [['filter']],
  server: [['server']],
};

/** Built-in eggs, so that a Pyramid ini's `use = egg:waitress#main` serves with our server. */
const BUILTIN_EGGS: Record<string, Partial<Record<Kind, () => Record<string, unknown>>>> = {
  waitress: { server: () => require('./cli/server') as Record<string, unknown> },
  // Paste's `urlmap` is a composite factory (PasteDeploy's paste.composite_factory protocol).
  Paste: { app: () => ({ urlmap: Object.assign((require('./urlmap') as typeof import('./urlmap')).urlmap, { protocol: 'composite' }) }) },
};

/**
 * How a factory is called (PasteDeploy's protocols): `app`, `filter` and `server` factories get
 * `(globalConf, localConf)`; a `composite` one `(loader, globalConf, localConf)` and loads its apps
 * through the loader; a `filter_app` one `(app, globalConf, localConf)`; a `server_runner` one
 * `(app, globalConf, localConf)`.
 */
type Protocol = 'app' | 'composite' | 'filter' | 'filter_app' | 'server' | 'server_runner';

/** The keys that name a factory in place of `use` (`paste.app_factory = module:fn`), per kind; one of each group. */
const EXPLICIT_PROTOCOLS: Record<Kind, Array<Array<[string, Protocol]>>> = {
  app: [[['paste.app_factory', 'app']], [['paste.composite_factory', 'composite']], [['paste.composit_factory', 'composite']]],
  filter: [[['paste.filter_factory', 'filter'], ['paste.filter_app_factory', 'filter_app']]],
  server: [[['paste.server_factory', 'server'], ['paste.server_runner', 'server_runner']]],
};

interface Context {
  kind: Kind | 'pipeline' | 'filter-app' | 'filter-with';
  globalConf: Conf;
  localConf: Conf;
  factory?: (...args: unknown[]) => unknown;
  /** How `factory` is called; unset until a section (or an egg) says. */
  protocol?: Protocol;
  /** The file a section was read from, for a composite factory to load its apps from. */
  ini?: IniFile;
  parts?: Context[];
  /** The section whose keys became `localConf`: an error about one of them is reported at its line. */
  origin?: { ini: IniFile; section: string };
}

export interface LoadOptions {
  /** The section name (`-n`/`-s`); defaults to the URI's `#fragment`, then `main`. */
  name?: string;
  /** Extra defaults, such as the `name=value` arguments to pserve; they fill `%(name)s`. */
  globalConf?: Conf;
  /** The file `uri` names, already read (with `globalConf` as its defaults): not read again. */
  ini?: IniFile;
}

/** Loads `[app:NAME]` (or a pipeline) from `uri` (`development.ini`, `config:x.ini#name`) and calls its factory. */
export async function loadApp(uri: string, opts: LoadOptions = {}): Promise<App> {
  const app = await create(topContext('app', uri, opts));
  if (typeof app !== 'function') {
    throw new IniError(`the app factory returned ${typeof app}, not a request listener (req, res) => void`, parseConfigUri(uri).file);
  }
  return app as App;
}

/** Loads `[server:NAME]` and returns the function that serves an app with it. */
export async function loadServer(uri: string, opts: LoadOptions = {}): Promise<(app: App) => unknown> {
  return (await create(topContext('server', uri, opts))) as (app: App) => unknown;
}

/** What `main(globalConfig, settings)` would receive for `[app:NAME]`, without calling it (`get_appsettings`). */
export function appConfig(uri: string, opts: LoadOptions = {}): { globalConf: Conf; settings: Conf } {
  const ctx = topContext('app', uri, opts);
  return { globalConf: ctx.globalConf, settings: ctx.localConf };
}

/**
 * A plain section's settings (plaster's `get_settings`, used for `[pserve]`): its own keys and
 * `set` keys; keys that merely come from `[DEFAULT]` are left out. A missing section is `{}`.
 */
export function sectionSettings(ini: IniFile, section: string): Conf {
  if (!ini.has(section)) return {};
  const defaults = ini.defaults();
  return splitOptions(ini, section, defaults, { ...defaults }).local;
}

/** `config:dev.ini#name` (or `dev.ini`): the absolute file and the section name after '#', if any. */
export function parseConfigUri(uri: string): { file: string; fragment: string | undefined } {
  const hash = uri.indexOf('#');
  return {
    file: path.resolve((hash === -1 ? uri : uri.slice(0, hash)).replace(/^config:/, '')),
    fragment: hash === -1 ? undefined : uri.slice(hash + 1),
  };
}

function topContext(kind: Kind, uri: string, opts: LoadOptions): Context {
  const { file, fragment } = parseConfigUri(uri);
  const globalConf: Conf = { here: path.dirname(file), __file__: file, ...opts.globalConf };
  if (opts.ini) return configContext(opts.ini, kind, opts.name ?? fragment, globalConf);
  return loadContext(kind, `config:${file}`, opts.name ?? fragment, process.cwd(), globalConf);
}

function loadContext(kind: Kind, uri: string, name: string | undefined, relativeTo: string, globalConf: Conf): Context {
  const colon = uri.indexOf(':');
  const scheme = uri.slice(0, colon);
  const [spec, entry] = uri.slice(colon + 1).split('#');
  if (scheme === 'config') {
    const ini = IniFile.read(path.resolve(relativeTo, spec));
    ini.updateDefaults(globalConf);
    return configContext(ini, kind, name ?? entry, globalConf);
  }
  if (scheme === 'egg') return factoryContext(kind, resolveEgg(kind, spec, relativeTo), entry ?? name ?? 'main', `egg:${spec}`, globalConf);
  if (scheme === 'call') {
    const [modulePath, fn] = [spec.slice(0, spec.lastIndexOf(':')), spec.slice(spec.lastIndexOf(':') + 1)];
    if (!modulePath || !fn) throw new IniError(`'${uri}' is not call:module:function`);
    return factoryContext(kind, resolveModule(modulePath, relativeTo), fn, uri, globalConf);
  }
  throw new IniError(`'${uri}': unknown scheme '${scheme}:'; use egg:NAME, call:module:function or config:file.ini#name`);
}

function configContext(ini: IniFile, kind: Kind, name: string | undefined, globalConf: Conf): Context {
  if (name && /^[a-zA-Z]+:/.test(name)) return loadContext(kind, name, undefined, path.dirname(ini.file), globalConf);
  const section = findSection(ini, kind, name);
  const defaults = ini.defaults();
  const { local, global, additions } = splitOptions(ini, section, defaults, { ...defaults, ...globalConf });
  const sub = (k: Kind, n: string, key: string) => located(ini, section, key, () => configContext(ini, k, n, global));
  let filterWith: string | undefined;
  if (kind !== 'server' && 'filter-with' in local) {
    filterWith = local['filter-with'];
    delete local['filter-with'];
  }
  if ('require' in local) {
    // PasteDeploy checks that each named distribution is installed and passes the key on to no one.
    for (const name of aslist(local.require)) located(ini, section, 'require', () => requireInstalled(name, path.dirname(ini.file)));
    delete local.require;
  }
  let ctx: Context;
  if (section.startsWith('pipeline:')) {
    const names = aslist(local.pipeline);
    delete local.pipeline;
    if (!names.length) throw ini.error("missing; list filters then the app, e.g. 'pipeline = myfilter main'", section, 'pipeline');
    const extra = Object.keys(local);
    if (extra.length) throw ini.error(`a pipeline takes only 'pipeline'; move ${extra.join(', ')} to the app or a filter`, section, extra[0]);
    const app = sub('app', names[names.length - 1], 'pipeline');
    ctx = { kind: 'pipeline', globalConf: global, localConf: {}, parts: [app, ...names.slice(0, -1).map((n) => sub('filter', n, 'pipeline'))] };
  } else if (section.startsWith('filter-app:')) {
    if (!local.next) throw ini.error("missing; name the app this filter wraps, e.g. 'next = main'", section, 'next');
    const next = sub('app', local.next, 'next');
    delete local.next;
    const filter = 'use' in local ? fromUse(ini, 'filter', section, local, global, additions) : fromExplicit(ini, 'filter', section, local, global);
    ctx = { kind: 'filter-app', globalConf: global, localConf: {}, parts: [next, filter] };
  } else if ('use' in local) {
    ctx = fromUse(ini, kind, section, local, global, additions);
  } else {
    ctx = fromExplicit(ini, kind, section, local, global);
  }
  if (filterWith) ctx = { kind: 'filter-with', globalConf: global, localConf: {}, parts: [ctx, sub('filter', filterWith, 'filter-with')] };
  return ctx;
}

/** PasteDeploy's split: `set` keys go global, `get` keys copy a global, keys present in `defaults` are skipped. */
function splitOptions(ini: IniFile, section: string, defaults: Conf, global: Conf) {
  const local: Conf = {};
  const additions: Conf = {};
  for (const option of ini.options(section)) {
    if (option.startsWith('set ')) {
      const name = option.slice(4).trim();
      additions[name] = global[name] = ini.get(section, option);
    } else if (option.startsWith('get ')) {
      const from = ini.get(section, option);
      if (!(from in global)) throw ini.error(`no global setting '${from}' to get; define it in [DEFAULT]`, section, option);
      local[option.slice(4).trim()] = global[from];
    } else if (!Object.hasOwn(defaults, option)) {
      local[option] = ini.get(section, option);
    }
  }
  return { local, global, additions };
}

function fromUse(ini: IniFile, kind: Kind, section: string, local: Conf, global: Conf, additions: Conf): Context {
  const use = local.use;
  delete local.use;
  const ctx = located(ini, section, 'use', () => configContext(ini, kind, use, global));
  Object.assign(ctx.globalConf, additions);
  Object.assign(ctx.localConf, local);
  if ('__file__' in global) ctx.globalConf.__file__ = global.__file__;
  ctx.ini = ini;
  // As PasteDeploy: a factory that did not say how it is called is called as its section's kind.
  ctx.protocol ??= /^composit/.test(section) ? 'composite' : kind;
  ctx.origin = { ini, section };
  return ctx;
}

/** A section without `use`: its factory named by a protocol key, `paste.app_factory = module:function` (PasteDeploy's _context_from_explicit). */
function fromExplicit(ini: IniFile, kind: Kind, section: string, local: Conf, global: Conf): Context {
  const found: Array<[string, Protocol]> = [];
  for (const group of EXPLICIT_PROTOCOLS[kind]) {
    const first = group.find(([key]) => key in local);
    if (first) found.push(first);
  }
  const keys = EXPLICIT_PROTOCOLS[kind].flat().map(([key]) => key);
  if (found.length > 1) throw ini.error(`names its factory twice (${found.map(([key]) => key).join(', ')}); keep one`, section, found[1][0]);
  if (!found.length) {
    throw ini.error(`missing; say what to load, e.g. 'use = egg:NAME', 'use = call:module:function' or '${keys[0]} = module:function'`, section, 'use');
  }
  const [key, protocol] = found[0];
  const target = local[key];
  delete local[key];
  const colon = target.lastIndexOf(':');
  if (colon <= 0 || colon === target.length - 1) throw ini.error(`'${target}' is not module:function`, section, key);
  const ctx = located(ini, section, key, () => factoryContext(kind, resolveModule(target.slice(0, colon), path.dirname(ini.file)), target.slice(colon + 1), target, global));
  Object.assign(ctx.localConf, local);
  return Object.assign(ctx, { protocol, ini });
}

/** PasteDeploy's `require = name ...`: each must be installed (this project's own name, or a package in node_modules). */
function requireInstalled(name: string, relativeTo: string): void {
  const root = projectRoot(relativeTo);
  const pkgFile = path.join(root, 'package.json');
  if (fs.existsSync(pkgFile) && (JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { name?: string }).name === name) return;
  // Installed for the ini's project, or beside the framework that reads it.
  for (const paths of [[root], undefined]) {
    try {
      require.resolve(`${name}/package.json`, paths && { paths });
      return;
    } catch {
      // try the next
    }
  }
  throw new IniError(`no package '${name}' is installed (not this project's name, not in node_modules); install it or drop it from require`);
}

/** Gives an error raised while following a key the file, section and key it came from. */
function located<T>(ini: IniFile, section: string, key: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof IniError && !e.file) throw ini.error(e.problem, section, key);
    throw e;
  }
}

function findSection(ini: IniFile, kind: Kind, name: string | undefined): string {
  const wanted = name ?? 'main';
  const found: string[] = [];
  for (const group of PREFIXES[kind]) {
    for (const prefix of group) {
      // A bare [app] is not [app:main]: PasteDeploy looks for 'main' when no name is given.
      const matches = ini.sections().filter((s) => s.startsWith(prefix + ':') && s.slice(prefix.length + 1).trim() === wanted);
      if (matches.length) {
        found.push(...matches);
        break;
      }
    }
  }
  const prefixes = PREFIXES[kind].flat();
  if (!found.length) {
    const sameKind = ini.sections().filter((s) => prefixes.some((p) => s.startsWith(p + ':')));
    throw new IniError(`no ${prefixes.map((p) => `[${p}:${wanted}]`).join(' or ')} section; ` +
      `choose one of: ${sameKind.map((s) => `[${s}]`).join(', ') || '(none)'}`, ini.file);
  }
  if (found.length > 1) throw new IniError(`both ${found.map((s) => `[${s}]`).join(' and ')} match ${kind} '${wanted}'; rename one`, ini.file);
  return found[0];
}

function factoryContext(kind: Kind, exports: Record<string, unknown>, name: string, spec: string, globalConf: Conf): Context {
  let target: unknown = exports;
  for (const part of name.split('.')) target = (target as Record<string, unknown> | undefined)?.[part];
  if (typeof target !== 'function') {
    throw new IniError(`${spec} has no exported function '${name}'; export one, or name it: ${spec}#entry`);
  }
  const protocol = (target as { protocol?: Protocol }).protocol;
  return { kind, globalConf: { ...globalConf }, localConf: {}, factory: target as (...args: unknown[]) => unknown, protocol };
}

/** The directory that acts as Python's sys.path entry: the nearest with a package.json, else the ini's. */
function projectRoot(dir: string): string {
  return findPackageRoot(dir) ?? dir;
}

function resolveEgg(kind: Kind, name: string, relativeTo: string): Record<string, unknown> {
  const builtin = BUILTIN_EGGS[name]?.[kind];
  if (builtin) return builtin();
  const found = findEgg(name, relativeTo);
  if (found.problem !== undefined) throw new IniError(found.problem);
  return require(found.module) as Record<string, unknown>;
}

function resolveModule(spec: string, relativeTo: string): Record<string, unknown> {
  const root = projectRoot(relativeTo);
  const candidates = spec.startsWith('.') || path.isAbsolute(spec)
    ? [path.resolve(relativeTo, spec)]
    : [...new Set([root, relativeTo].flatMap((base) => [path.join(base, spec), path.join(base, spec.replace(/\./g, '/'))]))];
  return requireFirst([...candidates, spec], `call:${spec}`, root, `no module '${spec}' under ${displayPath(root)} or in node_modules`);
}

/** Requires the first candidate that resolves; errors inside the module itself propagate untouched. */
function requireFirst(candidates: string[], spec: string, root?: string, notFound?: string): Record<string, unknown> {
  for (const candidate of candidates) {
    let resolved: string;
    try {
      resolved = require.resolve(candidate, root ? { paths: [root] } : undefined);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') continue;
      throw e;
    }
    return require(resolved) as Record<string, unknown>;
  }
  throw new IniError(`${spec}: ${notFound ?? `cannot find ${candidates[0]}`}`);
}

async function create(ctx: Context): Promise<unknown> {
  const parts = ctx.parts ?? [];
  switch (ctx.kind) {
    case 'pipeline': {
      let app = await create(parts[0]);
      for (const filter of parts.slice(1).reverse()) app = ((await create(filter)) as (a: unknown) => unknown)(app);
      return app;
    }
    case 'filter-app':
    case 'filter-with': {
      const wrap = (await create(parts[1])) as (a: unknown) => unknown;
      const inner = await create(parts[0]);
      // filter-with on a filter composes the two filters rather than wrapping an app
      return parts[0].kind === 'filter' ? (app: unknown) => wrap((inner as (a: unknown) => unknown)(app)) : wrap(inner);
    }
    default: {
      const factory = ctx.factory!;
      try {
        if (ctx.protocol === 'composite') {
          const ini = ctx.ini;
          if (!ini) throw new IniError(`a composite factory needs an ini section to load its apps from; use it from a [composite:NAME] section`);
          const loader = { getApp: async (name: string, globalConf: Conf = ctx.globalConf) => (await create(configContext(ini, 'app', name, globalConf))) as App };
          return await factory(loader, ctx.globalConf, ctx.localConf);
        }
        if (ctx.protocol === 'filter_app' || ctx.protocol === 'server_runner') return (app: unknown) => factory(app, ctx.globalConf, ctx.localConf);
        return await factory(ctx.globalConf, ctx.localConf);
      } catch (e) {
        throw atSetting(ctx, e);
      }
    }
  }
}

/**
 * A factory's error about one of its settings (it names the key in `setting`, as a missing
 * `pyramid.includes` add-on does) becomes an IniError at that key's line, keeping its exit code.
 */
function atSetting(ctx: Context, error: unknown): unknown {
  const { setting, problem, exitCode } = (error ?? {}) as { setting?: unknown; problem?: unknown; exitCode?: unknown };
  if (!ctx.origin || typeof setting !== 'string' || !ctx.origin.ini.hasOption(ctx.origin.section, setting)) return error;
  const located = ctx.origin.ini.error(typeof problem === 'string' ? problem : (error as Error).message, ctx.origin.section, setting);
  return Object.assign(located, { exitCode, cause: error });
}
