/**
 * The real Pyramid as a test oracle: Debian's /usr/bin/python3 with python3-pyramid (.ci/run
 * installs it). Without it the live tests fail, saying what to install: a session format that
 * was never compared with Pyramid's is not a pass.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';
import type { FactorySpec, StepRecord } from './replay';

export const PYTHON = process.env.PYRAMID_PYTHON ?? '/usr/bin/python3';

export interface Availability {
  available: boolean;
  python: string;
  reason: string;
}

let cached: Availability | undefined;

/** Runs PYTHON with `args` (a script and its arguments, or `-c` and code), `input` on its stdin. */
export function runPython(args: string[], input?: string, timeout = 60_000): SpawnSyncReturns<string> {
  return spawnSync(PYTHON, args, { input, encoding: 'utf-8', timeout, maxBuffer: 64 * 1024 * 1024 });
}

/** What `runPython` prints, read as JSON; throws with `what` and its stderr when it fails. */
export function askPython(what: string, args: string[], input?: string, timeout?: number): any {
  const result = runPython(args, input, timeout);
  if (result.status !== 0) throw new Error(`${what} failed: ${result.error?.message ?? result.stderr}`);
  return JSON.parse(result.stdout);
}

export function pyramidAvailability(): Availability {
  if (!cached) {
    const probe = runPython(['-c', 'import pyramid.session, webob.cookies'], undefined, 30_000);
    const reason = probe.error ? probe.error.message : probe.status === 0 ? '' : probe.stderr.trim().split('\n').pop() ?? `exit ${probe.status}`;
    cached = { available: probe.status === 0, python: PYTHON, reason };
  }
  return cached;
}

/** `describe`, when the real Pyramid can run; otherwise one failing test that says what is missing. */
export function describeWithPyramid(name: string, body: () => void): void {
  const pyramid = pyramidAvailability();
  if (pyramid.available) {
    describe(name, body);
    return;
  }
  const what = `${name}: the real Pyramid is not installed (${pyramid.python}: ${pyramid.reason}); apt-get install python3-pyramid`;
  test(what, () => {
    throw new Error(`The interop tests need the real Pyramid. ${what}`);
  });
}

export interface OracleCase {
  factory: FactorySpec;
  now: number;
  cookie_header: string | null;
  ops?: unknown[][];
}

export interface OracleAnswer extends StepRecord {
  /** The signed payload of the cookie sent, or null when Pyramid's signature check fails. */
  payload: string | null;
  /** That payload as Python's json.dumps writes the same data. */
  python_form: string | null;
}

/** Has the real Pyramid run one request per case (in one Python process). */
export function askPyramid(cases: OracleCase[]): OracleAnswer[] {
  return askPython('pyramid_oracle.py', [join(__dirname, 'pyramid_oracle.py')], JSON.stringify(cases));
}
