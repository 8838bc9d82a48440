#!/usr/bin/env node
'use strict';
/**
 * In-process micro-benchmark of compiled Python expressions (framework/chameleon/pyexpr.ts):
 * each expression as a template evaluates it (compiled once, then called with a namespace
 * lookup), beside the same thing written by hand in JavaScript and the same expression in
 * nunjucks (compiled once, rendered). `node bench/pyexpr.js [--quick]`; µs per evaluation,
 * the median of 7 batches (3 with --quick).
 */
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
process.chdir(ROOT);
require('./lib/profile').projectHook().register();

const quick = process.argv.includes('--quick');
const { compilePython } = require('../framework/chameleon/pyexpr');
const { $py } = require('../framework/chameleon/pyruntime');
const nunjucks = require('nunjucks');
const { batchTimes } = require('./lib/timing');

function measure(fn) {
  const batches = batchTimes(fn, quick ? 3 : 7);
  return batches[batches.length >> 1];
}

class Request {
  routeUrl(name, kw) {
    return `/${name}/${kw ? kw.id : ''}`;
  }
}
const ns = {
  name: 'world',
  page: { title: 'Home', author: { name: 'Ann' } },
  xs: ['a', 'b', 'c'],
  n: 3,
  pages: [],
  request: new Request(),
};
const scope = Object.create(ns);
const lookup = (name) => {
  const v = scope[name];
  if (v !== undefined || name in scope) return v;
  if (name in $py.builtins) return $py.builtins[name];
  throw new $py.PyError('NameError', name);
};
const env = new nunjucks.Environment(null, { autoescape: false });

const cases = [
  ['name', () => ns.name, '{{ name }}'],
  ['page.author.name', () => ns.page.author.name, '{{ page.author.name }}'],
  ["'literal'", () => 'literal', "{{ 'literal' }}"],
  ['len(xs)', () => ns.xs.length, '{{ xs | length }}'],
  ["', '.join(xs)", () => ns.xs.join(', '), "{{ xs | join(', ') }}"],
  ['xs[-1]', () => ns.xs[ns.xs.length - 1], '{{ xs[xs.length - 1] }}'],
  ["'%s items' % n", () => `${ns.n} items`, '{{ n }} items'],
  ["n > 2 and 'many' or 'few'", () => (ns.n > 2 ? 'many' : 'few'), "{{ 'many' if n > 2 else 'few' }}"],
  ['not pages', () => ns.pages.length === 0, '{{ not pages }}'],
  ["request.route_url('view', id=n)", () => ns.request.routeUrl('view', { id: ns.n }), null],
  ["f'{name}!'", () => `${ns.name}!`, '{{ name }}!'],
  ['[x.upper() for x in xs]', () => ns.xs.map((x) => x.toUpperCase()), null],
];

console.log(`${'expression'.padEnd(36)} ${'ours'.padStart(8)} ${'hand JS'.padStart(8)} ${'nunjucks'.padStart(9)}   (µs per evaluation)`);
for (const [source, hand, njk] of cases) {
  const fn = new Function('$py', '$lookup', `return ${compilePython(source)};`);
  const ours = measure(() => fn($py, lookup));
  const js = measure(hand);
  const tmpl = njk ? nunjucks.compile(njk, env) : null;
  const nj = tmpl ? measure(() => tmpl.render(ns)) : NaN;
  const fmt = (x) => (Number.isFinite(x) ? x.toFixed(3) : '–').padStart(8);
  console.log(`${source.padEnd(36)} ${fmt(ours)} ${fmt(js)} ${fmt(nj).padStart(9)}`);
}
