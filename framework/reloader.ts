/**
 * Tells a `pserve --reload` monitor which files the app loaded (its modules, templates, ini
 * files), so that an edit to any of them restarts the app, as hupper's worker does for Pyramid.
 * Outside a monitored child every function here does nothing.
 *
 * @example
 * watchFiles([templatePath]); // after reading a template
 */
import * as fs from 'fs';
import * as path from 'path';
import Module = require('module');

/** Set by the monitor in the child's environment. */
export const CHILD_ENV = 'PYRAMID_RELOADER_CHILD';

/** Messages from the child to the monitor, over the IPC channel. */
export type ReloaderMessage =
  | { type: 'watch'; files: Record<string, string> }
  | { type: 'serving'; urls: string[]; shutdownTimeout?: number };

const reported = new Set<string>();
const pending = new Map<string, string>();
let scheduled = false;

/** True in the app process that a `pserve --reload` monitor runs. */
export function isActive(): boolean {
  return process.env[CHILD_ENV] === '1' && typeof process.send === 'function' && process.connected;
}

/** Asks the monitor to restart the app when any of `paths` changes. */
export function watchFiles(paths: Iterable<string>): void {
  if (!isActive()) return;
  for (const file of paths) {
    if (!reported.has(file)) {
      reported.add(file);
      // the version the app loaded: an edit made before the monitor hears of the file still counts
      pending.set(file, fileSignature(file));
    }
  }
  if (pending.size && !scheduled) {
    scheduled = true;
    // batch the hundreds of module loads of a start-up into a few messages
    setImmediate(() => void flush());
  }
}

/** Sends what is pending now; awaited before a crashing child exits, so the broken file is watched. */
export function flush(): Promise<void> {
  scheduled = false;
  if (!pending.size || !isActive()) return Promise.resolve();
  const files = Object.fromEntries(pending);
  pending.clear();
  return send({ type: 'watch', files });
}

/** What tells one version of a file from the next: modification time and size ('' if missing). */
export function fileSignature(file: string): string {
  try {
    const stat = fs.statSync(file, { bigint: true });
    return `${stat.mtimeNs}:${stat.size}`;
  } catch {
    return '';
  }
}

/** Sends to the monitor; `always`: to whichever process started this one as a worker, with or without --reload. */
export function send(message: ReloaderMessage, always = false): Promise<void> {
  if (!(always ? typeof process.send === 'function' && process.connected : isActive())) return Promise.resolve();
  return new Promise((resolve) => process.send!(message, undefined, {}, () => resolve()));
}

let tracking = false;

/**
 * Reports every module file as it is loaded, including one that fails to compile: Node forgets
 * a failed module, and that is exactly the file whose fix must restart the app.
 */
export function trackModules(): void {
  if (tracking || !isActive()) return;
  tracking = true;
  const proto = Module.prototype as unknown as { load(filename: string): void };
  const load = proto.load;
  proto.load = function (this: unknown, filename: string) {
    // dependencies change only with npm install; the monitor ignores them anyway
    if (!filename.includes(`${path.sep}node_modules${path.sep}`)) watchFiles([filename]);
    return load.call(this, filename);
  };
  watchFiles(Object.keys(require.cache).filter((f) => !f.includes(`${path.sep}node_modules${path.sep}`)));
}
