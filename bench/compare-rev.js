#!/usr/bin/env node
'use strict';
/**
 * In process, this tree's request path beside an older revision's: the ladder's plain rung
 * (routes + a view returning a fixed page) and the tutorial (with its cookie), each timed in
 * alternating batches, the fastest batch of each kept (interference only ever adds time).
 *
 *   node bench/compare-rev.js 5d1f658      # before issue 10's tweens, derivers and events
 *
 * The revision is checked out with `git worktree` under bench/.tmp/ (removed afterwards).
 */
const path = require('node:path');
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const rev = process.argv[2];
if (!rev) {
  console.error('usage: node bench/compare-rev.js REV');
  process.exit(2);
}
const old = path.join(__dirname, '.tmp', `rev-${rev.replace(/[^\w.-]/g, '_')}`);
if (!fs.existsSync(old)) execFileSync('git', ['worktree', 'add', '--detach', '-f', old, rev], { cwd: ROOT, stdio: 'ignore' });
require('./lib/checkout').prepareCheckout(old);
process.chdir(ROOT); // the hook reads tsconfig.json from the working directory
require('./lib/profile').projectHook().register();
const { timeIt } = require('./lib/timing');

function load(root) {
  const { Configurator } = require(path.join(root, 'framework/config'));
  const { Response } = require(path.join(root, 'framework/response'));
  const { Request } = require(path.join(root, 'framework/request'));
  const config = new Configurator({ settings: {} });
  config.addRoute('home', '/');
  config.addRoute('hello', '/howdy');
  const body = '<!DOCTYPE html>\n<html><body><h1>Hi Home View</h1></body></html>\n';
  for (const routeName of ['home', 'hello']) config.addView(() => new Response(body), { routeName });
  const plain = config.makeWsgiApp();
  const tutorial = require(path.join(root, 'tutorial')).main({}, { 'pyramid.reload_templates': 'false' });
  const headers = { host: '127.0.0.1:6543', 'user-agent': 'wrk', accept: '*/*' };
  const first = tutorial.invoke(new Request({ method: 'GET', url: '/', headers, registry: tutorial.registry }));
  const setCookie = first.headers['Set-Cookie'] || first.headers['set-cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie).split(';')[0];
  return {
    'plain rung (routes + fixed page)': () => plain.invoke(new Request({ method: 'GET', url: '/howdy', headers, registry: plain.registry })),
    'tutorial, with cookie': () => tutorial.invoke(new Request({ method: 'GET', url: '/', headers: { ...headers, cookie }, registry: tutorial.registry })),
  };
}


try {
  const before = load(old);
  const now = load(ROOT);
  console.log(`in process, µs per request, min of 31 alternating batches; Node ${process.version}`);
  for (const what of Object.keys(now)) {
    let n = 100;
    while (timeIt(now[what], n) * n < 20000 && n < 1e7) n *= 2;
    let b = Infinity;
    let a = Infinity;
    for (let i = 0; i < 31; i++) {
      b = Math.min(b, timeIt(before[what], n));
      a = Math.min(a, timeIt(now[what], n));
    }
    console.log(`${what.padEnd(36)} ${rev}: ${b.toFixed(2).padStart(7)}   now: ${a.toFixed(2).padStart(7)}   ${(a - b >= 0 ? '+' : '') + (a - b).toFixed(2)}`);
  }
} finally {
  execFileSync('git', ['worktree', 'remove', '--force', old], { cwd: ROOT, stdio: 'ignore' });
}
