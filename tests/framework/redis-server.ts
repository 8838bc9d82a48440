/**
 * A throw-away redis-server for tests: Debian's /usr/bin/redis-server on a free port of
 * 127.0.0.1, with no persistence (`--save "" --appendonly no`), stopped after. It can be
 * killed, paused (SIGSTOP: a Redis that does not answer) and started again on the same port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { freePort } from '../fixtures/pserve-harness';

const REDIS_SERVER = '/usr/bin/redis-server';
const START_TIMEOUT_MS = 10000;

export interface RedisServer {
  port: number;
  url: string;
  /** Its Unix socket too. */
  socket: string;
  /** Starts it (again, on the same port); resolves when it accepts connections. */
  start(): Promise<void>;
  /** SIGKILL, as a crash; resolves when the process is gone. */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: a Redis that holds connections open and answers nothing. */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts redis-server on a free port; fails with the command that installs it when it is missing. */
export async function startRedisServer(): Promise<RedisServer> {
  if (!fs.existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} is missing: apt-get install -y redis-server (.ci/run installs it)`);
  const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'redis-test-'));
  let port = await freePort();
  let child: ChildProcess | null = null;

  const launch = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--unixsocket', nodePath.join(dir, 'redis.sock'), '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--loglevel', 'notice'];
      const proc = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      let output = '';
      const timer = setTimeout(() => {
        proc.kill('SIGKILL');
        reject(new Error(`redis-server on port ${port} did not say "Ready to accept connections" within ${START_TIMEOUT_MS} ms:\n${output}`));
      }, START_TIMEOUT_MS);
      const onData = (data: Buffer) => {
        output += data.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          proc.stdout!.off('data', onData);
          proc.stdout!.resume();
          resolve();
        }
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', (data: Buffer) => (output += data.toString()));
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`redis-server on port ${port} exited (${signal ?? `status ${code}`}) before it was ready:\n${output}`));
      });
    });

  // The free port can be taken between the check and the start: try another, three times at most.
  for (let attempt = 1; ; attempt++) {
    try {
      await launch();
      break;
    } catch (error) {
      if (attempt >= 3 || !/Address already in use/.test(String(error))) throw error;
      port = await freePort();
    }
  }

  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    socket: nodePath.join(dir, 'redis.sock'),
    start: launch,
    async kill() {
      if (!child) return;
      child.kill('SIGKILL');
      await exited(child);
      child = null;
    },
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    async stop() {
      if (child) {
        child.kill('SIGCONT');
        child.kill('SIGKILL');
        await exited(child);
        child = null;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}
