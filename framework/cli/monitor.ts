/**
 * The `--reload` monitor. It never loads app code: it runs `pserve` again in worker processes
 * (./workers: one, or `workers = N`), watches exactly the files they report loading (plus the
 * ini and `[pserve] watch_files`), and restarts them when one changes, as Pyramid's pserve does
 * with hupper, but without closing the port: the new worker serves before the old one drains.
 * An app that does not start is reported and left down until the next change (never a restart
 * loop); a worker that dies after it served is replaced at once.
 */
import * as fs from 'fs';
import * as path from 'path';
import { displayPath } from '../ini';
import { fileSignature as signature } from '../reloader';
import type { PserveOptions } from './args';
import { openBrowser, PserveSettings } from './pserve';
import { WorkerMessage, WorkerPool } from './workers';

/** Saves within this window restart once. */
const DEBOUNCE_MS = 200;
const IGNORED_DIRS = /[\\/](node_modules|\.git|dist)[\\/]/;

/** What the monitor needs from `[server:main]`: how many workers, and how long they may drain. */
export interface ProcessSettings {
  workers: number;
  shutdownTimeout: number;
}

/** `info`: the server's INFO lines (worker started, worker exited), as pserve shows them. */
export function runMonitor(opts: PserveOptions, settings: PserveSettings, server: ProcessSettings, info: (message: string) => void): Promise<number> {
  return new Monitor(opts, settings, server, info).run();
}

/** `*` matches within a path segment, `**` across segments, `?` one character. */
function globToRegExp(pattern: string): RegExp {
  const body = pattern.split(/(\*\*\/?|\*|\?)/).map((part) => {
    if (part.startsWith('**')) return '.*';
    if (part === '*') return '[^/\\\\]*';
    if (part === '?') return '[^/\\\\]';
    return part.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }).join('');
  return new RegExp(`^${body}$`);
}

class Monitor {
  /** Watched file → its last seen "mtime:size", or "" when missing. */
  private readonly files = new Map<string, string>();
  private readonly dirWatchers = new Map<string, fs.FSWatcher>();
  private readonly patterns: RegExp[] = [];
  private readonly ignore: RegExp[];
  private readonly pool: WorkerPool;
  private changed = new Set<string>();
  private debounce?: NodeJS.Timeout;
  private restarting = false;
  private browserOpened = false;
  private shuttingDown = false;
  private finish!: (code: number) => void;

  constructor(private readonly opts: PserveOptions, private readonly settings: PserveSettings, server: ProcessSettings, info: (message: string) => void) {
    this.ignore = settings.ignoreFiles.map(globToRegExp);
    this.pool = new WorkerPool({
      count: server.workers,
      shutdownTimeout: server.shutdownTimeout,
      reload: true,
      out: (m) => this.out(m),
      info,
      onMessage: (m) => this.onMessage(m),
      onBootFailure: (code, signal) => {
        if (this.shuttingDown) return;
        this.out(`Server exited with ${signal ? `signal ${signal}` : `code ${code}`}. ` +
          'Waiting for a file change to restart (or send SIGHUP).');
      },
    });
  }

  run(): Promise<number> {
    const done = new Promise<number>((resolve) => (this.finish = resolve));
    const files = [this.settings.iniPath, ...this.settings.watchFiles.filter((f) => !/[*?]/.test(f))];
    this.watch(Object.fromEntries(files.map((f) => [f, signature(f)])));
    for (const pattern of this.settings.watchFiles.filter((f) => /[*?]/.test(f))) this.watchPattern(pattern);
    const poll = setInterval(() => this.poll(), this.opts.reloadInterval * 1000);
    process.on('SIGINT', () => this.shutdown('SIGINT'));
    process.on('SIGTERM', () => this.shutdown('SIGTERM'));
    process.on('SIGHUP', () => {
      this.out('Received SIGHUP, triggering a reload.');
      void this.restart();
    });
    // whatever ends the monitor, its workers end with it
    process.on('exit', () => this.pool.kill());
    void this.pool.start();
    return done.finally(() => {
      clearInterval(poll);
      for (const watcher of this.dirWatchers.values()) watcher.close();
    });
  }

  private out(message: string): void {
    if (this.opts.verbose > 0) process.stderr.write(message + '\n');
  }

  private onMessage(message: WorkerMessage): void {
    if (message.type === 'watch') this.watch(message.files);
    if (message.type === 'serving' && this.opts.browser && !this.browserOpened) {
      this.browserOpened = true;
      openBrowser(this.settings.openUrl ?? message.urls[0], (m) => this.out(m));
    }
  }

  /** Watches files as of the version the app loaded; one already changed since restarts it. */
  private watch(files: Record<string, string>): void {
    for (const [file, loaded] of Object.entries(files)) {
      if (IGNORED_DIRS.test(file) || this.ignore.some((re) => re.test(file))) continue;
      this.files.set(file, loaded);
      this.watchDir(path.dirname(file));
      // A change seen while this app was loading (an editor's truncate, then its write) is
      // already in what it loaded when the file still reads as it did then: no second restart.
      if (!this.check(file)) this.changed.delete(file);
    }
  }

  /** A `[pserve] watch_files` glob: watch below its fixed leading part, match names as they change. */
  private watchPattern(pattern: string): void {
    this.patterns.push(globToRegExp(pattern));
    const fixed = pattern.slice(0, pattern.search(/[*?]/));
    this.watchDir(/[\\/]$/.test(fixed) ? fixed : path.dirname(fixed), true);
  }

  /** Directory watches survive editors that save by writing a new file and renaming it over. */
  private watchDir(dir: string, recursive = false): void {
    if (this.dirWatchers.has(dir)) return;
    try {
      const watcher = fs.watch(dir, { persistent: false, recursive }, (_event, name) => {
        if (name) this.check(path.join(dir, name.toString()));
      });
      watcher.on('error', () => this.dirWatchers.delete(dir));
      this.dirWatchers.set(dir, watcher);
    } catch {
      // a missing directory: the interval poll still sees its files appear
    }
  }

  private poll(): void {
    for (const file of this.files.keys()) this.check(file);
  }

  /** Whether `file` changed since last seen (and if so, schedules a restart). */
  private check(file: string): boolean {
    const before = this.files.get(file);
    if (before === undefined) {
      // a new file matching a watch_files glob
      if (!this.patterns.some((re) => re.test(file))) return false;
      this.files.set(file, signature(file));
      this.changedFile(file);
      return true;
    }
    const now = signature(file);
    if (now === before) return false;
    this.files.set(file, now);
    this.changedFile(file);
    return true;
  }

  private changedFile(file: string): void {
    if (this.shuttingDown) return;
    this.changed.add(file);
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.restart(), DEBOUNCE_MS);
  }

  private async restart(): Promise<void> {
    if (this.restarting || this.shuttingDown) return;
    this.restarting = true;
    const files = [...this.changed].map(displayPath);
    this.changed.clear();
    if (files.length) this.out(`restarting: ${files.join(', ')} changed`);
    await this.pool.restart();
    this.restarting = false;
    if (this.shuttingDown) return;
    if (this.changed.size) return this.restart();
  }

  private shutdown(signal: string): void {
    if (this.shuttingDown) {
      // a second Ctrl-C: do not wait any longer
      this.pool.kill();
      this.finish(1);
      return;
    }
    this.shuttingDown = true;
    clearTimeout(this.debounce);
    this.out(`Received ${signal}, waiting for server to exit ...`);
    void this.pool.close().then(() => this.finish(0));
  }
}
