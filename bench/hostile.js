#!/usr/bin/env node
'use strict';
/**
 * Issue 15's hostile-request harness: starts `pserve bench/apps/hostile.ini` (the tutorial, with
 * short limits) and sends it a table of hostile requests (malformed request lines, bad
 * escapes, huge and duplicate headers, stalled and oversized bodies, slowloris, connection
 * floods, forged cookies), each over its own raw TCP connection. One line per case (the
 * answer expected, the answer got, how long it took), then a summary; after every case a
 * normal request must still be answered. Exit 0 only when every case got the expected answer.
 *
 *   node bench/hostile.js [--only substring] [--json]
 *
 * Every wait is bounded; pserve runs in its own process group and is killed at the end.
 * tests/hostile.test.ts runs it in `npm test`.
 */
const net = require('node:net');
const path = require('node:path');
const procs = require('./lib/procs');

const ROOT = path.resolve(__dirname, '..');
const PSERVE = path.join(ROOT, 'bin', 'pserve.js');
const INI = path.join(__dirname, 'apps', 'hostile.ini');
/** No single exchange waits longer than this. */
const EXCHANGE_MS = 8000;

/**
 * Sends `chunks` (strings or Buffers; a number is a pause in ms) over a new connection and
 * collects the answer until the server closes or `waitMs` passes after the last chunk.
 */
function exchange(port, chunks, { waitMs = 1500, keepOpen = false } = {}) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const socket = net.connect(port, '127.0.0.1');
    let answer = Buffer.alloc(0);
    let done = false;
    let closedByServer = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(hard);
      clearTimeout(soft);
      socket.destroy();
      const text = answer.toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: status ? Number(status[1]) : null, text, ms: Math.round(performance.now() - t0), closedByServer, error: socket.errorMessage });
    };
    let soft;
    const hard = setTimeout(finish, EXCHANGE_MS);
    socket.on('data', (d) => {
      answer = Buffer.concat([answer, d]);
      // a whole response is enough unless the case wants to see the connection end
      if (!keepOpen && /\r\n\r\n/.test(answer.toString('latin1')) && completeResponse(answer.toString('latin1'))) finish();
    });
    socket.on('end', () => {
      closedByServer = true;
      finish();
    });
    socket.on('error', (e) => {
      socket.errorMessage = e.code || e.message;
      closedByServer = true;
      finish();
    });
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        if (done) return;
        if (typeof chunk === 'number') await procs.sleep(chunk);
        else if (socket.writable) socket.write(chunk);
      }
      soft = setTimeout(finish, waitMs);
    });
  });
}

function completeResponse(text) {
  const end = text.indexOf('\r\n\r\n');
  const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end));
  if (length) return text.length - end - 4 >= Number(length[1]);
  if (/\r\ntransfer-encoding: *chunked/i.test(text.slice(0, end))) return text.endsWith('0\r\n\r\n');
  return true;
}

const get = (target, headers = '') => `GET ${target} HTTP/1.1\r\nHost: localhost\r\n${headers}\r\n`;

/** The server must still answer a normal request, quickly. */
async function stillServing(port) {
  const t0 = performance.now();
  const res = await procs.get(port, '/', {}, 3000);
  return { ok: res.status === 200, ms: Math.round(performance.now() - t0) };
}

/** Opens `count` connections (in batches), each sending `first` (or nothing), and keeps them open. */
async function hold(port, count, first) {
  const sockets = [];
  for (let i = 0; i < count; i += 100) {
    const batch = await Promise.all(Array.from({ length: Math.min(100, count - i) }, () => new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        if (first) s.write(first(sockets.length));
        resolve(s);
      });
      s.on('error', () => resolve(s));
      s.resume();
    })));
    sockets.push(...batch);
  }
  return sockets;
}

/** Holds `n` connections (each sending `first`, if given), then times a normal GET on a new one. */
async function heldThenGet(port, n, first) {
  const held = await hold(port, n, first);
  try {
    const r = await stillServing(port);
    return { ok: r.ok && r.ms < 1000, got: `${r.ok ? 200 : 'no 200'} in ${r.ms} ms`, ms: r.ms };
  } finally {
    held.forEach((s) => s.destroy());
  }
}

/** A session cookie the tutorial set, to replay and to tamper with. */
async function realCookie(port) {
  const res = await procs.get(port, '/', {}, 3000);
  const setCookie = [].concat(res.headers['set-cookie'] || [])[0] || '';
  return setCookie.split(';')[0];
}

const count = (text) => Number(/Count: (\d+)/.exec(text)?.[1]);

/**
 * The table: name, what is expected (said plainly), and a run(port) returning
 * { ok, got, ms }. `status(n)` cases expect that status on a raw exchange.
 */
const status = (expected, chunks, opts) => async (port) => {
  const r = await exchange(port, chunks, opts);
  return { ok: r.status === expected, got: r.status ? `${r.status}` : `no answer (${r.error || (r.closedByServer ? 'closed' : 'timeout')})`, ms: r.ms };
};

const CASES = [
  // malformed request lines
  ['garbage request line', '400', status(400, ['GARBAGE\r\n\r\n'])],
  ['unknown method', '400', status(400, ['FROB / HTTP/1.1\r\nHost: x\r\n\r\n'])],
  ['no request target', '400', status(400, ['GET  HTTP/1.1\r\nHost: x\r\n\r\n'])],
  ['HTTP/9.9', '400', status(400, ['GET / HTTP/9.9\r\nHost: x\r\n\r\n'])],
  ['NUL byte in the path', '400', status(400, [Buffer.from('GET /a\0b HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1')])],
  ['control character in the path', '400', status(400, ['GET /a\x7fb HTTP/1.1\r\nHost: x\r\n\r\n'])],
  ['bare LF line endings (no CR)', '400', status(400, ['GET / HTTP/1.1\nHost: x\n\n'])],
  ['64 KiB URL (past max_request_header_size)', '431', status(431, [get('/' + 'a'.repeat(65536))])],
  // bad escapes: answered as Pyramid answers them (a 404 where no route matches), never a 5xx
  ['invalid escape /%zz (Pyramid keeps it literally: no route)', '404', status(404, [get('/%zz')])],
  ['truncated escape /howdy%', '404', status(404, [get('/howdy%')])],
  ['escape of a non-UTF-8 byte /%FF (Pyramid: 500; ours a 400)', '400', status(400, [get('/%FF')])],
  ['escaped NUL /%00', '404', status(404, [get('/%00')])],
  ['escaped traversal /..%2f..%2fetc/passwd', '404', status(404, [get('/..%2f..%2fetc/passwd')])],
  ['overlong UTF-8 /%C0%AF', '400', status(400, [get('/%C0%AF')])],
  // huge and duplicate headers
  ['one 20 KiB header', '431', status(431, [get('/', `X-Big: ${'x'.repeat(20480)}\r\n`)])],
  ['2,000 small headers', '431', status(431, [get('/', Array.from({ length: 2000 }, (_, i) => `X-H${i}: v\r\n`).join(''))])],
  ['two Host headers', '400', status(400, ['GET / HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n'])],
  ['two different Content-Lengths', '400', status(400, ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd'])],
  ['Content-Length and chunked together (smuggling)', '400', status(400, ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'])],
  ['header without a colon', '400', status(400, ['GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n'])],
  ['header name with a space', '400', status(400, ['GET / HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n'])],
  // oversized and stalled bodies
  ['declared 10 GB body', '413', status(413, ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10737418240\r\n\r\n'])],
  ['chunked body past max_request_body_size', '413', status(413, ['POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n',
    ...Array.from({ length: 20 }, () => `10000\r\n${'x'.repeat(65536)}\r\n`), '0\r\n\r\n'])],
  ['body stalled after 10 of 1000 bytes', '408 within channel_timeout + 1 s', async (port) => {
    const r = await exchange(port, ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n0123456789'], { waitMs: 4000, keepOpen: true });
    return { ok: r.status === 408 && r.ms < 2000, got: `${r.status ?? 'no answer'} after ${r.ms} ms`, ms: r.ms };
  }],
  ['slowloris: a header line every 250 ms', '408 within channel_timeout + 1 s', async (port) => {
    const trickle = Array.from({ length: 16 }, (_, i) => [250, `X-Slow-${i}: v\r\n`]).flat();
    const r = await exchange(port, ['GET / HTTP/1.1\r\nHost: x\r\n', ...trickle], { waitMs: 500, keepOpen: true });
    return { ok: r.status === 408 && r.ms < 2000, got: `${r.status ?? 'no answer'} after ${r.ms} ms`, ms: r.ms };
  }],
  ['connection that never sends a byte', 'closed within channel_timeout + 1 s', async (port) => {
    const r = await exchange(port, [], { waitMs: 4000, keepOpen: true });
    return { ok: r.closedByServer && r.ms < 2000, got: `${r.closedByServer ? 'closed' : 'still open'} after ${r.ms} ms${r.status ? ` (${r.status})` : ''}`, ms: r.ms };
  }],
  // connection floods (connection_limit = 100)
  ...[200, 1000].map((n) => [`${n} idle connections held, then a normal GET`, '200 within 1 s', (port) => heldThenGet(port, n)]),
  ['300 half-sent requests held, then a normal GET', '200 within 1 s',
    (port) => heldThenGet(port, 300, (i) => `GET /${i} HTTP/1.1\r\nHost: x\r\nX-Slow: `)],
  // forged cookies: a fresh session (Count: 1), never an error; a real one still counts on
  ['a real session cookie replayed', 'Count: 2', async (port) => {
    const cookie = await realCookie(port);
    const r = await exchange(port, [get('/', `Cookie: ${cookie}\r\n`)]);
    return { ok: r.status === 200 && count(r.text) === 2, got: `${r.status} Count: ${count(r.text)}`, ms: r.ms };
  }],
  ...[
    ['garbage session cookie', () => 'session=garbage!!'],
    ['session cookie with one byte changed', (c) => c.slice(0, -6) + (c.at(-6) === 'A' ? 'B' : 'A') + c.slice(-5)],
    ['session cookie cut short', (c) => c.slice(0, 30)],
    ['session cookie of 8 KiB', () => `session=${'A'.repeat(8192)}`],
    ['session cookie with a forged payload and no signature', () => `session=${Buffer.from('{"counter": 1000000}').toString('base64')}`],
    ['10,000 empty cookie segments (a;a;a;...)', () => `a${';a'.repeat(5000)}`],
  ].map(([name, forge]) => [name, '200 Count: 1', async (port) => {
    const cookie = forge(await realCookie(port));
    const r = await exchange(port, [get('/', `Cookie: ${cookie}\r\n`)]);
    return { ok: r.status === 200 && count(r.text) === 1, got: `${r.status} Count: ${count(r.text)}`, ms: r.ms };
  }]),
];

async function main(argv) {
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
  const json = argv.includes('--json');
  const port = await procs.freePort();
  const server = procs.start(process.execPath, [PSERVE, INI, `http_port=${port}`], { cwd: ROOT });
  const results = [];
  try {
    await procs.waitFor200(server, port, { timeoutMs: 30000 });
    for (const [name, expected, run] of CASES) {
      if (only && !name.includes(only)) continue;
      let result;
      try {
        result = await run(port);
      } catch (e) {
        result = { ok: false, got: `the harness failed: ${e.message}`, ms: 0 };
      }
      const alive = await stillServing(port).catch(() => ({ ok: false, ms: 0 }));
      const ok = result.ok && alive.ok;
      results.push({ name, expected, got: result.got, ms: result.ms, ok, servingAfter: alive.ok });
      if (!json) {
        console.log(`${ok ? 'PASS' : 'FAIL'}  ${name.padEnd(62)} expected ${expected.padEnd(32)} got ${result.got}` +
          `${alive.ok ? '' : '  (and the server stopped answering)'}`);
      }
    }
  } finally {
    await procs.stop(server, 8000);
  }
  const failed = results.filter((r) => !r.ok);
  const crashed = server.exitCode !== null && server.exitCode !== 0 && server.signalCode !== 'SIGTERM';
  if (json) console.log(JSON.stringify({ results, failed: failed.length, serverOutput: server.output.slice(-4000) }));
  else {
    console.log(`\n${results.length} cases: ${results.length - failed.length} got the expected answer, ${failed.length} did not` +
      `${crashed ? `; pserve exited with ${server.exitCode}` : ''}.`);
    if (failed.length) console.log(`pserve's output (last 4 KiB):\n${server.output.slice(-4096)}`);
  }
  return failed.length === 0 && !crashed ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
  console.error(`hostile: ${e.stack || e}`);
  process.exit(2);
});
