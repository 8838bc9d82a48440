#!/usr/bin/env node
'use strict';
/**
 * What pyramid_tm costs per request, in process (app.invoke, no HTTP): the same view served
 * by the same app without the add-on, with it (a transaction begun and committed, no data
 * manager joined), and with a data manager joined to each transaction (its two-phase commit).
 * The tween is async, so each request is awaited: batches of sequential requests, the fastest
 * of 7, in µs per request. `node bench/tm.js [--quick]`.
 */
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
process.chdir(ROOT); // the hook reads tsconfig.json from the working directory
require('./lib/profile').projectHook().register();

const quick = process.argv.includes('--quick');
const { Configurator } = require('../framework/config');
const { requestClassFor } = require('../framework/requestmethods');
const { Response } = require('../framework/response');

function app(withTm, join) {
  const config = new Configurator({ settings: {} });
  if (withTm) config.include('pyramid_tm');
  config.addRoute('home', '/');
  const noop = () => undefined;
  const dm = { abort: noop, tpcBegin: noop, commit: noop, tpcVote: noop, tpcFinish: noop, tpcAbort: noop, sortKey: () => 'bench' };
  config.addView((request) => {
    if (join) request.tm.get().join(dm);
    return new Response('ok');
  }, { routeName: 'home' });
  return config.makeWsgiApp();
}

async function perRequest(theApp) {
  const registry = theApp.registry;
  // the app's request class, with its request methods (request.tm), as the router makes it
  const Request = requestClassFor(registry.requestExtensions);
  const one = () => theApp.invoke(new Request({ method: 'GET', url: '/', headers: { host: '127.0.0.1' }, registry }));
  const batch = async (n) => {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await one();
    return Number(process.hrtime.bigint() - t) / 1000 / n;
  };
  let n = 100;
  while ((await batch(n)) * n < 20000 && n < 1e6) n *= 2;
  const times = [];
  for (let i = 0; i < (quick ? 3 : 7); i++) times.push(await batch(n));
  return Math.min(...times);
}

(async () => {
  const plain = await perRequest(app(false, false));
  const tm = await perRequest(app(true, false));
  const joined = await perRequest(app(true, true));
  console.log(`${'without pyramid_tm'.padEnd(44)} ${plain.toFixed(2).padStart(8)} µs`);
  console.log(`${'with pyramid_tm, nothing joined'.padEnd(44)} ${tm.toFixed(2).padStart(8)} µs  (+${(tm - plain).toFixed(2)})`);
  console.log(`${'with pyramid_tm, one data manager joined'.padEnd(44)} ${joined.toFixed(2).padStart(8)} µs  (+${(joined - plain).toFixed(2)})`);
})();
