'use strict';
/** In-process timing for the micro-benchmarks: µs per call over calibrated batches. */

function timeIt(fn, iterations) {
  const t = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn(i);
  return Number(process.hrtime.bigint() - t) / 1000 / iterations;
}

/**
 * µs per call of `fn`, per batch, sorted fastest first: batches calibrated to ~20 ms, after a
 * warm-up of 3. Callers pick the median, or the fastest (the least disturbed on a shared machine).
 */
function batchTimes(fn, count) {
  let n = 100;
  while (timeIt(fn, n) * n < 20000 && n < 1e7) n *= 2;
  for (let i = 0; i < 3; i++) timeIt(fn, n);
  const batches = [];
  for (let i = 0; i < count; i++) batches.push(timeIt(fn, n));
  return batches.sort((a, b) => a - b);
}

module.exports = { batchTimes, timeIt };
