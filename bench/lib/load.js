'use strict';
// Load generators: wrk when installed (C, one thread: it leaves the second core to the server),
// otherwise autocannon from bench/node_modules. Both alternate GET / and GET /howdy over N
// keep-alive connections; cookie mode sends the same valid session cookie on every request.
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const procs = require('./procs');
const cpu = require('./cpu');

function hasWrk() {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch (e) {
    // wrk --version exits 1 after printing its banner; ENOENT means it is not there
    return e.code !== 'ENOENT' && e.status !== undefined && e.status !== 127;
  }
}

function wrkVersion() {
  try {
    return execFileSync('wrk', ['--version'], { encoding: 'utf8', timeout: 5000 }).split('\n')[0].trim();
  } catch (e) {
    return String(e.stdout || '').split('\n')[0].trim() || 'wrk';
  }
}

function chooseTool(wanted) {
  if (wanted === 'autocannon') return 'autocannon';
  if (wanted === 'wrk') {
    if (!hasWrk()) throw new Error('--loadgen wrk: wrk is not installed');
    return 'wrk';
  }
  return hasWrk() ? 'wrk' : 'autocannon';
}

function toolVersion(tool) {
  if (tool === 'wrk') return wrkVersion();
  return `autocannon ${require('autocannon/package.json').version}`;
}

const UNITS = { us: 0.001, ms: 1, s: 1000, m: 60000, h: 3600000 };

function parseWrk(out) {
  const num = (re) => {
    const m = re.exec(out);
    return m ? Number(m[1]) : 0;
  };
  const latency = (pct) => {
    const m = new RegExp(`^\\s*${pct}%\\s+([\\d.]+)(us|ms|s|m|h)\\s*$`, 'm').exec(out);
    return m ? Number(m[1]) * UNITS[m[2]] : NaN;
  };
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const total = /(\d+) requests in ([\d.]+)(us|ms|s|m|h)/.exec(out);
  if (!total) throw new Error(`cannot read wrk's output:\n${out}`);
  const durationS = (Number(total[2]) * UNITS[total[3]]) / 1000;
  return {
    requests: Number(total[1]),
    rps: Number(total[1]) / durationS,
    p50: latency(50),
    p99: latency(99),
    errors: socket ? Number(socket[1]) + Number(socket[2]) + Number(socket[3]) : 0,
    timeouts: socket ? Number(socket[4]) : 0,
    non2xx: num(/Non-2xx or 3xx responses: (\d+)/),
    durationS,
  };
}

// Runs wrk under a shell that, once wrk is reaped, prints its own /proc stat line: its
// cutime/cstime are then wrk's CPU time (`read` is a builtin, so no other child counts).
const WRK_SHELL = 'wrk "$@"; rc=$?; if [ -r /proc/$$/stat ]; then read -r line < /proc/$$/stat; echo "CPUSTAT $line"; fi; exit $rc';

function wrkCpu(out) {
  const m = /^CPUSTAT (.*)$/m.exec(out);
  if (!m) return null;
  const f = m[1].slice(m[1].lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) / cpu.hz;
}

/**
 * Runs one load; resolves to { rps, p50, p99 (ms), requests, errors, timeouts, non2xx,
 * durationS, cpu }, where cpu (Linux only, given `serverPid`) is { serverCores, loadgenCores,
 * backgroundCores }: how busy the server, the load generator and everything else were.
 */
async function run(tool, { port, connections, duration, cookie, serverPid }) {
  const url = `http://127.0.0.1:${port}`;
  let child;
  const finishCpu = serverPid ? cpu.watch(serverPid) : null;
  if (tool === 'wrk') {
    const args = ['-t1', `-c${connections}`, `-d${duration}s`, '--timeout', '10s', '--latency', '-s', path.join(__dirname, 'paths.lua')];
    if (cookie) args.push('-H', `Cookie: ${cookie}`);
    child = procs.start('sh', ['-c', WRK_SHELL, 'sh', ...args, url]);
  } else {
    const opts = { url, connections, duration, headers: cookie ? { cookie } : {} };
    child = procs.start(process.execPath, [path.join(__dirname, 'autocannon-child.js'), JSON.stringify(opts)]);
  }
  let stdout = '';
  child.stdout.on('data', (c) => { stdout += c; });
  const guard = setTimeout(() => procs.stop(child), (duration + 30) * 1000);
  const { code } = await child.exited;
  clearTimeout(guard);
  if (code !== 0) throw new Error(`${tool} failed (exit ${code}):\n${child.output}`);
  if (tool === 'wrk') return { ...parseWrk(stdout), cpu: finishCpu ? finishCpu(wrkCpu(stdout)) : null };
  const r = JSON.parse(stdout);
  return {
    requests: r.requests, rps: r.requests / r.duration, p50: r.p50, p99: r.p99, errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, durationS: r.duration,
    cpu: finishCpu ? finishCpu(r.cpuSeconds) : null,
  };
}

module.exports = { chooseTool, toolVersion, run };
