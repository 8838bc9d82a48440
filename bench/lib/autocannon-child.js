'use strict';
// Runs one autocannon load in its own process (so its CPU shows as the load generator's) and
// prints the result as JSON: node autocannon-child.js '{"url":..,"connections":..,"duration":..,"headers":{}}'
const autocannon = require('autocannon');

const opts = JSON.parse(process.argv[2]);
autocannon({
  url: opts.url,
  connections: opts.connections,
  duration: opts.duration,
  headers: opts.headers,
  timeout: 10,
  requests: [{ method: 'GET', path: '/' }, { method: 'GET', path: '/howdy' }],
}, (err, result) => {
  if (err) {
    process.stderr.write(String(err.stack || err));
    process.exit(1);
  }
  process.stdout.write(JSON.stringify({
    requests: result.requests.total,
    duration: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    cpuSeconds: ((u) => (u.user + u.system) / 1e6)(process.cpuUsage()),
  }));
});
