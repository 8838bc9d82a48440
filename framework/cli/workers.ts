/**
 * pserve's worker processes, on node:cluster: `workers = N` (or `auto`) in `[server:main]`, and
 * the app process of `--reload`. The primary never loads app code; each worker runs this same
 * pserve command and serves, the primary holding the listening sockets, so a worker can be
 * replaced without the port ever closing: a restart boots the new worker, waits until it
 * serves, and only then lets the old one drain (one worker at a time). A worker that dies is
 * logged with its exit reason and replaced. What the primary prints follows gunicorn's arbiter.
 */
import cluster, { Worker } from 'cluster';
import * as os from 'os';
import * as path from 'path';
import { IniError } from '../ini';
import { getLogger } from '../logging';
import { CHILD_ENV, ReloaderMessage } from '../reloader';

const BIN = path.join(__dirname, '..', 'bin', 'pserve.js');
/** Set in each worker's environment: how many workers the primary keeps. */
export const WORKERS_ENV = 'PYRAMID_TS_WORKERS';
/** A worker still running this long after its drain deadline (`shutdown_timeout`) is killed. */
const KILL_GRACE_MS = 2000;
/** A replacement for a dead worker waits this long after the last one (doubling while they keep dying). */
const RESPAWN_DELAY_MS = [0, 500, 1000, 2000, 5000, 10000];
/** A worker that served this long counts as having lived: the respawn delay starts over. */
const HEALTHY_MS = 10000;

/**
 * What workers tell the primary: the files they loaded (under --reload), that they serve, and
 * that they are about to exit (`closing`, answered `closed`; see lastWord()).
 */
export type WorkerMessage = ReloaderMessage | { type: 'closing' };

/**
 * Called by a worker that has stopped listening and drained, just before it exits. node:cluster
 * may have handed it one more connection before the primary heard that it stopped listening;
 * the worker hands such a connection back, but only if it reads the message before exiting; a
 * worker that exits first strands that connection in the primary, neither answered nor closed.
 * Messages keep their order, so once the primary's answer to `closing` arrives, every connection
 * sent before it has been handed back. Bounded: 1 s.
 */
export function lastWord(): Promise<void> {
  if (!cluster.isWorker || !process.connected) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 1000);
    process.on('message', (message: { type?: string }) => {
      if (message?.type === 'closed') {
        clearTimeout(timer);
        resolve();
      }
    });
    process.send!({ type: 'closing' });
  });
}

export interface WorkerPoolOptions {
  count: number;
  /** Seconds a worker has to drain (`shutdown_timeout`), until a worker says otherwise. */
  shutdownTimeout: number;
  /** Under `--reload`: workers report the files they load, and a broken app waits for an edit. */
  reload: boolean;
  /** pserve's own lines (the ones -q silences). */
  out(message: string): void;
  /** The server's INFO lines: through logging when the ini configures it, else as pserve's own. */
  info(message: string): void;
  onMessage?(message: WorkerMessage): void;
  /** Every worker is down because the app does not start: `code` is the first one's exit code. */
  onBootFailure?(code: number | null, signal: NodeJS.Signals | null): void;
}

interface State {
  worker: Worker;
  serving: boolean;
  stopping: boolean;
  bootedAt: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves true once it serves, false if it exits first. */
  ready: Promise<boolean>;
}

// looked up when used: a logger that exists before the ini's logging is set up is disabled by it
const log = () => getLogger('waitress');

/**
 * What the process that starts workers needs from `[server:main]` before any app code runs:
 * `workers` (a count, `auto` = one per core) and `shutdown_timeout` (seconds).
 */
export function processSettings(settings: Record<string, string>): { workers: number; shutdownTimeout: number } {
  let workers = 1;
  const given = settings.workers?.trim();
  if (given === 'auto') workers = os.availableParallelism();
  else if (given) {
    workers = Number(given);
    if (!Number.isInteger(workers) || workers < 1) throw new IniError(`'${given}' is not a number of processes; use a whole number (1 or more) or auto`, undefined, undefined, 'workers');
  }
  return { workers, shutdownTimeout: seconds(settings, 'shutdown_timeout', 5) };
}

/** A setting in seconds (or any non-negative number); blank means the default. */
export function seconds(settings: Record<string, string>, key: string, fallback: number): number {
  if (settings[key] === undefined || settings[key].trim() === '') return fallback;
  const value = Number(settings[key]);
  if (!Number.isFinite(value) || value < 0) throw new IniError(`'${settings[key]}' is not a number`, undefined, undefined, key);
  return value;
}

export class WorkerPool {
  private readonly states = new Map<Worker, State>();
  private shutdownTimeout: number;
  private everServed = false;
  private closing = false;
  /** Restarts run one after another; while one runs, a worker that fails to boot is its business. */
  private queue: Promise<unknown> = Promise.resolve();
  private restarting = 0;
  private respawns = 0;

  constructor(private readonly opts: WorkerPoolOptions) {
    this.shutdownTimeout = opts.shutdownTimeout;
    cluster.setupPrimary({ exec: BIN, args: process.argv.slice(2) });
  }

  /** The workers running now (not the ones draining). */
  get size(): number {
    return [...this.states.values()].filter((s) => !s.stopping).length;
  }

  /** Boots `count` workers. Resolves true once all serve, false if the app did not start. */
  async start(): Promise<boolean> {
    const started = Array.from({ length: this.opts.count }, () => this.fork());
    const ready = await Promise.all(started.map((s) => s.ready));
    return ready.every(Boolean);
  }

  private fork(): State {
    const env: Record<string, string> = { [WORKERS_ENV]: String(this.opts.count) };
    if (this.opts.reload) env[CHILD_ENV] = '1';
    const worker = cluster.fork(env);
    const pid = worker.process.pid;
    if (this.opts.reload && this.opts.count === 1) this.opts.out(`Starting monitor for PID ${pid}.`);
    else this.opts.info(`Booting worker with pid: ${pid}`);
    let markReady!: (ok: boolean) => void;
    const state: State = {
      worker, serving: false, stopping: false, bootedAt: Date.now(),
      ready: new Promise((resolve) => (markReady = resolve)),
      exited: new Promise((resolve) => worker.process.once('exit', (code, signal) => resolve({ code, signal }))),
    };
    this.states.set(worker, state);
    worker.on('message', (message: WorkerMessage) => {
      if (message?.type === 'closing') {
        if (worker.isConnected()) worker.send({ type: 'closed' });
        return;
      }
      if (message?.type === 'serving' && !state.serving) {
        state.serving = true;
        if (message.shutdownTimeout !== undefined) this.shutdownTimeout = message.shutdownTimeout;
        if (!this.everServed && this.opts.count > 1) for (const url of message.urls) this.opts.info(`Serving on ${url}`);
        this.everServed = true;
        markReady(true);
      }
      this.opts.onMessage?.(message);
    });
    // a worker that cannot be forked at all ends as if it exited
    worker.on('error', (e) => log().error(`Worker (pid:${pid}): ${e.message}`));
    void state.exited.then(({ code, signal }) => {
      this.states.delete(worker);
      markReady(false);
      this.exited(state, code, signal);
    });
    return state;
  }

  private exited(state: State, code: number | null, signal: NodeJS.Signals | null): void {
    const pid = state.worker.process.pid;
    if (state.stopping) {
      if (this.opts.count > 1 && !this.opts.reload) this.opts.info(`Worker exiting (pid: ${pid})`);
      return;
    }
    if (signal === 'SIGKILL') log().error(`Worker (pid:${pid}) was sent SIGKILL! Perhaps out of memory?`);
    else if (signal) log().error(`Worker (pid:${pid}) was sent ${signal}!`);
    else if (state.serving || this.opts.count > 1) log().error(`Worker (pid:${pid}) exited with code ${code}`);
    if (this.closing) return;
    if (!state.serving) {
      // it never served: the app does not start (a syntax error, a port in use)
      if (this.restarting) return; // the restart sees it and decides
      if (this.opts.reload || !this.everServed) {
        void this.stopAll().then(() => this.opts.onBootFailure?.(code, signal));
        return;
      }
    }
    if (Date.now() - state.bootedAt > HEALTHY_MS) this.respawns = 0;
    const delay = RESPAWN_DELAY_MS[Math.min(this.respawns++, RESPAWN_DELAY_MS.length - 1)];
    setTimeout(() => {
      if (!this.closing && !this.restarting && this.size < this.opts.count) this.fork();
    }, delay).unref();
  }

  /**
   * Replaces every worker, one at a time: the new one boots and serves before the old one is
   * told to drain, so no request is refused. With no worker running, just starts. Resolves
   * false when a new worker fails to boot: under --reload every worker is then stopped (what
   * runs is what was saved); otherwise the old workers keep serving.
   */
  restart(): Promise<boolean> {
    const run = async (): Promise<boolean> => {
      const old = [...this.states.values()].filter((s) => !s.stopping);
      const failed = async (next: State) => {
        const { code, signal } = await next.exited;
        if (this.opts.reload || old.length === 0) {
          await this.stopAll();
          this.opts.onBootFailure?.(code, signal);
        } else {
          log().error(`Worker (pid:${next.worker.process.pid}) failed to boot; the running workers keep serving the code they loaded`);
        }
        return false;
      };
      if (old.length === 0) {
        // nothing running (the app did not start last time): start afresh
        for (const next of Array.from({ length: this.opts.count }, () => this.fork())) {
          if (!(await next.ready)) return failed(next);
        }
        return true;
      }
      for (const previous of old) {
        const next = this.fork();
        if (!(await next.ready)) return failed(next);
        await this.stop(previous);
      }
      for (let missing = this.opts.count - this.size; missing > 0; missing--) this.fork();
      return true;
    };
    this.restarting++;
    const done = this.queue.then(run).finally(() => this.restarting--);
    this.queue = done.catch(() => undefined);
    return done;
  }

  /** Asks a worker to drain (SIGTERM); kills it if it outlives `shutdown_timeout` by KILL_GRACE_MS. */
  private async stop(state: State): Promise<void> {
    state.stopping = true;
    try {
      state.worker.process.kill('SIGTERM');
    } catch {
      // already gone
    }
    const timer = setTimeout(() => {
      log().error(`Worker (pid:${state.worker.process.pid}) still running ${this.shutdownTimeout} s after SIGTERM (shutdown_timeout); killing it`);
      state.worker.process.kill('SIGKILL');
    }, this.shutdownTimeout * 1000 + KILL_GRACE_MS);
    await state.exited;
    clearTimeout(timer);
  }

  /** Drains every worker at once. */
  stopAll(): Promise<void> {
    return Promise.all([...this.states.values()].map((s) => this.stop(s))).then(() => undefined);
  }

  /** SIGTERM/SIGINT: stop replacing workers, drain them all. */
  async close(): Promise<void> {
    this.closing = true;
    await this.stopAll();
  }

  /** A second Ctrl-C: no more waiting. */
  kill(): void {
    for (const state of this.states.values()) {
      try {
        state.worker.process.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}
