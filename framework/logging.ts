/**
 * Python-style hierarchical loggers: `getLogger('tutorial.views')` inherits its level from
 * `tutorial`, and records propagate to the root's handlers, as `logging` does in Pyramid apps.
 *
 * Unconfigured, WARNING and above go to stderr (Python's "last resort" handler), so an error
 * logged by the router is never lost. `pserve` configures it from the ini's logging sections.
 */

export const CRITICAL = 50;
export const ERROR = 40;
export const WARNING = 30;
export const INFO = 20;
export const DEBUG = 10;
export const NOTSET = 0;

const levelNames: Record<number, string> = {
  [CRITICAL]: 'CRITICAL', [ERROR]: 'ERROR', [WARNING]: 'WARNING', [INFO]: 'INFO', [DEBUG]: 'DEBUG', [NOTSET]: 'NOTSET',
};

export function levelName(level: number): string {
  return levelNames[level] ?? `Level ${level}`;
}

export interface LogRecord {
  name: string;
  level: number;
  levelname: string;
  message: string;
  created: number;
  error?: unknown;
}

export interface Handler {
  level: number;
  handle(record: LogRecord): void;
}

/** Writes `message` (and an error's stack) to a stream; the default formatter is the bare message. */
export class StreamHandler implements Handler {
  level = NOTSET;
  constructor(
    public stream: { write(s: string): unknown } = process.stderr,
    public format: (record: LogRecord) => string = (r) => r.message,
  ) {}

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
    let found = 0;
    for (let logger: Logger | null = this; logger; logger = logger.propagate ? logger.parent : null) {
      for (const handler of logger.handlers) {
        found++;
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
