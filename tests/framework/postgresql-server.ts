/**
 * A throw-away PostgreSQL for tests: Debian's initdb and postgres (/usr/lib/postgresql/<n>/bin)
 * on a temporary data folder, listening on a free port of 127.0.0.1 and a socket in that folder,
 * trusted logins, no fsync; stopped and removed after. initdb refuses to run as root, so as root
 * the server runs as the `postgres` user (through setpriv, which execs: the process we signal is postgres itself). Fails with the command that
 * installs PostgreSQL when it is missing.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { freePort } from '../fixtures/pserve-harness';

const START_TIMEOUT_MS = 30000;

export interface PostgresServer {
  port: number;
  /** A URL as the ini's `sqlalchemy.url` takes it, for database `name`. */
  url(name?: string): string;
  /** Creates a database (`createdb`). */
  createDatabase(name: string): void;
  stop(): Promise<void>;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(nodePath.join(root, v, 'bin', 'initdb'))) : [];
  if (!versions.length) throw new Error('PostgreSQL is missing (no /usr/lib/postgresql/*/bin/initdb): apt-get install -y postgresql (.ci/run installs it)');
  versions.sort((a, b) => Number(b) - Number(a));
  return nodePath.join(root, versions[0], 'bin');
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'pg-test-'));
  const data = nodePath.join(dir, 'data');
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const as = (command: string, args: string[]): [string, string[]] => (asRoot ? ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', command, ...args]] : [command, args]);
  const user = asRoot ? 'postgres' : os.userInfo().username;
  const run = (command: string, args: string[]) => {
    const [cmd, argv] = as(command, args);
    return execFileSync(cmd, argv, { stdio: 'pipe', timeout: START_TIMEOUT_MS });
  };
  run(nodePath.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', user, '--no-sync', '-E', 'UTF8', '--locale', 'C']);
  const port = await freePort();
  const [cmd, argv] = as(nodePath.join(bin, 'postgres'), ['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir, '-F', '-c', 'fsync=off']);
  const child: ChildProcess = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`postgres on port ${port} did not say "ready to accept connections" within ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`postgres exited (${signal ?? `status ${code}`}) before it was ready:\n${output}`));
    });
  });
  return {
    port,
    url: (name = 'postgres') => `postgresql://${user}@127.0.0.1:${port}/${name}`,
    createDatabase: (name) => void run(nodePath.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, name]),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        // SIGINT: PostgreSQL's fast shutdown; SIGKILL if it has not gone within 10 s
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
        await gone;
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
