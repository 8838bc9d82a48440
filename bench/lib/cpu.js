'use strict';
// CPU accounting on Linux (/proc), to tell a clean measurement from one that shared the
// machine with someone else's work: background = all busy CPU time - the server's - the load
// generator's - the bench's own. Elsewhere every function returns null and nothing is judged.
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');

let hz = 100;
try {
  hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 2000 }).trim()) || 100;
} catch {
  // the usual value
}

/** Busy seconds of the whole machine (all CPUs), or null. */
function machineBusy() {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = f;
    return (user + nice + system + irq + softirq + (steal || 0)) / hz;
  } catch {
    return null;
  }
}

/** CPU seconds a process has used (user + system), or null. */
function processCpu(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / hz; // utime, stime (fields 14 and 15)
  } catch {
    return null;
  }
}

const selfCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * Starts watching: returns a function that, given the load generator's CPU seconds, tells
 * { serverCores, loadgenCores, backgroundCores } averaged over the elapsed time (null off Linux).
 */
function watch(serverPid) {
  const t0 = performance.now();
  const busy0 = machineBusy();
  const server0 = processCpu(serverPid);
  const self0 = selfCpu();
  return (loadgenCpu) => {
    const elapsed = (performance.now() - t0) / 1000;
    const busy1 = machineBusy();
    const server1 = processCpu(serverPid);
    if (busy0 === null || busy1 === null || server0 === null || server1 === null || !(elapsed > 0)) return null;
    const server = server1 - server0;
    const own = selfCpu() - self0;
    const loadgen = loadgenCpu ?? 0;
    const background = Math.max(0, busy1 - busy0 - server - loadgen - own);
    return { serverCores: server / elapsed, loadgenCores: loadgen / elapsed, backgroundCores: background / elapsed };
  };
}

/** How many cores others keep busy right now, over `ms` (our idle servers count too). */
async function backgroundNow(ms = 300) {
  const b0 = machineBusy();
  const s0 = selfCpu();
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const b1 = machineBusy();
  if (b0 === null || b1 === null) return null;
  return Math.max(0, b1 - b0 - (selfCpu() - s0)) / ((performance.now() - t0) / 1000);
}

module.exports = { hz, watch, backgroundNow };
