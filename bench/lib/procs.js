'use strict';
// Children, ports, readiness and memory. Every child runs in its own process group and is
// killed (group and all) when it is stopped, when the bench ends, fails, or gets a signal.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');

const live = new Set();

function killGroup(child, signal) {
  // no pid: it never started (and -undefined would signal our own process group)
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** Spawns `cmd args` detached (own process group); stdout/stderr are kept (last 64 KiB) for error reports. */
function start(cmd, args, opts = {}) {
  const child = spawn(cmd, args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.output = '';
  const keep = (chunk) => {
    child.output = (child.output + chunk.toString()).slice(-65536);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  // 'exit' never comes for a command that failed to start (ENOENT): 'error' ends the wait then.
  child.exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (e) => {
      child.output += `\nspawn error: ${e.message}`;
      resolve({ code: child.exitCode, signal: null });
    });
  });
  live.add(child);
  child.exited.then(() => live.delete(child));
  return child;
}

/** `signal` to the group, SIGKILL after `graceMs`; resolves when the child is gone. */
async function stop(child, graceMs = 3000, signal = 'SIGTERM') {
  if (!child) return;
  child.stopping = true;
  if (!live.has(child)) return;
  killGroup(child, signal);
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
  killGroup(child, 'SIGKILL'); // anything left in the group
}

/** SIGINT (as Ctrl-C would), for children that write something at exit (--cpu-prof). */
const interrupt = (child, graceMs = 10000) => stop(child, graceMs, 'SIGINT');

function killAll() {
  for (const child of live) killGroup(child, 'SIGKILL');
}

let exiting = false;
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (exiting) return;
    exiting = true;
    process.stderr.write(`\nbench: ${signal}: stopping ${live.size} child process(es)\n`);
    killAll();
    process.exit(130);
  });
}

/** A free TCP port on 127.0.0.1 (closed again before use; a small race we accept). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function portInUse(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.setTimeout(500);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
  });
}

/** One HTTP request; resolves to { status, headers, body } (no agent: a fresh connection). */
function get(port, path, headers = {}, timeoutMs = 5000, host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port, path, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`GET ${path} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls GET `path` every `everyMs` until a 200 (resolves to ms since `t0`), the child exits
 * (rejects with its output) or `timeoutMs` passes.
 */
async function waitFor200(child, port, { t0 = performance.now(), timeoutMs = 20000, everyMs = 10, path = '/', host } = {}) {
  const deadline = t0 + timeoutMs;
  let last = '';
  while (performance.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`exited (${child.exitCode ?? child.signalCode}) before serving:\n${child.output.trim()}`);
    }
    try {
      const res = await get(port, path, {}, 2000, host);
      if (res.status === 200) return performance.now() - t0;
      last = `status ${res.status}`;
    } catch (e) {
      last = e.message;
    }
    await sleep(everyMs);
  }
  throw new Error(`no 200 from :${port}${path} within ${timeoutMs} ms (last: ${last})\n${child ? child.output.trim() : ''}`);
}

/** Memory of a process from /proc (Linux): { rss, hwm } in bytes, or null elsewhere/when gone. */
function memory(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number((new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status) || [])[1]) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** Resets the peak-RSS counter (VmHWM) of a process; false where that is not possible. */
function resetPeak(pid) {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** RSS in bytes through ps, for systems without /proc. */
function psRss(pid) {
  try {
    const out = require('node:child_process').execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000 });
    return Number(out.trim()) * 1024 || null;
  } catch {
    return null;
  }
}

/** Current RSS, by /proc or ps. */
function rss(pid) {
  const m = memory(pid);
  return m ? m.rss : psRss(pid);
}

/**
 * Tracks a process's peak RSS over a stretch of time: VmHWM (reset at `begin`) where Linux
 * allows, else the largest of samples taken every 200 ms.
 */
class PeakTracker {
  constructor(pid) {
    this.pid = pid;
    this.peak = 0;
    this.usesHwm = false;
    this.timer = null;
  }

  begin() {
    this.usesHwm = resetPeak(this.pid);
    this.peak = rss(this.pid) || 0;
    if (!this.usesHwm) {
      this.timer = setInterval(() => { this.peak = Math.max(this.peak, rss(this.pid) || 0); }, 200);
      this.timer.unref();
    }
  }

  /** Called between load runs; the peak so far. */
  sample() {
    if (this.usesHwm) {
      const m = memory(this.pid);
      if (m) this.peak = Math.max(this.peak, m.hwm);
    } else {
      this.peak = Math.max(this.peak, rss(this.pid) || 0);
    }
    return this.peak;
  }

  end() {
    const peak = this.sample();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return peak;
  }
}

module.exports = { start, stop, interrupt, freePort, portInUse, get, sleep, waitFor200, rss, PeakTracker };
