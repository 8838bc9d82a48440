#!/usr/bin/env node
'use strict';
/**
 * The tutorial page's template, before and after, in one process: the `.pt` renderer of another
 * checkout of pyramid-ts (BEFORE, e.g. `git archive 5d1f658 | tar -x -C /tmp/before` with this
 * tree's node_modules linked in) against this tree's, on tutorial/home.pt with the same values.
 * Alternating batches, so a busy machine slows both alike; prints the medians.
 *
 *   node bench/template-ab.js /tmp/before
 */
const path = require('node:path');
const { timeIt } = require('./lib/timing');

const ROOT = path.resolve(__dirname, '..');
const BEFORE = path.resolve(process.argv[2] || '');
if (!process.argv[2]) {
  console.error('usage: node bench/template-ab.js <checkout of the version to compare with>');
  process.exit(2);
}
process.chdir(ROOT);
require('./lib/profile').projectHook().register();

/** The `.pt` renderer function of the checkout at `root`, for tutorial/home.pt. */
function tutorialPage(root) {
  const factories = new Map();
  require(path.join(root, 'framework/templates')).includeme({ addRenderer: (name, factory) => factories.set(name, factory) });
  const { Registry } = require(path.join(root, 'framework/registry'));
  const { Request } = require(path.join(root, 'framework/request'));
  const registry = new Registry();
  const render = factories.get('.pt')({ name: 'home.pt', dir: path.join(root, 'tutorial'), type: '.pt', registry });
  const request = new Request({ method: 'GET', url: '/', headers: { host: '127.0.0.1' }, registry });
  const system = { view: { counter: 7 }, context: null, request, req: request, renderer_name: 'home.pt', renderer_info: null };
  return () => render({ name: 'Home View' }, system);
}

const before = tutorialPage(BEFORE);
const after = tutorialPage(ROOT);
if (before() !== after()) throw new Error(`the two render differently:\n${before()}\n---\n${after()}`);


const N = 200000;
for (let i = 0; i < 3; i++) timeIt(before, N), timeIt(after, N);
const b = [];
const a = [];
for (let i = 0; i < 9; i++) b.push(timeIt(before, N)), a.push(timeIt(after, N));
const median = (xs) => xs.sort((x, y) => x - y)[xs.length >> 1];
const [mb, ma] = [median(b), median(a)];
console.log(`tutorial/home.pt, µs per render (median of 9 alternating batches of ${N}): before ${mb.toFixed(3)}, after ${ma.toFixed(3)} (${(mb / ma).toFixed(2)}× as fast)`);
