/**
 * The server behind `egg:waitress#main` under what a careless app or a hostile client does,
 * over real HTTP against `pserve` in a child process (tests/fixtures/pserve's app): it serves
 * on after an app's stray errors, keeps room for new clients however many idle connections
 * are held, answers 408 to a stalled client and 503 past view_timeout, within a second of the
 * setting. Timings are printed, so a slow machine shows in the log before it fails a test.
 */
import * as net from 'net';
import * as path from 'path';
import { Client, copyProject, freePort, keepRequesting, Pserve, stopAll, until } from '../../fixtures/pserve-harness';

const APP = 'tests/fixtures/pserve';

async function start(args: string[] = []) {
  const dir = path.join(copyProject([APP]), APP);
  const port = await freePort();
  const pserve = new Pserve(dir, ['development.ini', `http_port=${port}`, ...args]);
  await pserve.waitFor(/Serving on/, 15000);
  return { dir, port, pserve, client: new Client(port) };
}

/** Opens a raw connection and resolves once connected; `answer` collects what the server sends. */
function connect(port: number): Promise<net.Socket & { answer: string; gone: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1') as net.Socket & { answer: string; gone: Promise<void> };
    socket.answer = '';
    socket.on('data', (chunk) => (socket.answer += chunk));
    socket.gone = new Promise((done) => socket.on('close', () => done()));
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves when `promise` does, or fails after `ms` saying what did not happen. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer!: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

afterEach(stopAll);

describe('an app’s stray errors do not take the process down', () => {
  it('logs an unhandled rejection and a timer’s exception, and serves on', async () => {
    const { pserve, client } = await start();
    expect((await client.get('/crash/rejection')).body).toBe('answered\n');
    await pserve.waitFor(/Unhandled promise rejection .*Error: rejected after the response\n[^]*counter\.ts:\d+/);
    expect((await client.get('/crash/timer')).body).toBe('answered\n');
    await pserve.waitFor(/Uncaught exception .*TypeError: thrown in a timer\n[^]*counter\.ts:\d+/);
    expect((await client.get('/')).status).toBe(200);
    expect(pserve.child.exitCode).toBeNull();
  });

  it('logs a rejected response or finished callback with the request it came from', async () => {
    const { pserve, client } = await start();
    expect((await client.get('/framework/callbacks')).body).toBe('callbacks registered\n');
    await pserve.waitFor(/Response callback failed for GET \/framework\/callbacks: Error: response callback rejected/);
    await pserve.waitFor(/Finished callback failed for GET \/framework\/callbacks: Error: finished callback rejected/);
    expect((await client.get('/')).status).toBe(200);
  });

  it('under --reload, a worker that dies after serving is restarted at once, with its exit code logged', async () => {
    const { pserve, client } = await start(['--reload']);
    const before = Number((await client.get('/pid')).body);
    const mark = pserve.output.length;
    await client.get('/crash/exit');
    await pserve.waitFor(new RegExp(`Worker \\(pid:${before}\\) exited with code 3`), 5000, mark);
    const after = Number((await client.getUntil('/pid', /^\d+\n$/, 5000)).body);
    expect(after).not.toBe(before);
    expect(pserve.output.slice(mark)).not.toMatch(/Waiting for a file change/);
  });
});

describe('connection_limit (100) never locks new clients out', () => {
  /** Holds `count` connections open, each idle or mid-headers, then times one normal request. */
  async function heldThenRequest(count: number) {
    const { port, client, pserve } = await start();
    const held: net.Socket[] = [];
    const t0 = Date.now();
    for (let i = 0; i < count; i += 50) {
      const batch = await Promise.all(Array.from({ length: Math.min(50, count - i) }, () => connect(port)));
      // a third send half a request line (slowloris), a third a whole request (then idle keep-alive)
      batch.forEach((socket, j) => {
        if (j % 3 === 1) socket.write('GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ');
        if (j % 3 === 2) socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      });
      held.push(...batch);
    }
    const opened = Date.now() - t0;
    const started = Date.now();
    const reply = await within(client.get('/'), 1000, `a normal request with ${count} connections held`);
    const took = Date.now() - started;
    console.log(`${count} held connections (opened in ${opened} ms): a new client's GET / answered ${reply.status} in ${took} ms`);
    expect(reply.status).toBe(200);
    for (const socket of held) socket.destroy();
    expect(pserve.child.exitCode).toBeNull();
  }

  it('with 200 connections held', () => heldThenRequest(200));
  it('with 1,000 connections held', () => heldThenRequest(1000), 30000);
});

describe('timeouts hold to within a second (-s limits: channel_timeout 1, view_timeout 2, slow_request_warning 1)', () => {
  it('answers 408 to an upload that stalls mid-body', async () => {
    const { port, pserve } = await start(['-s', 'limits']);
    const socket = await connect(port);
    const t0 = Date.now();
    socket.write('POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 90\r\n\r\n0123456789');
    await within(socket.gone, 3000, 'the stalled upload to be answered and closed');
    const took = Date.now() - t0;
    console.log(`stalled upload: 408 after ${took} ms (channel_timeout = 1 s)`);
    expect(socket.answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(2000);
    await pserve.waitFor(/POST \/upload: the client sent no data for channel_timeout \(1 s\) mid-request; answered 408/);
  });

  it('answers 408 to a slowloris whose headers trickle in past channel_timeout', async () => {
    const { port } = await start(['-s', 'limits']);
    const socket = await connect(port);
    const t0 = Date.now();
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
    const trickle = setInterval(() => socket.writable && socket.write('X-A: b\r\n'), 200);
    try {
      await within(socket.gone, 3000, 'the slowloris to be answered and closed');
    } finally {
      clearInterval(trickle);
    }
    const took = Date.now() - t0;
    console.log(`slowloris (a header line every 200 ms): 408 after ${took} ms (channel_timeout = 1 s)`);
    expect(socket.answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(took).toBeLessThan(2000);
  });

  it('cuts off a client that stops reading its response', async () => {
    const { port, client } = await start(['-s', 'limits']);
    const socket = await connect(port);
    socket.pause(); // reads nothing: most of the 64 MiB answer stays queued in the server
    socket.write('GET /big?mb=64 HTTP/1.1\r\nHost: x\r\n\r\n');
    // channel_timeout and a look of the sweep later, the server has given up on this client;
    // reading again then shows where it stopped
    await new Promise((resolve) => setTimeout(resolve, 2500));
    socket.on('error', () => undefined); // the reset of a connection cut off mid-answer
    socket.resume();
    await within(socket.gone, 5000, 'the connection to end once read');
    console.log(`a client that did not read for 2.5 s: got ${socket.answer.length} of ${64 * 1024 * 1024} bytes before the server closed`);
    expect(socket.answer.length).toBeLessThan(64 * 1024 * 1024);
    expect((await client.get('/')).status).toBe(200);
  });

  it('answers 503 to a view still running at view_timeout, logging the request, and serves on', async () => {
    const { pserve, client } = await start(['-s', 'limits']);
    const t0 = Date.now();
    const reply = await client.get('/hang?id=7');
    const took = Date.now() - t0;
    console.log(`a view that never answers: ${reply.status} after ${took} ms (view_timeout = 2 s)`);
    expect(reply.status).toBe(503);
    expect(took).toBeGreaterThanOrEqual(1900);
    expect(took).toBeLessThan(3000);
    await pserve.waitFor(/GET \/hang\?id=7 from \S+ still running after 1 s \(slow_request_warning = 1\)/);
    await pserve.waitFor(/GET \/hang\?id=7 from \S+: no response after 2\.\d s \(view_timeout = 2\); answered 503/);
    expect((await client.get('/')).status).toBe(200);
  });

  it('lets a slow view finish past channel_timeout: a client waiting is not a client stalling', async () => {
    const { pserve, client } = await start(['-s', 'limits']);
    const reply = await client.get('/slow?ms=1600');
    expect(reply.body).toBe('slow done\n');
    await pserve.waitFor(/GET \/slow\?ms=1600 from \S+ still running after 1 s/);
  });
});

describe('shutdown', () => {
  it('on SIGTERM closes an idle keep-alive connection at once, without waiting for keepalive_timeout', async () => {
    const { pserve, port } = await start();
    const idle = await connect(port);
    idle.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(() => /Count: 1/.test(idle.answer), 5000, 'the keep-alive response');
    const t0 = Date.now();
    pserve.signal('SIGTERM');
    expect(await pserve.exit(4000, 'SIGTERM with an idle keep-alive connection')).toEqual({ code: 0, signal: null });
    await within(idle.gone, 1000, 'the idle connection to be closed');
    console.log(`SIGTERM with an idle keep-alive connection: exited after ${Date.now() - t0} ms (keepalive_timeout = 5 s)`);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('on SIGTERM gives a request in flight shutdown_timeout (3 s) and no more', async () => {
    const { pserve, client } = await start();
    const slow = client.get('/slow?ms=8000').catch((e: Error) => e);
    await pserve.waitFor(/slow request started/);
    const t0 = Date.now();
    pserve.signal('SIGTERM');
    expect(await pserve.exit(6000, 'SIGTERM with a request longer than shutdown_timeout')).toEqual({ code: 0, signal: null });
    const took = Date.now() - t0;
    console.log(`SIGTERM with an 8 s request in flight: exited after ${took} ms (shutdown_timeout = 3 s)`);
    expect(took).toBeGreaterThanOrEqual(2900);
    expect(took).toBeLessThan(4000);
    expect(String(await slow)).toMatch(/socket hang up|ECONNRESET/);
  });
});

describe('--reload restarts refuse no request', () => {
  it('keeps answering through three restarts under load', async () => {
    const { pserve, port } = await start(['--reload']);
    const traffic = keepRequesting(port);
    const fresh = keepRequesting(port, 2, '/', true);
    const timings: number[] = [];
    for (let i = 0; i < 3; i++) {
      const mark = pserve.output.length;
      const t0 = Date.now();
      pserve.signal('SIGHUP');
      await pserve.waitFor(/Serving on/, 10000, mark);
      timings.push(Date.now() - t0);
      await new Promise((r) => setTimeout(r, 300));
    }
    await traffic.stop();
    await fresh.stop();
    console.log(`3 restarts under load (4 keep-alive clients, 2 on a new connection per request): new worker serving after ${timings.join(', ')} ms; ` +
      `${traffic.stats.ok} + ${fresh.stats.ok} requests answered, ${traffic.stats.failed.length + fresh.stats.failed.length} failed`);
    expect(traffic.stats.failed).toEqual([]);
    expect(fresh.stats.failed).toEqual([]);
    expect(traffic.stats.ok).toBeGreaterThan(50);
    expect(pserve.serverPids()).toHaveLength(4);
  });

  it('lets the old worker drain for its whole shutdown_timeout (8 s), past the old 5 s kill timer', async () => {
    const { pserve, client } = await start(['--reload', '-s', 'longdrain']);
    const slow = client.request('/slow?ms=6000');
    await pserve.waitFor(/slow request started/);
    pserve.signal('SIGHUP');
    const reply = await slow;
    expect(reply.body).toBe('slow done\n');
    expect(pserve.output).not.toMatch(/killing it|forcefully/);
  }, 20000);
});
