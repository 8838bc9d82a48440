#!/usr/bin/env node
'use strict';
/**
 * A/B in one process, for a busy machine: the tutorial's request on another checkout's code
 * (`node bench/ab.js /path/to/other/checkout`, e.g. a `git worktree add /tmp/base main`) and on
 * this one's, batches interleaved so that both see the same load; CPU time (process.cpuUsage), so
 * that waiting for a core does not count; medians of 31 batches.
 * Rows: app.invoke without and with the session cookie (no HTTP), and the whole listener,
 * Router.write included, into a response that discards what it is given.
 */
const path = require('node:path');
const THIS = path.resolve(__dirname, '..');
const OTHER = path.resolve(process.argv[2] ?? '');
if (!process.argv[2]) {
  console.error('usage: node bench/ab.js OTHER_CHECKOUT (without node_modules, it gets one linked from this tree\'s)');
  process.exit(2);
}
require('./lib/checkout').prepareCheckout(OTHER);
process.chdir(THIS);
require('./lib/profile').projectHook().register();
function setup(root) {
  const { main } = require(root + '/tutorial');
  const { Request } = require(root + '/framework/request');
  const app = main({}, { 'pyramid.reload_templates': 'false' });
  const registry = app.registry;
  const first = app.invoke(new Request({ method: 'GET', url: '/', headers: { host: '127.0.0.1' }, registry }));
  const sc = first.headers['Set-Cookie'];
  const cookie = (Array.isArray(sc) ? sc[0] : sc).split(';')[0];
  const headers = { host: '127.0.0.1:6543', 'user-agent': 'wrk', accept: '*/*', cookie };
  const noCookie = { host: '127.0.0.1:6543', 'user-agent': 'wrk', accept: '*/*' };
  return {
    withCookie: () => app.invoke(new Request({ method: 'GET', url: '/', headers, registry })),
    noCookie: () => app.invoke(new Request({ method: 'GET', url: '/howdy', headers: noCookie, registry })),
  };
}
const sides = { other: setup(OTHER), this: setup(THIS) };
// CPU time, not wall time: on a machine shared with other work it is what this process spent.
function batch(fn, n) { const t = process.cpuUsage(); for (let i = 0; i < n; i++) fn(); const d = process.cpuUsage(t); return (d.user + d.system) / n; }
console.log(`ab: Node ${process.version}; CPU µs per request, median of 31 interleaved batches of 8000; other = ${OTHER}`);
/** Warms both sides, then prints the median of 31 batches each, the order alternating. */
function compare(what, fns) {
  const results = { other: [], this: [] };
  for (const s of Object.keys(fns)) for (let i = 0; i < 3; i++) batch(fns[s], 8000);
  for (let r = 0; r < 31; r++) for (const s of r % 2 ? ['other', 'this'] : ['this', 'other']) results[s].push(batch(fns[s], 8000));
  const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
  console.log(`${what.padEnd(12)} other ${med(results.other).toFixed(2)} µs   this ${med(results.this).toFixed(2)} µs`);
}
for (const what of ['noCookie', 'withCookie']) compare(what, { other: sides.other[what], this: sides.this[what] });
// The whole listener, Router.write included, into a response that discards what it is given.
function listener(root) {
  const { main } = require(root + '/tutorial');
  const app = main({}, { 'pyramid.reload_templates': 'false' });
  const res = { headersSent: false, writeHead() { return this; }, end() { return this; }, setHeader() {}, once() {}, on() {} };
  const socket = { remoteAddress: '127.0.0.1' };
  return () => app({ method: 'GET', url: '/howdy', headers: { host: '127.0.0.1:6543', accept: '*/*' }, socket }, res);
}
compare('listener', { other: listener(OTHER), this: listener(THIS) });
