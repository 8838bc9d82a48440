#!/usr/bin/env node
'use strict';
/**
 * Issue 16's benchmark: the tutorial with its sessions in Redis beside the tutorial with its
 * sessions in a signed cookie, both served by pserve, in the two modes of bench/run.js (no
 * cookie: a new session each request; cookie: the same valid session on every request). It
 * starts its own redis-server (Debian's, on a free port, no persistence) and writes the
 * `redis` section of bench/RESULTS.md. `node bench/redis.js [--rounds N] [--duration S] [--no-write]`.
 *
 * Everything it starts runs in its own process group and is killed when it ends, fails or is
 * interrupted; every wait is bounded.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const procs = require('./lib/procs');
const load = require('./lib/load');
const report = require('./lib/report');
const { cookieHeader } = require('./lib/check');

const BENCH = __dirname;
const ROOT = path.resolve(BENCH, '..');
const PSERVE = path.join(ROOT, 'bin', 'pserve.js');
const REDIS_SERVER = '/usr/bin/redis-server';

function parseArgs(argv) {
  const o = { rounds: 3, duration: 5, warmup: 2, connections: 32, write: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--rounds') o.rounds = Number(argv[++i]);
    else if (a === '--duration') o.duration = Number(argv[++i]);
    else if (a === '--warmup') o.warmup = Number(argv[++i]);
    else if (a === '--connections') o.connections = Number(argv[++i]);
    else if (a === '--no-write') o.write = false;
    else throw new Error(`unknown option ${a} (known: --rounds N, --duration S, --warmup S, --connections N, --no-write)`);
  }
  for (const k of ['rounds', 'duration', 'warmup', 'connections']) if (!(o[k] > 0) || o[k] > 600) throw new Error(`--${k} must be between 0 and 600`);
  return o;
}

/** redis-server on a free port, no persistence; resolves when it says it is ready (bounded). */
async function startRedis() {
  if (!fs.existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} is missing: apt-get install -y redis-server`);
  const port = await procs.freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-redis-'));
  const child = procs.start(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir]);
  const deadline = Date.now() + 10000;
  while (!child.output.includes('Ready to accept connections')) {
    if (child.exitCode !== null) throw new Error(`redis-server exited before it was ready:\n${child.output}`);
    if (Date.now() > deadline) throw new Error(`redis-server did not say "Ready to accept connections" within 10 s:\n${child.output}`);
    await procs.sleep(20);
  }
  return { child, port, url: `redis://127.0.0.1:${port}/0`, dir };
}

async function startServer(ini, extra) {
  const port = await procs.freePort();
  const child = procs.start(process.execPath, [PSERVE, path.join(BENCH, 'apps', ini), `http_port=${port}`, 'reload_templates=false', ...extra], { env: { NODE_ENV: 'production' } });
  await procs.waitFor200(child, port, { timeoutMs: 20000 });
  return { child, port };
}

/** The Cookie header of a first visit: the session every cookie-mode request then sends. */
async function sessionCookie(port) {
  const res = await procs.get(port, '/');
  if (res.status !== 200) throw new Error(`GET / answered ${res.status}`);
  const cookie = cookieHeader(res.headers['set-cookie']);
  if (!/^session=/.test(cookie)) throw new Error(`GET / set no session cookie (${JSON.stringify(res.headers['set-cookie'])})`);
  return cookie;
}

/**
 * The same two apps in this process (app.invoke, no HTTP, no load generator), 32 requests in
 * flight as wrk keeps them: µs per request, the median of 7 batches, the two apps' batches
 * alternating. Steadier than HTTP on a busy machine; Redis's own time is in it.
 */
async function inProcess(redisUrl) {
  process.chdir(ROOT); // the hook reads tsconfig.json from the working directory
  require('./lib/profile').projectHook().register();
  const { Request } = require('../framework/request');
  const apps = {
    cookie: require('../tutorial').main({}, { 'pyramid.reload_templates': 'false' }),
    redis: require('./apps/tutorial-redis').main({}, { 'pyramid.reload_templates': 'false', 'redis.sessions.secret': 'itsaseekreet', 'redis.sessions.url': redisUrl }),
  };
  const headers = { host: '127.0.0.1:6543', 'user-agent': 'wrk', accept: '*/*' };
  const invoke = (app, cookie) => app.invoke(new Request({ method: 'GET', url: '/', headers: cookie ? { ...headers, cookie } : headers, registry: app.registry }));
  const batch = async (app, cookie, n) => {
    let next = 0;
    const t = process.hrtime.bigint();
    await Promise.all(Array.from({ length: 32 }, async () => {
      while (next++ < n) {
        const response = await invoke(app, cookie);
        if (response.statusCode !== 200) throw new Error(`in process: status ${response.statusCode}`);
      }
    }));
    return Number(process.hrtime.bigint() - t) / 1000 / n;
  };
  const out = {};
  for (const mode of ['nocookie', 'cookie']) {
    const cookies = {};
    for (const [id, app] of Object.entries(apps)) {
      const first = await invoke(app);
      cookies[id] = mode === 'cookie' ? String(first.headers['Set-Cookie']).split(';')[0] : undefined;
      for (let i = 0; i < 3; i++) await batch(app, cookies[id], 2000); // warm-up
    }
    const times = { cookie: [], redis: [] };
    for (let i = 0; i < 7; i++) for (const id of i % 2 ? ['redis', 'cookie'] : ['cookie', 'redis']) times[id].push(await batch(apps[id], cookies[id], 3000));
    for (const id of Object.keys(times)) out[`${mode}:${id}`] = report.median(times[id]);
  }
  await apps.redis.registry.sessionFactory.close();
  return out;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const tool = load.chooseTool('auto');
  const loadBefore = os.loadavg()[0];
  const redis = await startRedis();
  const contestants = [
    { id: 'cookie', label: 'tutorial, SignedCookieSessionFactory', ...(await startServer('ours.ini', [])) },
    { id: 'redis', label: 'tutorial, RedisSessionFactory (redis-server on 127.0.0.1)', ...(await startServer('tutorial-redis.ini', [`redis_url=${redis.url}`])) },
  ];
  const results = {};
  for (const mode of ['nocookie', 'cookie']) {
    for (const c of contestants) {
      c.cookie = mode === 'cookie' ? await sessionCookie(c.port) : null;
      await load.run(tool, { port: c.port, connections: o.connections, duration: o.warmup, cookie: c.cookie, serverPid: c.child.pid });
    }
    for (let round = 0; round < o.rounds; round++) {
      // alternate the order, so that a slow spell of the shared machine touches both
      const order = round % 2 ? [...contestants].reverse() : contestants;
      for (const c of order) {
        const r = await load.run(tool, { port: c.port, connections: o.connections, duration: o.duration, cookie: c.cookie, serverPid: c.child.pid });
        if (r.errors || r.non2xx || r.timeouts) throw new Error(`${c.id} ${mode}: ${r.errors} errors, ${r.non2xx} non-2xx, ${r.timeouts} timeouts`);
        (results[`${mode}:${c.id}`] ??= []).push(r);
        console.log(`${mode} ${c.id} round ${round + 1}: ${Math.round(r.rps)} req/s, p99 ${r.p99.toFixed(2)} ms`);
      }
    }
  }
  console.log('in process...');
  const micro = await inProcess(redis.url);
  const keys = Number(execFileSync('/usr/bin/redis-cli', ['-p', String(redis.port), 'dbsize'], { encoding: 'utf8', timeout: 5000 }).trim());
  for (const c of contestants) await procs.stop(c.child);
  await procs.stop(redis.child);
  fs.rmSync(redis.dir, { recursive: true, force: true });

  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  const lines = [
    '## Redis sessions beside cookie sessions (`node bench/redis.js`, issue 16)',
    '',
    `- Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}; framework ${commit}; Node ${process.version}; ${os.cpus().length} cores, shared with other work (numbers are noisy)`,
    `- ${load.toolVersion(tool).split(' Copyright')[0]}, ${o.connections} connections, GET / and GET /howdy alternating; warm-up ${o.warmup} s, then ${o.rounds} rounds of ${o.duration} s per contestant and mode, alternating; medians over the rounds`,
    '- Both are the tutorial under pserve (NODE_ENV=production, reload_templates = false); Redis is a local redis-server (no persistence) on the same 2 cores',
    `- Load average (1 min) ${loadBefore.toFixed(1)} at the start and ${os.loadavg()[0].toFixed(1)} at the end, on ${os.cpus().length} cores: other work shared the machine`,
    `- Redis held ${keys} session keys at the end (no-cookie mode stores a new session for every request)`,
    '',
    '| mode | sessions in | req/s | × cookie | p50 ms | p99 ms | req/s per round |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const mode of ['nocookie', 'cookie']) {
    const base = report.median(results[`${mode}:cookie`].map((r) => r.rps));
    for (const c of contestants) {
      const rs = results[`${mode}:${c.id}`];
      const rps = report.median(rs.map((r) => r.rps));
      lines.push(`| ${mode === 'cookie' ? 'cookie (the same session each request)' : 'no cookie (a new session each request)'} | ${c.label} | ${Math.round(rps)} | ${(rps / base).toFixed(2)} | ${report.median(rs.map((r) => r.p50)).toFixed(2)} | ${report.median(rs.map((r) => r.p99)).toFixed(2)} | ${rs.map((r) => Math.round(r.rps)).join(', ')} |`);
    }
  }
  lines.push(
    '',
    'In process (`app.invoke`, no HTTP, 32 requests in flight; µs per request, median of 7 batches, the two apps alternating):',
    '',
    '| mode | cookie store µs | Redis store µs | Redis − cookie µs |',
    '| --- | ---: | ---: | ---: |',
    ...['nocookie', 'cookie'].map((mode) => {
      const [c, r] = [micro[`${mode}:cookie`], micro[`${mode}:redis`]];
      return `| ${mode === 'cookie' ? 'cookie' : 'no cookie'} | ${c.toFixed(1)} | ${r.toFixed(1)} | ${(r - c >= 0 ? '+' : '') + (r - c).toFixed(1)} |`;
    }),
  );
  lines.push(
    '',
    'With a cookie, a Redis session costs two round trips per request (GET before the view, SET after it); without one, one (SET NX of the new session).',
    'The cookie store costs none, but its session is limited to 4 KB and cannot be revoked.',
  );
  const text = lines.join('\n');
  console.log(`\n${text}`);
  if (o.write) report.writeResults(path.join(BENCH, 'RESULTS.md'), 'redis', text, 'bench/redis.js');
}

// procs kills every child (process group and all) at exit and on SIGINT/SIGTERM/SIGHUP.
main().catch((e) => {
  console.error(`bench/redis.js: ${e.stack || e}`);
  process.exitCode = 1;
});
