#!/usr/bin/env node
'use strict';
/**
 * What the debug toolbar costs the tutorial's request, in process (app.invoke: no socket, no
 * load generator, so the figures hold on a busy machine): the app without the add-on, with it
 * included but `debugtoolbar.enabled = false`, enabled for a client outside
 * `debugtoolbar.hosts`, and enabled and watching. The variants are measured in turns (one
 * batch of each per round, 9 rounds) so that a change in the machine's load hits them alike.
 * `node bench/debugtoolbar.js`. µs per request, median of the rounds.
 */
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
process.chdir(ROOT);
require('./lib/profile').projectHook().register();

const { main } = require('../tutorial');
const { Request } = require('../framework/request');
const { getLogger } = require('../framework/logging');
const { timeIt: batch } = require('./lib/timing');

getLogger().setLevel(40); // the tutorial logs nothing; keep the root quiet whatever the toolbar adds

function variant(name, settings, remoteAddr = '127.0.0.1') {
  const app = main({}, { 'pyramid.reload_templates': 'false', ...settings });
  const registry = app.registry;
  const first = app.invoke(new Request({ method: 'GET', url: '/', headers: { host: '127.0.0.1' }, registry, remoteAddr }));
  const setCookie = first.headers['Set-Cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie).split(';')[0];
  const headers = { host: '127.0.0.1:6543', 'user-agent': 'wrk', accept: '*/*', cookie };
  const once = () => app.invoke(new Request({ method: 'GET', url: '/', headers, registry, remoteAddr }));
  return { name, once, tweens: registry.tweens.inUse().map((t) => t.name), listeners: registry.hasListeners, samples: [] };
}

const variants = [
  variant('without the add-on', {}),
  variant('included, debugtoolbar.enabled = false', { 'pyramid.includes': 'pyramid_debugtoolbar', 'debugtoolbar.enabled': 'false' }),
  variant('enabled, client not in debugtoolbar.hosts', { 'pyramid.includes': 'pyramid_debugtoolbar' }, '10.1.2.3'),
  variant('enabled and watching (127.0.0.1)', { 'pyramid.includes': 'pyramid_debugtoolbar' }),
];

const N = 2000;
for (const v of variants) batch(v.once, N); // warm-up
for (let round = 0; round < 9; round++) for (const v of variants) v.samples.push(batch(v.once, N));

const os = require('node:os');
console.log(`debugtoolbar: Node ${process.version}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores; µs per request (median of 9 rounds of ${N})`);
const base = variants[0];
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const baseMedian = median(base.samples);
for (const v of variants) {
  const m = median(v.samples);
  const spread = `${Math.min(...v.samples).toFixed(2)}–${Math.max(...v.samples).toFixed(2)}`;
  console.log(`${v.name.padEnd(44)} ${m.toFixed(2).padStart(8)}  (${spread})  ${v === base ? '' : `${m - baseMedian >= 0 ? '+' : ''}${(m - baseMedian).toFixed(2)}`}`);
}
console.log('\ntweens in use:');
for (const v of variants) console.log(`  ${v.name.padEnd(44)} ${v.tweens.join(', ') || '(none)'}; events made: ${v.listeners}`);
