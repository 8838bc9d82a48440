#!/usr/bin/env node
'use strict';
/**
 * Issue 16's workers benchmark: the tutorial (bench/apps/ours.ini, no cookie) under pserve with
 * `workers = 1` and `workers = 2`, rounds alternating, wrk (one thread) with 64 keep-alive
 * connections. Prints a Markdown table (req/s and p99 medians over the rounds, each round's
 * req/s, errors, and the CPU time the server's processes spent per request, which a shared
 * machine bends much less than req/s) for bench/RESULTS.md, and the CPU others used meanwhile.
 * Each round starts pserve afresh and warms it up for 5 s (long enough for every worker to
 * boot on a busy machine: connections wait for a worker that is still starting).
 *
 *   node bench/workers.js [--rounds N] [--duration S]
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const procs = require('./lib/procs');
const load = require('./lib/load');
const cpu = require('./lib/cpu');

const ROOT = path.resolve(__dirname, '..');
const PSERVE = path.join(ROOT, 'bin', 'pserve.js');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

/** ours.ini with `workers = N` added to [server:main], beside it (its paths are relative). */
function iniFor(workers) {
  const file = path.join(__dirname, 'apps', `.workers-${workers}.ini`);
  const text = fs.readFileSync(path.join(__dirname, 'apps', 'ours.ini'), 'utf8')
    .replace(/^\[server:main\]$/m, `[server:main]\nworkers = ${workers}`);
  fs.writeFileSync(file, text);
  return file;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** CPU seconds used so far by `pid` and its children (the workers); null off Linux. */
function groupCpuSeconds(pid) {
  try {
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    let ticks = 0;
    for (const p of [pid, ...children]) {
      const fields = fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    }
    return ticks / cpu.hz;
  } catch {
    return null;
  }
}

async function main() {
  const rounds = arg('--rounds', 5);
  const duration = arg('--duration', 4);
  const tool = load.chooseTool('auto');
  const results = { 1: [], 2: [] };
  const busy = [];
  for (const workers of [1, 2]) results[workers].ini = iniFor(workers);
  for (let round = 0; round < rounds; round++) {
    for (const workers of round % 2 ? [2, 1] : [1, 2]) {
      const port = await procs.freePort();
      const server = procs.start(process.execPath, [PSERVE, results[workers].ini, `http_port=${port}`, 'reload_templates=false', '-q'],
        { cwd: ROOT, env: { NODE_ENV: 'production' } });
      try {
        await procs.waitFor200(server, port, { timeoutMs: 30000 });
        await load.run(tool, { port, connections: 64, duration: 5 });
        const before = await cpu.backgroundNow(300).catch(() => null);
        const cpu0 = groupCpuSeconds(server.pid);
        const r = await load.run(tool, { port, connections: 64, duration });
        const cpu1 = groupCpuSeconds(server.pid);
        r.usPerRequest = cpu0 === null || cpu1 === null ? NaN : ((cpu1 - cpu0) / r.requests) * 1e6;
        results[workers].push(r);
        if (before !== undefined && before !== null) busy.push(before);
        console.error(`round ${round + 1}, workers = ${workers}: ${Math.round(r.rps)} req/s, p99 ${r.p99.toFixed(2)} ms, ` +
          `${r.usPerRequest.toFixed(1)} µs CPU/request, errors ${r.errors ?? 0}`);
      } finally {
        await procs.stop(server, 8000);
      }
    }
  }
  for (const workers of [1, 2]) fs.rmSync(results[workers].ini, { force: true });
  const row = (workers) => {
    const rs = results[workers];
    return `| ${workers} | ${Math.round(median(rs.map((r) => r.rps)))} | ${median(rs.map((r) => r.p99)).toFixed(2)} | ` +
      `${median(rs.map((r) => r.usPerRequest)).toFixed(1)} | ` +
      `${rs.map((r) => Math.round(r.rps)).join(', ')} | ${rs.reduce((n, r) => n + (r.errors ?? 0) + (r.non2xx ?? 0), 0)} |`;
  };
  const ratio = median(results[2].map((r) => r.rps)) / median(results[1].map((r) => r.rps));
  console.log([
    `- Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}; ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}; Node ${process.version}; ${load.toolVersion(tool)}`,
    `- ${rounds} rounds of ${duration} s per layout, alternating, each on a fresh pserve after a 5 s warm-up; 64 keep-alive connections, GET / and /howdy, no cookie`,
    busy.length ? `- Others' CPU just before the rounds (cores, median): ${median(busy).toFixed(2)}` : '- Others\' CPU: not measured on this platform',
    '',
    '| workers | req/s (median) | p99 ms (median) | server CPU µs per request (median) | req/s per round | errors + non-2xx |',
    '| ---: | ---: | ---: | ---: | --- | ---: |',
    row(1),
    row(2),
    '',
    `2 workers ÷ 1 worker: ${ratio.toFixed(2)}×`,
  ].join('\n'));
}

main().then(() => process.exit(0), (e) => {
  console.error(`workers bench: ${e.stack || e}`);
  process.exit(1);
});
