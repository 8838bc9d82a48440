#!/usr/bin/env node
'use strict';
/**
 * Start to first 200 from an app's own folder (issue 9): `npx pserve` in
 * examples/quick_tutorial/ini, the same pserve without npx (node_modules/.bin/pserve, what
 * `$VENV/bin/pserve` is in the Quick Tutorial), `npx pserve` at the repository root, and
 * Python's pserve3 on the Quick Tutorial step (bench/python). Medians of N runs (default 5), each a fresh process; the transpile cache
 * is warmed once first. The app folder's ini listens on localhost:6543, so each run serves a
 * generated ini there that takes its [app:main] and listens on a free port.
 *
 *   node bench/appfolder.js [--runs N]
 */
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const procs = require('./lib/procs');

const ROOT = path.resolve(__dirname, '..');
const APP = path.join(ROOT, 'examples', 'quick_tutorial', 'ini');
const LOCAL_BIN = path.join(ROOT, 'node_modules', '.bin', 'pserve');
const PYTHON = '/usr/bin/python3';
const runsIndex = process.argv.indexOf('--runs');
const RUNS = runsIndex === -1 ? 5 : Number(process.argv[runsIndex + 1]);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
}

async function first200(cmd, args, cwd, port, env = {}) {
  const t0 = performance.now();
  const child = procs.start(cmd, args, { cwd, env });
  try {
    return await procs.waitFor200(child, port, { t0, timeoutMs: 30000, everyMs: 5, host: '127.0.0.1' });
  } finally {
    await procs.stop(child);
  }
}

async function main() {
  const inis = [APP, ROOT].map((dir) => path.join(dir, `bench-${process.pid}.ini`));
  const ours = async (viaNpx, dir = APP) => {
    const port = await procs.freePort();
    const ini = path.join(dir, `bench-${process.pid}.ini`);
    fs.writeFileSync(ini, `[app:main]\nuse = config:development.ini#main\n\n[server:main]\nuse = egg:waitress#main\nlisten = 127.0.0.1:${port}\n`);
    return viaNpx ? first200('npx', ['--no', '--', 'pserve', path.basename(ini)], dir, port) : first200(LOCAL_BIN, [path.basename(ini)], dir, port);
  };
  let pythonOk = true;
  try {
    execFileSync(PYTHON, ['-c', 'import pyramid, waitress'], { stdio: 'ignore', timeout: 10000 });
  } catch {
    pythonOk = false;
  }
  const pserve3 = fs.existsSync('/usr/bin/pserve3') ? ['/usr/bin/pserve3', []] : [PYTHON, ['-m', 'pyramid.scripts.pserve']];
  const python = async () => {
    const port = await procs.freePort();
    return first200(pserve3[0], [...pserve3[1], 'development.ini', `http_port=${port}`], path.join(__dirname, 'python'), port, { PYTHONPATH: path.join(__dirname, 'python') });
  };
  const kinds = [
    ['npx pserve (examples/quick_tutorial/ini)', () => ours(true)],
    ['node_modules/.bin/pserve (same folder, no npx)', () => ours(false)],
    ['npx pserve at the repository root (the flagship tutorial)', () => ours(true, ROOT)],
    ...(pythonOk ? [['Python pserve3 (bench/python, the Quick Tutorial step)', python]] : []),
  ];
  const times = kinds.map(() => []);
  try {
    await ours(false); // warm the transpile cache and the OS file cache
    for (let i = 0; i < RUNS; i++) {
      for (const [k, [, fn]] of kinds.entries()) times[k].push(await fn());
    }
  } finally {
    for (const ini of inis) fs.rmSync(ini, { force: true });
  }
  process.stdout.write(`start to first 200, median of ${RUNS} (load average ${require('node:os').loadavg()[0].toFixed(2)} on ${require('node:os').cpus().length} cores)\n`);
  for (const [k, [label]] of kinds.entries()) {
    process.stdout.write(`  ${label.padEnd(58)} ${(median(times[k]) / 1000).toFixed(3)} s   (${times[k].map((t) => (t / 1000).toFixed(3)).join(', ')})\n`);
  }
  if (!pythonOk) process.stdout.write(`  Python pserve3: not measured (${PYTHON} cannot import pyramid and waitress)\n`);
}

main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
