#!/usr/bin/env node
'use strict';
/**
 * Issue 5's benchmark: the tutorial page served by ours (pserve), the floor (node:http by hand),
 * Express 5 and Fastify 5, side by side; plus the 1,000-routes variant, start time against the
 * real Python pserve, the --reload turnaround and a CPU profile of ours. `npm run bench` from
 * the repository root; `npm run bench -- --soak` for the 60 s soak. `--help` lists the options.
 *
 * Everything it starts runs in its own process group and is killed when the bench ends, fails
 * or is interrupted; every wait and every loop is bounded.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const procs = require('./lib/procs');
const load = require('./lib/load');
const { checkContestant, cookieHeader } = require('./lib/check');
const profile = require('./lib/profile');
const report = require('./lib/report');
const cpu = require('./lib/cpu');

const BENCH = __dirname;
const ROOT = path.resolve(BENCH, '..');
const TMP = path.join(BENCH, '.tmp');
const PSERVE = path.join(ROOT, 'bin', 'pserve.js');
const NODE = process.execPath;
const PYTHON = '/usr/bin/python3';

const HELP = `usage: npm run bench [-- options]   (or: node bench/run.js [options])

  --soak               the soak run only: ours, cookie mode, 64 connections, 60 s
  --ladder             the ladder only: node:http, pserve+floor handler, then ours one layer
                       at a time (routes, template, session) up to the tutorial; cookie mode.
                       Each rung runs in a pair with the rung below it: both started afresh,
                       warmed, then timed in rounds alternating between the two (about 10 min)
  --round-robin        with --ladder: every rung started at once and timed in one rotation,
                       as before stop 20; each then idles about 18 s between its rounds
  --quick              short everything (smoke test of the bench itself)
  --rounds N           timed rounds per contestant and mode (default 12, at least 2)
  --duration S         seconds per timed round (default 2)
  --warmup S           seconds of warm-up per contestant and mode (default 3)
  --settle S           seconds of unmeasured load right before each timed round (default 1; 0
                       for none): a server idle while the others ran starts its round loaded,
                       not with the young generation V8 shrank while it idled
  --idle S             seconds each contestant waits, idle, before its settle and round (default
                       0): with a few contestants, the idle spell of a --round-robin ladder
                       (about 18 s), after which a framework process serves slower (RESULTS.md,
                       stops 19 and 20)
  --connections N      connections (default 32; soak 64)
  --loadgen wrk|autocannon   default: wrk when installed, else autocannon
  --only a,b           contestants: ${'floor,ours,express,fastify,ours-1000,ours-reload-templates'};
                       with --ladder, rungs, each run with its base: ${'floor,floor-in-pserve,'}
                       ${'ladder-plain,ladder-template,ladder-session,ours'} (with --round-robin,
                       those and hello, run as they are)
  --skip a,b           phases to skip: throughput,start,reload,profile
  --no-write           do not touch bench/RESULTS.md
  --no-quiet           measure at once, even while other work keeps the machine busy

On a shared machine (Linux), each timed run first waits (up to 5 s, 90 s in all) for other
work to drop below ${'0.3'} of a core, and a run during which others used more than
${'0.25'} of a core is run again (up to twice, 12 re-runs in all), keeping the quietest.
`;

/** Background-load policy (cores used by processes other than the server, wrk and the bench). */
const QUIET_BELOW = 0.3;
const NOISY_ABOVE = 0.25;
const budget = { quietWaitMs: 90000, reruns: 12, waitedMs: 0, rerun: 0 };

function parseArgs(argv) {
  const o = { soak: false, quick: false, rounds: 12, duration: 2, warmup: 3, settle: 1, idle: 0, connections: null, loadgen: 'auto', only: null, skip: new Set(), write: true, quiet: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--soak') o.soak = true;
    else if (a === '--ladder') o.ladder = true;
    else if (a === '--round-robin') o.roundRobin = true;
    else if (a === '--quick') o.quick = true;
    else if (a === '--rounds') o.rounds = Math.max(2, Number(value()));
    else if (a === '--duration') o.duration = Number(value());
    else if (a === '--warmup') o.warmup = Number(value());
    else if (a === '--settle') o.settle = Number(value());
    else if (a === '--idle') o.idle = Number(value());
    else if (a === '--connections') o.connections = Number(value());
    else if (a === '--loadgen') o.loadgen = value();
    else if (a === '--only') o.only = value().split(',');
    else if (a === '--skip') value().split(',').forEach((s) => o.skip.add(s));
    else if (a === '--no-write') o.write = false;
    else if (a === '--no-quiet') o.quiet = false;
    else if (a === '-h' || a === '--help') o.help = true;
    else throw new Error(`unknown option ${a}\n\n${HELP}`);
  }
  if (o.roundRobin && !o.ladder) throw new Error('--round-robin goes with --ladder');
  if (o.ladder && o.only) {
    const rungs = CONTESTANTS.filter((c) => c.ladderBase || (o.roundRobin && c.ladder)).map((c) => c.id);
    const unknown = o.only.filter((id) => !rungs.includes(id));
    if (unknown.length) throw new Error(`--ladder --only: ${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not a rung. Rungs: ${rungs.join(', ')}`);
  }
  if (o.quick) Object.assign(o, { rounds: 2, duration: 2, warmup: 1, settle: 0 });
  for (const k of ['rounds', 'duration', 'warmup']) if (!(o[k] > 0) || o[k] > 600) throw new Error(`--${k} must be between 0 and 600`);
  for (const k of ['settle', 'idle']) if (!(o[k] >= 0) || o[k] > 600) throw new Error(`--${k} must be between 0 and 600`);
  return o;
}

const log = (...args) => console.log(...args);
const { median } = report;

// ---- contestants ---------------------------------------------------------------------------

const pserveArgs = (ini, port, reloadTemplates) => [PSERVE, path.join(BENCH, 'apps', ini), `http_port=${port}`, `reload_templates=${reloadTemplates}`];

const CONTESTANTS = [
  { id: 'floor', label: 'floor (node:http by hand)', args: (p) => [path.join(BENCH, 'apps', 'floor.js'), String(p)], pyramidLayout: true, ladderBase: 'hello' },
  { id: 'ours', label: 'ours (pserve, tutorial)', args: (p) => pserveArgs('ours.ini', p, 'false'), pyramidLayout: true, ladderBase: 'ladder-plain' },
  { id: 'express', label: 'Express 5 + cookie-session', args: (p) => [path.join(BENCH, 'apps', 'express.js'), String(p)] },
  { id: 'fastify', label: 'Fastify 5 + @fastify/cookie', args: (p) => [path.join(BENCH, 'apps', 'fastify.js'), String(p)] },
  { id: 'ours-1000', label: 'ours, 1,000 routes before home', args: (p) => pserveArgs('routes1000.ini', p, 'false'), pyramidLayout: true, variant: true },
  { id: 'ours-reload-templates', label: 'ours, reload_templates = true', args: (p) => pserveArgs('ours.ini', p, 'true'), pyramidLayout: true, variant: true },
  // --ladder only: the tutorial one layer at a time (cookie mode), each rung a real HTTP server
  // compared with the rung it builds on (ladderBase)
  { id: 'hello', label: 'node:http, fixed page (HTTP alone)', args: (p) => [path.join(BENCH, 'apps', 'hello.js'), String(p)], ladder: true, statusOnly: true },
  { id: 'floor-in-pserve', label: 'pserve serving the floor\'s handler', args: (p) => pserveArgs('floor-in-pserve.ini', p, 'false'), ladder: true, pyramidLayout: true, ladderBase: 'floor' },
  { id: 'ladder-plain', label: 'ours: routes + view, fixed page', args: (p) => [...pserveArgs('ladder.ini', p, 'false'), 'step=plain'], ladder: true, statusOnly: true, ladderBase: 'hello' },
  { id: 'ladder-template', label: 'ours: + home.pt, fixed count', args: (p) => [...pserveArgs('ladder.ini', p, 'false'), 'step=template'], ladder: true, statusOnly: true, ladderBase: 'ladder-plain' },
  { id: 'ladder-session', label: 'ours: + session counter, no template', args: (p) => [...pserveArgs('ladder.ini', p, 'false'), 'step=session'], ladder: true, statusOnly: true, ladderBase: 'ladder-plain' },
];

/** The ladder's check: a 200 (these rungs serve a page of their own); the cookie it set, if any. */
async function statusCheck(port) {
  const res = await procs.get(port, '/');
  if (res.status !== 200) throw new Error(`GET /: status ${res.status}`);
  return cookieHeader(res.headers['set-cookie']);
}

async function startContestant(c, extraNodeArgs = []) {
  const port = await procs.freePort();
  const child = procs.start(NODE, [...extraNodeArgs, ...c.args(port)], { cwd: ROOT, env: { NODE_ENV: 'production' } });
  child.exited.then(({ code, signal }) => {
    if (!child.stopping) log(`  !! ${c.id} exited on its own (${code ?? signal}):\n${child.output.slice(-3000)}`);
  });
  await procs.waitFor200(child, port, { timeoutMs: 30000, everyMs: 50 });
  return { ...c, port, child, pid: child.pid };
}

// ---- environment ---------------------------------------------------------------------------

function git(args) {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', timeout: 5000 }).trim();
  } catch {
    return '';
  }
}

/** A hash of what the server runs (framework/, tutorial/, bin/): another engineer may change it mid-run. */
function codeHash() {
  const crypto = require('node:crypto');
  const h = crypto.createHash('sha1');
  for (const dir of ['framework', 'tutorial', 'bin']) {
    const walk = (d) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const full = path.join(d, e.name);
        if (e.isDirectory()) walk(full);
        else if (e.isFile()) h.update(full).update(fs.readFileSync(full));
      }
    };
    if (fs.existsSync(path.join(ROOT, dir))) walk(path.join(ROOT, dir));
  }
  return h.digest('hex').slice(0, 12);
}

function environment(tool) {
  const cpus = os.cpus();
  const dirty = git(['status', '--porcelain', '--', 'framework', 'tutorial', 'bin']).split('\n').filter(Boolean).length;
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    machine: `${cpus.length} × ${cpus[0] ? cpus[0].model.trim() : 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()} ${os.arch()}`,
    cores: cpus.length,
    node: process.version,
    tool: load.toolVersion(tool),
    commit: `${git(['rev-parse', '--short', 'HEAD']) || 'unknown'}${dirty ? ` + ${dirty} uncommitted file(s) in framework/, tutorial/, bin/` : ''}`,
    codeHash: codeHash(),
  };
}

/** Starts ours once, so the transpile cache is warm before anything is measured (RSS included). */
async function warmTranspileCache() {
  for (const c of CONTESTANTS.filter((x) => x.id === 'ours' || x.id === 'ours-1000')) {
    const s = await startContestant(c);
    await procs.stop(s.child);
  }
}

// ---- throughput ----------------------------------------------------------------------------

/** Waits (bounded) until other work on the machine is light. */
async function waitForQuiet(opts) {
  if (!opts.quiet) return;
  const until = performance.now() + 5000;
  while (budget.waitedMs < budget.quietWaitMs && performance.now() < until) {
    const t = performance.now();
    const bg = await cpu.backgroundNow(300);
    if (bg === null || bg < QUIET_BELOW) return;
    await procs.sleep(200);
    budget.waitedMs += performance.now() - t;
  }
}

/** One timed run, re-run (bounded) when others kept the machine busy during it; the quietest attempt is kept. */
async function measure(tool, conf, opts) {
  let best = null;
  let attempts = 0;
  while (attempts < 3) {
    await waitForQuiet(opts);
    const r = await load.run(tool, conf);
    attempts++;
    if (!best || (r.cpu && best.cpu && r.cpu.backgroundCores < best.cpu.backgroundCores)) best = r;
    if (!opts.quiet || !r.cpu || r.cpu.backgroundCores <= NOISY_ABOVE || budget.rerun >= budget.reruns) break;
    budget.rerun++;
  }
  best.attempts = attempts; // how many ran ("best of N")
  return best;
}

async function throughput(opts, tool) {
  const wanted = CONTESTANTS.filter((c) => (opts.only ? opts.only.includes(c.id) : !c.ladder));
  const running = [];
  const refused = [];
  try {
    for (const c of wanted) {
      let s;
      try {
        s = await startContestant(c);
        s.cookie = c.statusOnly ? await statusCheck(s.port) : await checkContestant(s.port, { pyramidLayout: c.pyramidLayout });
        log(`  ${c.id.padEnd(22)} :${s.port} ${c.statusOnly ? 'answers 200 (a ladder rung: its own page)' : 'page OK (count 1 then 2 with its own cookie)'}`);
        running.push(s);
      } catch (e) {
        log(`  ${c.id.padEnd(22)} REFUSED: ${e.message.split('\n').slice(0, 6).join('\n      ')}`);
        refused.push({ id: c.id, label: c.label, reason: e.message.split('\n')[0] });
        if (s) await procs.stop(s.child);
      }
    }
    const modes = {};
    for (const mode of opts.ladder ? ['cookie'] : ['nocookie', 'cookie']) {
      log(`\n  mode ${mode}: warm-up ${opts.warmup} s each, then ${opts.rounds} rounds of ${opts.duration} s, contestants alternating`);
      const trackers = new Map(running.map((s) => [s.id, new procs.PeakTracker(s.pid)]));
      trackers.forEach((t) => t.begin());
      const runs = new Map(running.map((s) => [s.id, []]));
      const conf = (s, duration) => ({ port: s.port, connections: opts.connections || 32, duration, cookie: mode === 'cookie' ? s.cookie : null, serverPid: s.pid });
      for (const s of running) await load.run(tool, conf(s, opts.warmup));
      for (let round = 0; round < opts.rounds; round++) {
        // rotate the order each round, so no contestant always runs first or right after another
        const order = running.map((_, i) => running[(i + round) % running.length]);
        for (const s of order) {
          // each contestant idles while the others run; load it first, unmeasured
          if (opts.idle > 0) await new Promise((r) => setTimeout(r, opts.idle * 1000));
          if (opts.settle > 0) await load.run(tool, conf(s, opts.settle));
          const r = await measure(tool, conf(s, opts.duration), opts);
          trackers.get(s.id).sample();
          runs.get(s.id).push(r);
          const c = r.cpu ? `  cpu: server ${r.cpu.serverCores.toFixed(2)} load ${r.cpu.loadgenCores.toFixed(2)} others ${r.cpu.backgroundCores.toFixed(2)}${r.attempts > 1 ? ` (best of ${r.attempts})` : ''}` : '';
          log(`    round ${round + 1} ${s.id.padEnd(22)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms${c}${r.errors || r.timeouts || r.non2xx ? `  errors ${r.errors} timeouts ${r.timeouts} non-2xx ${r.non2xx}` : ''}`);
        }
      }
      modes[mode] = running.map((s) => {
        const rs = runs.get(s.id);
        return {
          id: s.id,
          label: s.label,
          variant: Boolean(s.variant),
          rps: median(rs.map((r) => r.rps)),
          p50: median(rs.map((r) => r.p50)),
          p99: median(rs.map((r) => r.p99)),
          peakRss: trackers.get(s.id).end(),
          errors: rs.reduce((n, r) => n + r.errors + r.timeouts, 0),
          non2xx: rs.reduce((n, r) => n + r.non2xx, 0),
          requests: rs.reduce((n, r) => n + r.requests, 0),
          rounds: rs.map((r) => r.rps),
          p99Rounds: rs.map((r) => r.p99),
          serverCores: median(rs.map((r) => (r.cpu ? r.cpu.serverCores : NaN))),
          // the server's own CPU (user + system) per request, per round: what a ladder rung adds
          // without the load generator's and the kernel's wake-ups that wall time also counts
          cpuRounds: rs.map((r) => (r.cpu && r.rps ? (r.cpu.serverCores / r.rps) * 1e6 : NaN)),
          backgroundCores: median(rs.map((r) => (r.cpu ? r.cpu.backgroundCores : NaN))),
          backgroundMax: Math.max(...rs.map((r) => (r.cpu ? r.cpu.backgroundCores : 0))),
        };
      });
    }
    return { modes, refused, reruns: budget.rerun, quietWaitS: budget.waitedMs / 1000 };
  } finally {
    await Promise.all(running.map((s) => procs.stop(s.child)));
  }
}

/**
 * The ladder's rows, each rung with its base's row from the same rounds (row.base). In pairs
 * (the default) a rung and its base run alone, started afresh, so neither idles longer than the
 * other's round: in one rotation of seven servers each idles about 18 s between its rounds, and
 * after such a spell a process holding the framework serves 4-6 µs per request slower for
 * seconds while node:http alone does not (RESULTS.md, stops 19 and 20).
 */
async function ladder(opts, tool) {
  // the target's pair (routes + view against node:http) first; node:http's row comes from it
  const wants = (c) => !opts.only || opts.only.includes(c.id);
  const rungs = CONTESTANTS.filter((c) => c.ladderBase && wants(c))
    .sort((a, b) => (b.id === 'ladder-plain') - (a.id === 'ladder-plain'));
  const blocks = opts.roundRobin
    ? [CONTESTANTS.filter((c) => (c.ladder || c.ladderBase) && wants(c)).map((c) => c.id)]
    : [
      ...rungs.map((c) => [c.ladderBase, c.id]),
      // the tutorial against the floor, for their ratio (issue 10: it must not drop)
      ...(rungs.some((c) => c.id === 'floor') && rungs.some((c) => c.id === 'ours') ? [['floor', 'ours']] : []),
    ];
  const rows = new Map();
  const out = { modes: { cookie: [] }, refused: [], floorRatio: null };
  for (const [i, ids] of blocks.entries()) {
    log(`\nladder${blocks.length > 1 ? ` pair ${i + 1} of ${blocks.length}` : ''}: ${ids.join(', ')}`);
    const t = await throughput({ ...opts, only: ids }, tool);
    const got = new Map(t.modes.cookie.map((r) => [r.id, r]));
    if (got.has('ours') && got.has('floor')) out.floorRatio = { ours: got.get('ours'), floor: got.get('floor') };
    for (const r of got.values()) {
      const base = got.get(CONTESTANTS.find((c) => c.id === r.id).ladderBase);
      // a rung's row comes from the rounds with its base; a row that is only ever a base, from
      // the first rounds it ran in
      if (base || !rows.has(r.id)) rows.set(r.id, { ...r, base });
    }
    for (const x of t.refused) if (!out.refused.some((y) => y.id === x.id)) out.refused.push(x);
  }
  out.modes.cookie = [...rows.values()];
  // the budget's totals over every pair
  return { ...out, reruns: budget.rerun, quietWaitS: budget.waitedMs / 1000 };
}

// ---- start time ----------------------------------------------------------------------------

/** What `npx pserve development.ini` can be measured with: the root ini if its port can be set or is free. */
async function rootIni() {
  const file = path.join(ROOT, 'development.ini');
  if (!fs.existsSync(file)) return { why: 'no development.ini at the repository root yet' };
  const text = fs.readFileSync(file, 'utf8');
  const listen = /^\s*listen\s*=\s*(.+)$/m.exec(text);
  if (listen && listen[1].includes('%(http_port)s')) return { ini: 'development.ini', vars: (p) => [`http_port=${p}`], host: '127.0.0.1', fixedPort: null };
  const m = listen && /^(?:localhost|127\.0\.0\.1|\*|0\.0\.0\.0)?:(\d+)$/.exec(listen[1].trim());
  if (!m) return { why: `cannot tell its port from 'listen = ${listen ? listen[1].trim() : '?'}'` };
  const port = Number(m[1]);
  if (await procs.portInUse(port)) return { why: `its port ${port} is in use` };
  return { ini: 'development.ini', vars: () => [], host: '127.0.0.1', fixedPort: port };
}

async function timeToFirst200(cmd, args, { cwd, env, port, host }) {
  const t0 = performance.now();
  const child = procs.start(cmd, args, { cwd, env });
  try {
    return await procs.waitFor200(child, port, { t0, timeoutMs: 30000, everyMs: 5, host });
  } finally {
    await procs.stop(child);
  }
}

async function startTime(quick) {
  const n = quick ? 2 : 5;
  const rows = [];
  const root = await rootIni();
  const fallbackIni = path.join(BENCH, 'apps', 'ours.ini');
  const iniNote = root.ini
    ? 'the repository\'s development.ini'
    : `bench/apps/ours.ini with reload_templates = true (${root.why})`;
  const oursTarget = async (viaNpx, env = {}) => {
    const port = root.fixedPort || (await procs.freePort());
    const iniArgs = root.ini ? [root.ini, ...root.vars(port)] : [fallbackIni, `http_port=${port}`, 'reload_templates=true'];
    const [cmd, args] = viaNpx
      ? ['npx', ['--no', '--', 'pserve', ...iniArgs]]
      : [NODE, [PSERVE, ...iniArgs]];
    return timeToFirst200(cmd, args, { cwd: ROOT, env, port, host: root.host || '127.0.0.1' });
  };
  const pythonOk = (() => {
    try {
      execFileSync(PYTHON, ['-c', 'import pyramid, waitress'], { stdio: 'ignore', timeout: 10000 });
      return true;
    } catch {
      return false;
    }
  })();
  const pserve3 = fs.existsSync('/usr/bin/pserve3') ? ['/usr/bin/pserve3', []] : [PYTHON, ['-m', 'pyramid.scripts.pserve']];
  const python = async () => {
    const port = await procs.freePort();
    return timeToFirst200(pserve3[0], [...pserve3[1], 'development.ini', `http_port=${port}`], {
      cwd: path.join(BENCH, 'python'), env: { PYTHONPATH: path.join(BENCH, 'python') }, port,
    });
  };
  const kinds = [
    { id: 'npx', label: `ours: \`npx pserve\` (${iniNote}), transpile cache warm`, fn: () => oursTarget(true) },
    { id: 'node', label: 'ours: `node bin/pserve.js` (same, without npx), transpile cache warm', fn: () => oursTarget(false) },
  ];
  if (pythonOk) kinds.push({ id: 'python', label: `Python pserve (${pserve3[0]}, bench/python: tutorial step, stand-in .pt renderer)`, fn: python });
  const times = new Map(kinds.map((k) => [k.id, []]));
  await oursTarget(false); // warm the transpile cache (and the OS file cache) once
  for (let i = 0; i < n; i++) {
    for (const k of kinds) {
      const ms = await k.fn();
      times.get(k.id).push(ms);
      log(`    ${k.id.padEnd(7)} run ${i + 1}: ${(ms / 1000).toFixed(3)} s`);
    }
  }
  // what npx itself costs: `pserve --help` (no app, no server) through npx and directly
  const exitTime = async (cmd, args) => {
    const t = performance.now();
    const child = procs.start(cmd, args, { cwd: ROOT });
    const guard = setTimeout(() => procs.stop(child), 30000);
    await child.exited;
    clearTimeout(guard);
    return performance.now() - t;
  };
  const helpNpx = [];
  const helpNode = [];
  for (let i = 0; i < (quick ? 2 : 3); i++) {
    helpNpx.push(await exitTime('npx', ['--no', '--', 'pserve', '--help']));
    helpNode.push(await exitTime(NODE, [PSERVE, '--help']));
  }
  const coldDir = path.join(TMP, 'cold-cache');
  const cold = [];
  for (let i = 0; i < (quick ? 1 : 2); i++) {
    fs.rmSync(coldDir, { recursive: true, force: true });
    cold.push(await oursTarget(false, { PYRAMID_TS_CACHE: coldDir }));
    log(`    cold    run ${i + 1}: ${(cold[i] / 1000).toFixed(3)} s`);
  }
  fs.rmSync(coldDir, { recursive: true, force: true });
  for (const k of kinds) rows.push({ id: k.id, label: k.label, median: median(times.get(k.id)), runs: times.get(k.id) });
  rows.push({ id: 'npx-help', label: 'npx itself: `npx pserve --help` start to exit (no app, no server)', median: median(helpNpx), runs: helpNpx });
  rows.push({ id: 'node-help', label: '`node bin/pserve.js --help` start to exit', median: median(helpNode), runs: helpNode });
  rows.push({ id: 'cold', label: 'ours: `node bin/pserve.js`, transpile cache empty (PYRAMID_TS_CACHE=new dir)', median: median(cold), runs: cold });
  if (!pythonOk) rows.push({ id: 'python', label: `Python pserve: not measured (${PYTHON} cannot import pyramid and waitress)`, median: NaN, runs: [] });
  return { rows, iniNote };
}

// ---- --reload turnaround -------------------------------------------------------------------

/** A copy of the tutorial under bench/.tmp (its imports pointed at ../framework) that the test may edit. */
function reloadApp() {
  const dir = path.join(TMP, 'reload-app');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const framework = path.relative(dir, path.join(ROOT, 'framework')).split(path.sep).join('/');
  for (const f of ['index.ts', 'views.ts', 'home.pt']) {
    const text = fs.readFileSync(path.join(ROOT, 'tutorial', f), 'utf8').replace(/(['"])\.\.\/framework\//g, `$1${framework}/`);
    fs.writeFileSync(path.join(dir, f), text);
  }
  fs.writeFileSync(path.join(dir, 'development.ini'), [
    '# generated by bench/run.js for the --reload turnaround',
    '[app:main]', 'use = call:./index:main', 'pyramid.reload_templates = true', '',
    '[server:main]', 'use = egg:waitress#main', 'listen = 127.0.0.1:%(http_port)s', '',
  ].join('\n'));
  return dir;
}

async function reloadTurnaround(quick) {
  const dir = reloadApp();
  const port = await procs.freePort();
  const child = procs.start(NODE, [PSERVE, '--reload', path.join(dir, 'development.ini'), `http_port=${port}`], { cwd: ROOT });
  const views = path.join(dir, 'views.ts');
  const original = fs.readFileSync(views, 'utf8');
  const times = [];
  try {
    await procs.waitFor200(child, port, { timeoutMs: 30000, everyMs: 50 });
    for (let k = 1; k <= (quick ? 2 : 5); k++) {
      await procs.sleep(1500); // let the monitor hear of every file the app loaded
      const name = `Home View ${k}`;
      const t0 = performance.now();
      fs.writeFileSync(views, original.replace("'Home View'", `'${name}'`));
      const deadline = t0 + 15000;
      let ms = NaN;
      while (performance.now() < deadline) {
        try {
          const res = await procs.get(port, '/', {}, 2000);
          if (res.status === 200 && res.body.includes(`Hi ${name}<`)) {
            ms = performance.now() - t0;
            break;
          }
        } catch {
          // restarting
        }
        await procs.sleep(10);
      }
      if (!Number.isFinite(ms)) throw new Error(`edit ${k}: the new code was not served within 15 s\n${child.output.slice(-2000)}`);
      times.push(ms);
      log(`    edit ${k}: new code served after ${(ms / 1000).toFixed(3)} s`);
    }
  } finally {
    await procs.stop(child, 6000);
  }
  return { median: median(times), runs: times };
}

// ---- profile -------------------------------------------------------------------------------

async function profileContestant(id, opts, tool) {
  const c = CONTESTANTS.find((x) => x.id === id);
  const dir = path.join(TMP, 'profiles', id);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  let requests = NaN;
  let allRequests = NaN;
  let window = null;
  let rps = NaN;
  let background = NaN;
  const s = await startContestant(c, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval', '250', '-r', path.join(BENCH, 'lib', 'exit-on-signal.js')]);
  try {
    const cookie = await checkContestant(s.port, { pyramidLayout: c.pyramidLayout });
    const duration = opts.quick ? 3 : 10;
    const conf = (d) => ({ port: s.port, connections: opts.connections || 32, duration: d, cookie, serverPid: s.pid });
    const w = await load.run(tool, conf(opts.warmup));
    await waitForQuiet(opts);
    const fromUs = Number(process.hrtime.bigint() / 1000n);
    const r = await load.run(tool, conf(duration));
    window = { fromUs, toUs: Number(process.hrtime.bigint() / 1000n) };
    requests = r.requests;
    allRequests = w.requests + r.requests + 8; // the check sends 8 (readiness polls aside)
    rps = r.rps;
    background = r.cpu ? r.cpu.backgroundCores : NaN;
    log(`    ${id}: profiled ${duration} s of cookie mode under load (${r.rps.toFixed(0)} req/s while profiling${r.cpu ? `, others' CPU ${r.cpu.backgroundCores.toFixed(2)} cores` : ''})`);
  } finally {
    await procs.interrupt(s.child);
  }
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (!files.length) throw new Error(`${id}: no .cpuprofile written in ${dir}`);
  const file = path.join(dir, files[0]);
  const summary = profile.analyse(file, 25, window);
  // without the window (another clock), every request the profile saw counts
  return { id, file: path.relative(ROOT, file), requests: summary.windowed ? requests : allRequests, rps, background, ...summary };
}

// ---- soak ----------------------------------------------------------------------------------

async function soak(opts, tool) {
  const c = CONTESTANTS.find((x) => x.id === 'ours');
  const connections = opts.connections || 64;
  const duration = opts.quick ? 10 : 60;
  // Long enough for V8 to size its young generation under this load (it doubles it some 15-25 s
  // in); the RSS series below shows that step, and the 10 s point is reported beside the target.
  const warmup = opts.quick ? 3 : 30;
  const s = await startContestant(c);
  try {
    const cookie = await checkContestant(s.port, { pyramidLayout: true });
    log(`  ours :${s.port} page OK; warm-up ${warmup} s, then ${duration} s at ${connections} connections, cookie mode`);
    const tracker = new procs.PeakTracker(s.pid);
    tracker.begin();
    // RSS every 5 s from the start of the warm-up: a leak climbs to the end, a heap being sized steps and stays.
    const series = [];
    const t0 = performance.now();
    const sampler = setInterval(() => series.push({ s: (performance.now() - t0) / 1000, rss: procs.rss(s.pid) }), 5000);
    let w, r, rssWarm, rssAfter;
    try {
      w = await load.run(tool, { port: s.port, connections, duration: warmup, cookie });
      rssWarm = procs.rss(s.pid);
      r = await load.run(tool, { port: s.port, connections, duration, cookie });
      rssAfter = procs.rss(s.pid);
    } finally {
      clearInterval(sampler);
    }
    await procs.sleep(2000);
    const rssIdle = procs.rss(s.pid);
    const check = await checkContestant(s.port, { pyramidLayout: true }).then(() => 'OK', (e) => e.message.split('\n')[0]);
    return { connections, duration, warmup: w, run: r, rssWarm, rssAfter, rssIdle, series, peakRss: tracker.end(), pageAfter: check };
  } finally {
    await procs.stop(s.child);
  }
}

// ---- main ----------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    process.stdout.write(HELP);
    return;
  }
  const tool = load.chooseTool(opts.loadgen);
  const env = environment(tool);
  fs.mkdirSync(TMP, { recursive: true });
  log(`bench: ${env.machine}; Node ${env.node}; ${env.tool}; framework at ${env.commit}; ${env.date}`);
  const t0 = performance.now();
  await warmTranspileCache();

  if (opts.soak) {
    log('\nsoak');
    const result = await soak(opts, tool);
    const text = report.soakSection(env, result);
    log(`\n${text}`);
    if (opts.write) report.writeResults(path.join(BENCH, 'RESULTS.md'), 'soak', text);
    return;
  }

  if (opts.ladder) {
    const t = await ladder(opts, tool);
    const text = report.ladderSection(env, { rounds: opts.rounds, duration: opts.duration, warmup: opts.warmup, settle: opts.settle, connections: opts.connections || 32, roundRobin: Boolean(opts.roundRobin) }, t);
    log(`\n${text}`);
    if (opts.write && t.modes.cookie.length) report.writeResults(path.join(BENCH, 'RESULTS.md'), 'ladder', text);
    return;
  }

  const results = { env, opts: { rounds: opts.rounds, duration: opts.duration, warmup: opts.warmup, settle: opts.settle, connections: opts.connections || 32 } };
  if (!opts.skip.has('throughput')) {
    log('\nthroughput: checking each contestant\'s page');
    results.throughput = await throughput(opts, tool);
  }
  if (!opts.skip.has('start')) {
    log('\nstart time: start to first 200, alternating');
    results.start = await startTime(opts.quick);
  }
  if (!opts.skip.has('reload')) {
    log('\n--reload turnaround: file saved to new code served');
    try {
      results.reload = await reloadTurnaround(opts.quick);
    } catch (e) {
      results.reload = { error: e.message.split('\n')[0] };
      log(`    failed: ${e.message}`);
    }
  }
  if (!opts.skip.has('profile')) {
    log('\nprofile (node --cpu-prof, cookie mode under load)');
    results.profiles = [];
    for (const id of ['ours', 'floor']) {
      try {
        results.profiles.push(await profileContestant(id, opts, tool));
      } catch (e) {
        log(`    ${id}: profile failed: ${e.message}`);
      }
    }
  }
  results.elapsedS = (performance.now() - t0) / 1000;
  const endHash = codeHash();
  if (endHash !== env.codeHash) {
    results.codeChanged = `framework/, tutorial/ or bin/ changed during the run (content ${env.codeHash} at the start, ${endHash} at the end): servers started later (start time, reload, profile) ran newer code than the throughput rounds`;
    log(`\nbench: WARNING: ${results.codeChanged}`);
  }
  const text = report.mainSection(results);
  log(`\n${text}`);
  if (opts.write) {
    report.writeResults(path.join(BENCH, 'RESULTS.md'), 'main', text);
    log(`bench: wrote bench/RESULTS.md (${results.elapsedS.toFixed(0)} s)`);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`bench: ${e.stack || e}`);
    process.exit(1); // procs kills every child on exit
  },
);
