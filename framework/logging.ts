/**
 * Python-style hierarchical loggers: `getLogger('tutorial.views')` inherits its level from
 * `tutorial`, and records propagate to the root's handlers, as `logging` does in Pyramid apps.
 *
 * Unconfigured, WARNING and above go to stderr (Python's "last resort" handler), so an error
 * logged by the router is never lost. `pserve` configures it from the ini's logging sections.
 */

import * as fs from 'fs';

export const CRITICAL = 50;
export const ERROR = 40;
export const WARNING = 30;
export const INFO = 20;
export const DEBUG = 10;
export const NOTSET = 0;

const levelNames: Record<number, string> = {
  [CRITICAL]: 'CRITICAL', [ERROR]: 'ERROR', [WARNING]: 'WARNING', [INFO]: 'INFO', [DEBUG]: 'DEBUG', [NOTSET]: 'NOTSET',
};

function levelName(level: number): string {
  return levelNames[level] ?? `Level ${level}`;
}

export interface LogRecord {
  name: string;
  level: number;
  levelname: string;
  message: string;
  created: number;
  error?: unknown;
  /** Captured only when a formatter asks for `%(lineno)s` and friends; read lazily. */
  site?: Error;
}

export interface Handler {
  level: number;
  /** Only watches (the debug toolbar's): not counted as a handler, so the last resort still prints. */
  readonly observer?: boolean;
  handle(record: LogRecord): void;
}

/** Writes `message` (and an error's stack) to a stream; the default formatter is the bare message. */
export class StreamHandler implements Handler {
  level = NOTSET;
  constructor(
    public stream: { write(s: string): unknown } = process.stderr,
    public format: (record: LogRecord) => string = (r) => r.message,
  ) {}

  setFormatter(formatter: Formatter): void {
    this.format = (record) => formatter.format(record);
  }

  handle(record: LogRecord): void {
    let text = this.format(record);
    if (record.error !== undefined) text += '\n' + formatError(record.error);
    this.stream.write(text + '\n');
  }
}

export function formatError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  if (error && typeof error === 'object' && 'stack' in error) return String((error as { stack: unknown }).stack);
  return String(error);
}

export class Logger {
  level = NOTSET;
  handlers: Handler[] = [];
  propagate = true;
  disabled = false;

  constructor(public readonly name: string, private readonly manager: LoggerManager, public parent: Logger | null) {}

  setLevel(level: number): void {
    this.level = level;
  }

  getEffectiveLevel(): number {
    for (let logger: Logger | null = this; logger; logger = logger.parent) {
      if (logger.level !== NOTSET) return logger.level;
    }
    return NOTSET;
  }

  isEnabledFor(level: number): boolean {
    return !this.disabled && level >= this.getEffectiveLevel();
  }

  addHandler(handler: Handler): void {
    if (!this.handlers.includes(handler)) this.handlers.push(handler);
  }

  removeHandler(handler: Handler): void {
    this.handlers = this.handlers.filter((h) => h !== handler);
  }

  log(level: number, message: string, error?: unknown): void {
    if (!this.isEnabledFor(level)) return;
    const record: LogRecord = { name: this.name, level, levelname: levelName(level), message, created: Date.now() / 1000, error };
    if (this.manager.wantsCallSite) record.site = new Error();
    let found = 0;
    for (let logger: Logger | null = this; logger; logger = logger.propagate ? logger.parent : null) {
      for (const handler of logger.handlers) {
        if (!handler.observer) found++;
        if (level >= handler.level) handler.handle(record);
      }
    }
    if (found === 0 && level >= this.manager.lastResort.level) this.manager.lastResort.handle(record);
  }

  debug(message: string): void { this.log(DEBUG, message); }
  info(message: string): void { this.log(INFO, message); }
  warning(message: string): void { this.log(WARNING, message); }
  warn(message: string): void { this.log(WARNING, message); }
  error(message: string, error?: unknown): void { this.log(ERROR, message, error); }
  /** Logs at ERROR with the error's stack, as Python's `logger.exception`. */
  exception(message: string, error: unknown): void { this.log(ERROR, message, error); }
  critical(message: string, error?: unknown): void { this.log(CRITICAL, message, error); }
}

export class LoggerManager {
  readonly root: Logger;
  readonly loggers = new Map<string, Logger>();
  lastResort: Handler = new StreamHandler();
  /** Set when a configured format shows where the log call was made. */
  wantsCallSite = false;

  constructor() {
    this.lastResort.level = WARNING;
    this.root = new Logger('root', this, null);
    this.root.level = WARNING;
  }

  getLogger(name?: string): Logger {
    if (!name || name === 'root') return this.root;
    let logger = this.loggers.get(name);
    if (!logger) {
      logger = new Logger(name, this, null);
      this.loggers.set(name, logger);
      this.fixParents();
    }
    return logger;
  }

  /** Parents are the nearest existing ancestor by dotted name, as in Python. */
  private fixParents(): void {
    for (const logger of this.loggers.values()) {
      let parent: Logger = this.root;
      const parts = logger.name.split('.');
      for (let i = parts.length - 1; i > 0; i--) {
        const candidate = this.loggers.get(parts.slice(0, i).join('.'));
        if (candidate) { parent = candidate; break; }
      }
      logger.parent = parent;
    }
  }
}

/** The process's loggers: like Python's `logging` module, one tree per process. */
export const manager = new LoggerManager();

export function getLogger(name?: string): Logger {
  return manager.getLogger(name);
}

// ---------------------------------------------------------------------------------------------
// Formatters: Python's %-style formats, e.g. '%(asctime)s %(levelname)-5.5s [%(name)s] %(message)s'

const FIELD_RE = /%\((\w+)\)([#0\- +]*)(\d+)?(?:\.(\d+))?([diouxXeEfFgGcrsa])|%%/g;
const CALL_SITE_FIELDS = new Set(['lineno', 'filename', 'pathname', 'module', 'funcName']);
const RECORD_FIELDS = new Set([
  'name', 'levelname', 'levelno', 'message', 'asctime', 'created', 'msecs', 'relativeCreated',
  'thread', 'threadName', 'process', 'processName', ...CALL_SITE_FIELDS,
]);
const startedAt = Date.now();

/** Formats records as Python's `logging.Formatter` with `%` style, widths and precisions included. */
export class Formatter {
  /** The record fields the format names that Python has and we do not; empty when it is usable. */
  readonly unknownFields: string[] = [];
  readonly usesCallSite: boolean;

  constructor(readonly fmt = '%(message)s', readonly datefmt?: string) {
    const fields = [...fmt.matchAll(FIELD_RE)].map((m) => m[1]).filter(Boolean);
    this.unknownFields = fields.filter((f) => !RECORD_FIELDS.has(f));
    this.usesCallSite = fields.some((f) => CALL_SITE_FIELDS.has(f));
  }

  format(record: LogRecord): string {
    const site = this.usesCallSite ? callSite(record.site) : undefined;
    return this.fmt.replace(FIELD_RE, (match, field: string | undefined, flags: string, width?: string, precision?: string, type?: string) => {
      if (!field) return '%';
      const value = this.field(record, field, site);
      return pad(convert(value, type!, precision), flags, width ? Number(width) : 0, type!);
    });
  }

  /** `2013-08-09 10:42:42,968`, or the `datefmt` given (a strftime subset). */
  formatTime(record: LogRecord): string {
    const d = new Date(record.created * 1000);
    if (!this.datefmt) return `${strftime(d, '%Y-%m-%d %H:%M:%S')},${String(d.getMilliseconds()).padStart(3, '0')}`;
    return strftime(d, this.datefmt);
  }

  private field(record: LogRecord, field: string, site?: CallSite): unknown {
    switch (field) {
      case 'levelno': return record.level;
      case 'asctime': return this.formatTime(record);
      case 'msecs': return Math.floor((record.created * 1000) % 1000);
      case 'relativeCreated': return record.created * 1000 - startedAt;
      case 'thread': return 1;
      case 'threadName': return 'MainThread';
      case 'process': return process.pid;
      case 'processName': return 'MainProcess';
      case 'lineno': return site?.lineno ?? 0;
      case 'pathname': return site?.pathname ?? '';
      case 'filename': return site ? site.pathname.split(/[\\/]/).pop() : '';
      case 'module': return site ? site.pathname.split(/[\\/]/).pop()!.replace(/\.[^.]*$/, '') : '';
      case 'funcName': return site?.funcName ?? '';
      default: return (record as unknown as Record<string, unknown>)[field];
    }
  }
}

function convert(value: unknown, type: string, precision?: string): string {
  const p = precision === undefined ? undefined : Number(precision);
  switch (type) {
    case 'd': case 'i': case 'u': {
      const digits = String(Math.trunc(Number(value)));
      return p === undefined ? digits : digits.padStart(p, '0');
    }
    case 'f': case 'F': return Number(value).toFixed(p ?? 6);
    case 'e': case 'E': return Number(value).toExponential(p ?? 6);
    case 'x': return Math.trunc(Number(value)).toString(16);
    case 'X': return Math.trunc(Number(value)).toString(16).toUpperCase();
    case 'o': return Math.trunc(Number(value)).toString(8);
    case 'r': case 'a': return `'${String(value)}'`.slice(0, p);
    default: return String(value).slice(0, p);
  }
}

function pad(text: string, flags: string, width: number, type: string): string {
  if (text.length >= width) return text;
  if (flags.includes('-')) return text.padEnd(width);
  const numeric = 'diufFeExXo'.includes(type);
  return flags.includes('0') && numeric ? text.padStart(width, '0') : text.padStart(width);
}

function strftime(d: Date, fmt: string): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const dayOfYear = Math.floor((Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) - Date.UTC(d.getFullYear(), 0, 0)) / 86400000);
  const codes: Record<string, () => string> = {
    Y: () => String(d.getFullYear()), y: () => two(d.getFullYear() % 100), m: () => two(d.getMonth() + 1),
    d: () => two(d.getDate()), H: () => two(d.getHours()), I: () => two(d.getHours() % 12 || 12),
    M: () => two(d.getMinutes()), S: () => two(d.getSeconds()), p: () => (d.getHours() < 12 ? 'AM' : 'PM'),
    a: () => days[d.getDay()], b: () => months[d.getMonth()], j: () => String(dayOfYear).padStart(3, '0'), '%': () => '%',
  };
  return fmt.replace(/%(.)/g, (m, c: string) => codes[c]?.() ?? m);
}

interface CallSite { pathname: string; lineno: number; funcName: string }

/** The first stack frame outside this module: where the app called `log.debug(...)`. */
function callSite(site: Error | undefined): CallSite | undefined {
  const frames = site?.stack?.split('\n').slice(1) ?? [];
  for (const frame of frames) {
    const m = /at (?:(.*?) \()?(.*?):(\d+):\d+\)?$/.exec(frame.trim());
    if (m && m[2] !== __filename) return { funcName: m[1]?.split('.').pop() ?? '<module>', pathname: m[2], lineno: Number(m[3]) };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// fileConfig: the ini's [loggers], [handlers], [formatters] sections, as Python's logging.config

/** Appends each formatted record to a file, synchronously so lines keep their order. */
export class FileHandler extends StreamHandler {
  constructor(filename: string, mode = 'a') {
    const fd = fs.openSync(filename, mode);
    super({ write: (text: string) => fs.writeSync(fd, text) });
  }
}

/** Discards records; a logger with only this handler stays quiet. */
export class NullHandler implements Handler {
  level = NOTSET;
  handle(): void {}
}

const HANDLER_CLASSES: Record<string, (args: unknown[]) => StreamHandler | NullHandler> = {
  StreamHandler: (args) => new StreamHandler((args[0] as NodeJS.WritableStream | undefined) ?? process.stderr),
  FileHandler: (args) => new FileHandler(String(args[0]), args[1] === undefined ? 'a' : String(args[1])),
  NullHandler: () => new NullHandler(),
};

const LEVELS: Record<string, number> = { CRITICAL, FATAL: CRITICAL, ERROR, WARN: WARNING, WARNING, INFO, DEBUG, NOTSET };

/** The subset of an ini file that fileConfig reads; `IniFile` from ./ini provides it. */
export interface LoggingIni {
  has(section: string): boolean;
  get(section: string, key: string, opts?: { raw?: boolean; fallback?: string }): string;
  error(problem: string, section?: string, key?: string): Error;
}

/**
 * Configures loggers from an ini as Python's `logging.config.fileConfig` does: root and
 * `qualname` loggers with levels, handlers and `propagate`; handlers with a class, `args`, a
 * level and a formatter. Loggers that existed before and are not configured are disabled,
 * unless they are children of a configured one.
 *
 * @example
 * fileConfig(IniFile.read('development.ini'));
 * getLogger('tutorial').debug('Some Message');
 */
export function fileConfig(ini: LoggingIni, target: LoggerManager = manager): void {
  const keys = (section: string) => (ini.has(section) ? ini.get(section, 'keys').split(',').map((k) => k.trim()).filter(Boolean) : []);
  const level = (section: string) => {
    const name = ini.get(section, 'level').trim();
    if (!(name in LEVELS)) throw ini.error(`unknown level '${name}'; use one of ${Object.keys(LEVELS).join(', ')}`, section, 'level');
    return LEVELS[name];
  };

  const formatters = new Map<string, Formatter>();
  for (const key of keys('formatters')) {
    const section = `formatter_${key}`;
    const formatter = new Formatter(ini.get(section, 'format', { raw: true, fallback: '%(message)s' }), ini.get(section, 'datefmt', { raw: true, fallback: '' }) || undefined);
    if (formatter.unknownFields.length) throw ini.error(`unknown field %(${formatter.unknownFields[0]})s`, section, 'format');
    formatters.set(key, formatter);
  }

  const handlers = new Map<string, Handler>();
  for (const key of keys('handlers')) {
    const section = `handler_${key}`;
    const className = ini.get(section, 'class').trim().replace(/^logging\./, '');
    const make = HANDLER_CLASSES[className];
    if (!make) throw ini.error(`unknown handler class '${className}'; use ${Object.keys(HANDLER_CLASSES).join(', ')}`, section, 'class');
    const handler = make(parseArgs(ini, section));
    if (ini.get(section, 'level', { fallback: '' })) handler.level = level(section);
    const formatterName = ini.get(section, 'formatter', { fallback: '' }).trim();
    if (formatterName) {
      const formatter = formatters.get(formatterName);
      if (!formatter) throw ini.error(`no formatter '${formatterName}' in [formatters] keys`, section, 'formatter');
      if (handler instanceof StreamHandler) handler.setFormatter(formatter);
    }
    handlers.set(key, handler);
  }

  const loggerKeys = keys('loggers');
  if (ini.has('loggers') && !loggerKeys.includes('root')) throw ini.error("must list root, e.g. 'keys = root, myapp'", 'loggers', 'keys');
  const install = (logger: Logger, section: string) => {
    if (ini.get(section, 'level', { fallback: '' })) logger.level = level(section);
    logger.handlers = [];
    for (const name of ini.get(section, 'handlers', { fallback: '' }).split(',').map((h) => h.trim()).filter(Boolean)) {
      const handler = handlers.get(name);
      if (!handler) throw ini.error(`no handler '${name}' in [handlers] keys`, section, 'handlers');
      logger.addHandler(handler);
    }
  };

  const existing = new Set(target.loggers.keys());
  const spared = new Set<string>();
  for (const key of loggerKeys) {
    const section = `logger_${key}`;
    if (key === 'root') {
      install(target.root, section);
      continue;
    }
    const qualname = ini.get(section, 'qualname').trim();
    const logger = target.getLogger(qualname);
    for (const name of existing) if (name.startsWith(qualname + '.')) spared.add(name);
    existing.delete(qualname);
    logger.propagate = ini.get(section, 'propagate', { fallback: '1' }).trim() !== '0';
    logger.disabled = false;
    install(logger, section);
  }
  for (const name of existing) {
    const logger = target.getLogger(name);
    if (spared.has(name)) {
      logger.level = NOTSET;
      logger.handlers = [];
      logger.propagate = true;
    } else {
      logger.disabled = true;
    }
  }
  target.wantsCallSite = [...formatters.values()].some((f) => f.usesCallSite);
}

/** With no logging sections: WARNING and up to stderr as `LEVEL:name:message`, like Python's `basicConfig`. */
export function basicConfig(target: LoggerManager = manager): void {
  if (target.root.handlers.length) return;
  const handler = new StreamHandler(process.stderr);
  handler.setFormatter(new Formatter('%(levelname)s:%(name)s:%(message)s'));
  target.root.addHandler(handler);
}

/** Reads a handler's `args`, a Python tuple literal such as `(sys.stderr,)` or `('%(here)s/app.log', 'a')`. */
function parseArgs(ini: LoggingIni, section: string): unknown[] {
  const text = ini.get(section, 'args', { fallback: '()' }).trim();
  const inner = /^\((.*)\)$/s.exec(text);
  if (!inner) throw ini.error(`'${text}' is not a tuple such as (sys.stderr,)`, section, 'args');
  const tokens = inner[1].match(/'[^']*'|"[^"]*"|[^,\s][^,]*/g) ?? [];
  return tokens.map((token) => {
    const t = token.trim();
    if (t === 'sys.stderr') return process.stderr;
    if (t === 'sys.stdout') return process.stdout;
    if (/^(['"]).*\1$/s.test(t)) return t.slice(1, -1);
    if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
    if (t === 'None') return undefined;
    if (t === 'True' || t === 'False') return t === 'True';
    throw ini.error(`cannot read '${t}'; use sys.stderr, sys.stdout, a quoted string or a number`, section, 'args');
  });
}
