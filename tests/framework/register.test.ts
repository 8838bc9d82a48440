/**
 * The transpile cache runs what it reads back, so it reads only what this user wrote: a
 * private folder (0700), files owned by this user and carrying their own digest, and never a
 * shared folder in /tmp. Each case runs `pserve --help` (TypeScript, through the hook) in a
 * child process with its own cache location.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const BIN = path.join(__dirname, '..', '..', 'bin', 'pserve.js');

/** Runs `pserve --help` with `env`; its output, and whether it loaded the typescript module. */
function run(env: Record<string, string>): { output: string; transpiled: boolean } {
  const code = `process.on('exit', () => console.log('TRANSPILED=' + Object.keys(require.cache).some((f) => f.includes('/node_modules/typescript/'))));
    process.argv = [process.argv[0], 'pserve', '--help']; require(${JSON.stringify(BIN)});`;
  const result = spawnSync(process.execPath, ['-e', code], { env: { ...process.env, ...env }, timeout: 20000, encoding: 'utf8' });
  const output = result.stdout + result.stderr;
  if (!/--reload-interval/.test(output)) throw new Error(`pserve --help did not run:\n${output}`);
  return { output, transpiled: /TRANSPILED=true/.test(output) };
}

const scratch = () => fs.mkdtempSync(path.join(os.tmpdir(), 'register-test-'));
const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('the transpile cache', () => {
  it('is a folder only its user can enter, with files only its user can write', () => {
    const cache = path.join(scratch(), 'a', 'cache');
    expect(run({ PYRAMID_TS_CACHE: cache }).transpiled).toBe(true);
    expect(mode(cache)).toBe(0o700);
    const files = fs.readdirSync(cache);
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) expect(mode(path.join(cache, file))).toBe(0o600);
    expect(run({ PYRAMID_TS_CACHE: cache }).transpiled).toBe(false);
  });

  it('makes an existing folder of its own private again', () => {
    const cache = path.join(scratch(), 'cache');
    fs.mkdirSync(cache, { mode: 0o777 });
    fs.chmodSync(cache, 0o777);
    run({ PYRAMID_TS_CACHE: cache });
    expect(mode(cache)).toBe(0o700);
  });

  it('does not run a cached file whose contents were changed: it transpiles again', () => {
    const cache = path.join(scratch(), 'cache');
    run({ PYRAMID_TS_CACHE: cache });
    for (const file of fs.readdirSync(cache)) {
      fs.writeFileSync(path.join(cache, file), "console.log('PLANTED CODE RAN'); process.exit(9);\n");
    }
    const { output, transpiled } = run({ PYRAMID_TS_CACHE: cache });
    expect(output).not.toContain('PLANTED CODE RAN');
    expect(transpiled).toBe(true);
  });

  it('does not run a file another user put there, even one with a valid digest', () => {
    if (process.getuid?.() !== 0) {
      // only root can hand a file to another user; CI runs as root
      console.log('skipped the other-owner case: not running as root');
      return;
    }
    const cache = path.join(scratch(), 'cache');
    run({ PYRAMID_TS_CACHE: cache });
    for (const file of fs.readdirSync(cache)) {
      const full = path.join(cache, file);
      const text = fs.readFileSync(full, 'utf8');
      // the same digest trailer, but nobody's file: a planted copy
      fs.writeFileSync(full, text);
      fs.chownSync(full, 65534, 65534);
    }
    expect(run({ PYRAMID_TS_CACHE: cache }).transpiled).toBe(true);
  });

  it('never falls back to a shared folder in /tmp when its own cannot be made', () => {
    const tmp = scratch();
    const blocker = path.join(scratch(), 'not-a-folder');
    fs.writeFileSync(blocker, '');
    run({ PYRAMID_TS_CACHE: path.join(blocker, 'cache'), TMPDIR: tmp });
    run({ PYRAMID_TS_CACHE: path.join(blocker, 'cache'), TMPDIR: tmp });
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('without a usable home cache, uses a per-user folder in the temporary directory, made 0700', () => {
    const tmp = scratch();
    const blocker = path.join(tmp, 'not-a-folder');
    fs.writeFileSync(blocker, '');
    const env = { PYRAMID_TS_CACHE: '', XDG_CACHE_HOME: blocker, TMPDIR: tmp };
    expect(run(env).transpiled).toBe(true);
    const own = path.join(tmp, `pyramid-ts-${process.getuid?.() ?? os.userInfo().username}`);
    expect(mode(own)).toBe(0o700);
    expect(run(env).transpiled).toBe(false);
  });
});
