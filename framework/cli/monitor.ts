/**
 * The `--reload` monitor. It never loads app code: it runs `pserve` again in a child process
 * (its own process group), watches exactly the files that child reports loading (plus the ini
 * and `[pserve] watch_files`), and restarts it when one changes, as Pyramid's pserve does with
 * hupper. A crashed child is reported and left down until the next change; never a restart loop.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { displayPath } from '../ini';
import { CHILD_ENV, fileSignature as signature, ReloaderMessage } from '../reloader';
import type { PserveOptions } from './args';
import { openBrowser, PserveSettings } from './pserve';

/** Saves within this window restart once. */
const DEBOUNCE_MS = 200;
/** SIGTERM first; a child that has not exited after this gets SIGKILL. */
const KILL_TIMEOUT_MS = 5000;
const IGNORED_DIRS = /[\\/](node_modules|\.git|dist)[\\/]/;
const BIN = path.join(__dirname, '..', 'bin', 'pserve.js');

export function runMonitor(opts: PserveOptions, settings: PserveSettings): Promise<number> {
  return new Monitor(opts, settings).run();
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
  private child?: ChildProcess;
  private childExited?: Promise<void>;
  private changed = new Set<string>();
  private debounce?: NodeJS.Timeout;
  private restarting = false;
  private browserOpened = false;
  private shuttingDown = false;
  private finish!: (code: number) => void;

  constructor(private readonly opts: PserveOptions, private readonly settings: PserveSettings) {
    this.ignore = settings.ignoreFiles.map(globToRegExp);
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
    // whatever ends the monitor, the app's process group ends with it
    process.on('exit', () => this.killGroup('SIGKILL'));
    this.start();
    return done.finally(() => {
      clearInterval(poll);
      for (const watcher of this.dirWatchers.values()) watcher.close();
    });
  }

  private out(message: string): void {
    if (this.opts.verbose > 0) process.stderr.write(message + '\n');
  }

  private start(): void {
    const child = spawn(process.execPath, [BIN, ...process.argv.slice(2)], {
      env: { ...process.env, [CHILD_ENV]: '1' },
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      detached: true, // its own process group, so the whole group can be stopped
    });
    this.child = child;
    this.childExited = new Promise((resolve) => child.once('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      if (!this.restarting && !this.shuttingDown) {
        this.out(`Server exited with ${signal ? `signal ${signal}` : `code ${code}`}. ` +
          'Waiting for a file change to restart (or send SIGHUP).');
      }
      resolve();
    }));
    child.on('message', (message: ReloaderMessage) => this.onMessage(message));
    this.out(`Starting monitor for PID ${child.pid}.`);
  }

  private onMessage(message: ReloaderMessage): void {
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
      this.check(file);
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

  private check(file: string): void {
    const before = this.files.get(file);
    if (before === undefined) {
      // a new file matching a watch_files glob
      if (this.patterns.some((re) => re.test(file))) {
        this.files.set(file, signature(file));
        this.changedFile(file);
      }
      return;
    }
    const now = signature(file);
    if (now === before) return;
    this.files.set(file, now);
    this.changedFile(file);
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
    await this.stopChild();
    this.restarting = false;
    if (this.shuttingDown) return;
    if (this.changed.size) return this.restart();
    this.start();
  }

  /** SIGTERM the child's group, wait for it, SIGKILL after a timeout. */
  private async stopChild(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.child) return;
    this.killGroup(signal);
    const timer = setTimeout(() => {
      this.out('Server did not exit, forcefully killing.');
      this.killGroup('SIGKILL');
    }, KILL_TIMEOUT_MS);
    await this.childExited;
    clearTimeout(timer);
  }

  private killGroup(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (!pid) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  }

  private shutdown(signal: string): void {
    if (this.shuttingDown) {
      // a second Ctrl-C: do not wait any longer
      this.killGroup('SIGKILL');
      this.finish(1);
      return;
    }
    this.shuttingDown = true;
    clearTimeout(this.debounce);
    this.out(`Received ${signal}, waiting for server to exit ...`);
    void this.stopChild().then(() => this.finish(0));
  }
}
