#!/usr/bin/env node
'use strict';
/**
 * The ladder's plain rung in process, as the server sees it: pserve's request handler
 * (framework/cli/server.ts) around the app of bench/apps/ladder.ts (routes + a view returning a
 * fixed page), given node's own IncomingMessage and ServerResponse on a socket that discards what
 * it is written. So node's header building and response bookkeeping are in, the kernel is not:
 * what the framework adds over bare node:http, without the noise of loopback TCP on a shared
 * machine. Beside it, bench/apps/hello.js's handler (the ladder's bottom rung) in the same harness.
 *
 *   node bench/listener.js                 # bare node:http, and this tree's plain rung
 *   node bench/listener.js /tmp/base       # ... and another checkout's (e.g. `git archive main`)
 *   ONLY=this node bench/listener.js --alloc   # where this tree's plain rung allocates
 *
 * CPU µs per request (process.cpuUsage, so waiting for a core does not count), batches of the
 * sides interleaved; each batch ends when the ticks it queued (node's 'finish' bookkeeping) ran.
 */
const path = require('node:path');
const http = require('node:http');
const { Duplex } = require('node:stream');
const { median } = require('./lib/report');

// A young generation no batch of allocated() fills, so that heap growth is what a batch allocated.
if (!process.execArgv.some((a) => a.startsWith('--max-semi-space-size'))) {
  const r = require('node:child_process').spawnSync(process.execPath, ['--max-semi-space-size=64', '--expose-gc', __filename, ...process.argv.slice(2)], { stdio: 'inherit', timeout: 600000 });
  process.exit(r.status ?? 1);
}

const THIS = path.resolve(__dirname, '..');
const given = process.argv.slice(2).find((a) => !a.startsWith('--'));
const OTHER = given ? path.resolve(given) : null;
const ROUNDS = Number(process.env.ROUNDS || 21);
const BATCH = Number(process.env.BATCH || 20000);
process.chdir(THIS); // the hook reads tsconfig.json from the working directory
require('./lib/profile').projectHook().register();

/** bench/apps/hello.js's handler (the ladder's bottom rung). */
const { handler: hello } = require('./apps/hello');

/** The request handler pserve gives node for `root`'s ladder.ini step=plain (or hello.js's handler): server.ts's, around the app. */
async function pserveHandler(root, app) {
  const server = require(path.join(root, 'framework/cli/server'));
  app ??= require(path.join(root, 'bench/apps/ladder')).plain({}, { 'pyramid.reload_templates': 'false' });
  // server.ts makes its servers with http.createServer: catch the listener it is given.
  const original = http.createServer;
  let listener;
  http.createServer = (options, handler) => {
    listener = handler;
    const s = original(options, handler);
    s.unref();
    return s;
  };
  try {
    await server.main({}, { listen: '127.0.0.1:0', connection_limit: '1000' })(app);
  } finally {
    http.createServer = original;
  }
  return listener;
}

/** A socket that takes every write at once, as an idle loopback connection does; `seen` keeps the first response, to check it. */
function socket(seen) {
  const keep = (chunk) => { if (seen && seen.length < 2) seen.push(String(chunk.chunk ?? chunk)); };
  // decodeStrings: false, as a net.Socket takes strings as they are
  const s = new Duplex({ decodeStrings: false, read() {}, write(c, _e, cb) { keep(c); cb(); }, writev(cs, cb) { cs.forEach(keep); cb(); } });
  Object.defineProperty(s, 'remoteAddress', { value: '127.0.0.1' });
  s.setTimeout = () => s;
  return s;
}

/** wrk's connections: a request in flight on each until its response finished. */
const CONNECTIONS = 32;

/** One keep-alive GET as node's server hands it over (wrk's request: a Host header), / and /howdy alternating. */
function requester(listener, seen) {
  const sockets = Array.from({ length: CONNECTIONS }, (_, i) => socket(i === 0 ? seen : undefined));
  let i = 0;
  return () => {
    const sock = sockets[i % CONNECTIONS];
    const req = new http.IncomingMessage(sock);
    req.method = 'GET';
    req.url = (i++ & 1) ? '/howdy' : '/';
    req.httpVersionMajor = 1;
    req.httpVersionMinor = 1;
    req.httpVersion = '1.1';
    // as node's parser hands them over: req.headers is made from these on first use
    req._addHeaderLines(['Host', '127.0.0.1:8080'], 2);
    req.complete = true;
    req.push(null);
    const res = new http.ServerResponse(req);
    res.shouldKeepAlive = true;
    res.assignSocket(sock);
    res.on('finish', () => res.detachSocket(sock));
    listener(req, res);
  };
}

// After node's write callbacks (process.nextTick), so each connection's response has finished.
const ticks = () => new Promise((resolve) => process.nextTick(resolve));

let bytes = null;
async function batch(fn, n) {
  const h = process.memoryUsage().heapUsed;
  const t = process.cpuUsage();
  for (let i = 0; i < n; i += CONNECTIONS) {
    for (let j = 0; j < CONNECTIONS; j++) fn();
    await ticks();
  }
  const d = process.cpuUsage(t);
  // With a young generation bigger than a batch allocates (--max-semi-space-size), the heap's growth is what it allocated.
  if (bytes) bytes.push((process.memoryUsage().heapUsed - h) / n);
  return (d.user + d.system) / n;
}

/** Bytes allocated per request: heap growth over a batch, in a young generation no batch fills. */
async function allocated(fn) {
  global.gc?.();
  bytes = [];
  for (let i = 0; i < 3; i++) {
    global.gc?.();
    await batch(fn, 2048);
  }
  const b = bytes.sort((x, y) => x - y)[1];
  bytes = null;
  return b;
}

/** --alloc: where the first side's bytes are allocated (V8's sampling heap profiler, garbage included), bytes per request by function. */
async function allocationSites(fn) {
  const session = new (require('node:inspector').Session)();
  session.connect();
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
  for (let i = 0; i < 5; i++) await batch(fn, BATCH);
  await post('HeapProfiler.startSampling', { samplingInterval: 64, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  const n = 5 * BATCH;
  await batch(fn, n);
  const { profile } = await post('HeapProfiler.stopSampling');
  const sites = new Map();
  const walk = (node) => {
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${path.relative(THIS, f.url.replace(/^file:\/\//, '')) || f.url}:${f.lineNumber + 1}`;
    if (node.selfSize) sites.set(key, (sites.get(key) || 0) + node.selfSize);
    node.children.forEach(walk);
  };
  walk(profile.head);
  let total = 0;
  for (const size of sites.values()) total += size;
  console.log(`${(total / n).toFixed(0)} bytes per request (sampled every 64 bytes), by the function that allocated them:`);
  for (const [key, size] of [...sites].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(size / n).toFixed(0).padStart(7)}  ${key}`);
}

(async () => {
  const makers = {
    'node:http (hello.js)': async () => hello,
    'hello.js\'s handler in server.ts': async () => pserveHandler(THIS, hello),
    [`this (${path.basename(THIS)})`]: async () => pserveHandler(THIS),
  };
  if (OTHER) makers[`other (${OTHER})`] = async () => pserveHandler(OTHER);
  // ONLY=this (say) keeps the sides whose names start so: for a profile of one.
  for (const name of Object.keys(makers)) if (process.env.ONLY && !name.startsWith(process.env.ONLY)) delete makers[name];
  const sides = {};
  const seen = {};
  for (const [name, make] of Object.entries(makers)) sides[name] = requester(await make(), (seen[name] = []));
  const names = Object.keys(sides);
  if (process.argv.includes('--alloc')) {
    await allocationSites(sides[names[0]]);
    process.exit(0);
  }
  // Each side answers the same bytes (the Date aside).
  const first = {};
  for (const name of names) {
    sides[name]();
    await ticks();
    first[name] = seen[name].join('').replace(/Date: [^\r]*/, 'Date: -');
  }
  for (const name of names) {
    if (first[name] !== first[names[0]]) throw new Error(`${name} answered differently:\n${first[name]}\n---- node:http:\n${first[names[0]]}`);
  }
  for (const name of names) for (let i = 0; i < 5; i++) await batch(sides[name], BATCH);
  const results = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 ? [...names].reverse() : names;
    for (const name of order) results[name].push(await batch(sides[name], BATCH));
  }
  console.log(`listener: Node ${process.version}; CPU µs per request, ${ROUNDS} interleaved batches of ${BATCH}: median (min), over node:http; and bytes allocated per request`);
  const base = names[0].startsWith('node:http') ? median(results[names[0]]) : NaN;
  const allocations = {};
  for (const name of names) allocations[name] = await allocated(sides[name]);
  for (const name of names) {
    const m = median(results[name]);
    const over = name === names[0] || Number.isNaN(base) ? ''.padStart(8) : `+${(m - base).toFixed(2)}`.padStart(8);
    console.log(`${name.padEnd(40)} ${m.toFixed(2).padStart(6)} (${Math.min(...results[name]).toFixed(2)}) ${over}   ${Math.round(allocations[name])} bytes allocated`);
  }
  process.exit(0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
