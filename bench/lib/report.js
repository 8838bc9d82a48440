'use strict';
// Markdown for stdout and bench/RESULTS.md. The bench rewrites only its own sections of
// RESULTS.md (between <!-- bench:NAME:begin/end --> markers); notes around them are kept.
const fs = require('node:fs');

const MiB = 2 ** 20;
const f0 = (x) => (Number.isFinite(x) ? x.toFixed(0) : '–');
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const s3 = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(3)} s` : '–');
const mark = (ok) => (ok === null ? '–' : ok ? '**met**' : '**NOT met**');

/** A markdown table; `left` is how many leading columns are text (left-aligned), the rest are numbers. */
function table(header, rows, left = 1) {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((h, i) => (i < left ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const r of rows) lines.push(`| ${r.join(' | ')} |`);
  return lines.join('\n');
}

const MODE_TITLES = {
  nocookie: 'No cookie (a new session each request)',
  cookie: 'Cookie (a valid session cookie on every request: verify, increment, re-sign, render)',
};

/** Per round, `combine(a's value, b's value)`, the finite ones sorted: rounds run back to back, so a
 * slow spell of the machine (seconds long on a shared VM) touches both sides of each alike. */
function perRound(a, b, combine, key = 'rounds') {
  return a[key].map((x, i) => combine(x, b[key][i])).filter(Number.isFinite).sort((x, y) => x - y);
}

const ratio = (x, y) => x / y;
/** How many µs per request more, of two req/s (µs/req being 1 / req/s). */
const usMore = (x, y) => 1e6 / x - 1e6 / y;
const minus = (x, y) => x - y;

/** The median of a contestant's per-round ratios to another's. */
function pairedRatio(a, b, key = 'rounds') {
  return median(perRound(a, b, ratio, key));
}

/** The first and third quartiles of sorted per-round values; null with fewer than 4 rounds. */
function middleHalf(sorted) {
  return sorted.length >= 4 ? [quantile(sorted, 0.25), quantile(sorted, 0.75)] : null;
}

/** Of sorted numbers, interpolated. */
function quantile(sorted, q) {
  if (!sorted.length) return NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (at - lo);
}

/** The median of the finite numbers among `xs`; NaN when there are none. */
function median(xs) {
  return quantile(xs.filter(Number.isFinite).sort((a, b) => a - b), 0.5);
}

/** How much the per-round ratios scatter: '; middle half of the rounds 0.81-0.97'. */
function spread(a, b, key = 'rounds') {
  const m = middleHalf(perRound(a, b, ratio, key));
  return m ? `; middle half of the rounds ${f2(m[0])}-${f2(m[1])}` : '';
}

function modeTable(rows) {
  const floor = rows.find((r) => r.id === 'floor');
  const ours = rows.find((r) => r.id === 'ours');
  return table(
    ['contestant', 'req/s', '× floor', '× ours', 'p50 ms', 'p99 ms', 'p99 × floor', 'peak RSS MiB', 'RSS − floor', 'errors / non-2xx', 'server CPU', 'others\' CPU', 'req/s per round'],
    rows.map((r) => [
      r.variant ? `_${r.label}_` : r.label,
      f0(r.rps),
      floor ? f2(pairedRatio(r, floor)) : '–',
      ours ? f2(pairedRatio(r, ours)) : '–',
      f2(r.p50),
      f2(r.p99),
      floor ? f2(pairedRatio(r, floor, 'p99Rounds')) : '–',
      f1(r.peakRss / MiB),
      floor ? `${r.peakRss >= floor.peakRss ? '+' : ''}${f1((r.peakRss - floor.peakRss) / MiB)}` : '–',
      `${r.errors} / ${r.non2xx}`,
      f2(r.serverCores),
      `${f2(r.backgroundCores)} (max ${f2(r.backgroundMax)})`,
      r.rounds.map(f0).join(', '),
    ]),
  );
}

/** The issue's targets, each { what, ok (true/false/null), detail }. */
function targets(results) {
  const out = [];
  const t = results.throughput;
  if (t) {
    for (const mode of ['nocookie', 'cookie']) {
      const rows = t.modes[mode] || [];
      const get = (id) => rows.find((r) => r.id === id);
      const floor = get('floor');
      const ours = get('ours');
      const fastify = get('fastify');
      const routes = get('ours-1000');
      if (floor && ours) {
        const rps = pairedRatio(ours, floor);
        const p99 = pairedRatio(ours, floor, 'p99Rounds');
        out.push({ what: `${mode}: ours ≥ 0.90× the floor in req/s`, ok: rps >= 0.9, detail: `${f2(rps)}×${spread(ours, floor)} (medians ${f0(ours.rps)} vs ${f0(floor.rps)} req/s)` });
        out.push({ what: `${mode}: ours p99 ≤ 1.2× the floor's`, ok: p99 <= 1.2, detail: `${f2(p99)}×${spread(ours, floor, 'p99Rounds')} (medians ${f2(ours.p99)} ms vs ${f2(floor.p99)} ms)` });
        out.push({ what: `${mode}: ours peak RSS ≤ the floor's + 20 MiB`, ok: ours.peakRss <= floor.peakRss + 20 * MiB, detail: `${f1(ours.peakRss / MiB)} vs ${f1(floor.peakRss / MiB)} MiB` });
      }
      if (ours && fastify) {
        const r = pairedRatio(ours, fastify);
        out.push({ what: `${mode}: ours ahead of Fastify`, ok: r > 1, detail: `${f2(r)}× Fastify${spread(ours, fastify)} (medians ${f0(ours.rps)} vs ${f0(fastify.rps)} req/s)` });
      }
      if (ours && routes) {
        const r = pairedRatio(routes, ours);
        out.push({ what: `${mode}: 1,000 routes keep ≥ 0.8× the 2-route req/s`, ok: r >= 0.8, detail: `${f2(r)}×${spread(routes, ours)}` });
      }
    }
  }
  const start = results.start;
  if (start) {
    const npx = start.rows.find((r) => r.id === 'npx');
    const py = start.rows.find((r) => r.id === 'python');
    const node = start.rows.find((r) => r.id === 'node');
    if (npx && py && Number.isFinite(py.median)) out.push({ what: '`npx pserve` start → first 200 ≤ Python pserve (median of 5)', ok: npx.median <= py.median, detail: `${s3(npx.median)} vs ${s3(py.median)}` });
    if (node && py && Number.isFinite(py.median)) out.push({ what: '(same without npx: `node bin/pserve.js` ≤ Python pserve)', ok: node.median <= py.median, detail: `${s3(node.median)} vs ${s3(py.median)}` });
  }
  if (results.reload) {
    out.push(results.reload.error
      ? { what: '`--reload` turnaround < 1 s', ok: false, detail: results.reload.error }
      : { what: '`--reload` turnaround < 1 s', ok: results.reload.median < 1000, detail: `median ${s3(results.reload.median)}` });
  }
  return out;
}

function profileTables(p) {
  const perReq = (ms) => f1((ms * 1000) / p.requests);
  const rows = (list) => list.map((r, i) => [String(i + 1), `\`${r.name}\``, r.where ? `\`${r.where}\`` : '', f1(r.pct), f0(r.ms), perReq(r.ms)]);
  const parts = [];
  parts.push(`**${p.id}** — \`${p.file}\`: ${f0(p.busyMs)} ms busy of ${f0(p.totalMs)} ms sampled (${p.windowed ? 'the timed load only' : 'start-up and warm-up included'}) over ${p.requests} requests, so **${perReq(p.busyMs)} µs of CPU per request**; ${f0(p.rps)} req/s while profiled; others' CPU ${f2(p.background)} cores. Percentages are of busy time; µs/req is the time divided by every request served.`);
  parts.push('');
  parts.push('Top self time:');
  parts.push('');
  parts.push(table(['#', 'function', 'file:line', 'self %', 'self ms', 'µs/req'], rows(p.self.slice(0, p.id === 'ours' ? 25 : 12)), 3));
  if (p.id === 'ours') {
    parts.push('');
    parts.push('Inclusive time of project code (the request path, outermost first):');
    parts.push('');
    parts.push(table(['#', 'function', 'file:line', 'total %', 'total ms', 'µs/req'], rows(p.inclusive.slice(0, 25)), 3));
  }
  parts.push('');
  parts.push('Self time by file:');
  parts.push('');
  parts.push(table(['#', 'file / area', '', 'self %', 'self ms', 'µs/req'], rows(p.files.slice(0, 15)), 3));
  return parts.join('\n');
}

/** Self time per request, ours minus the floor, function by function (node internals match by name and line). */
function profileDiff(ours, floor, top = 25) {
  const per = (p) => {
    const m = new Map();
    for (const r of p.allSelf) {
      const key = `${r.name}|${r.where}`;
      m.set(key, { name: r.name, where: r.where, us: (m.get(key)?.us || 0) + (r.ms * 1000) / p.requests });
    }
    return m;
  };
  const o = per(ours);
  const f = per(floor);
  const keys = new Set([...o.keys(), ...f.keys()]);
  const rows = [...keys].map((k) => {
    const a = o.get(k);
    const b = f.get(k);
    const x = a || b;
    return { name: x.name, where: x.where, ours: a ? a.us : 0, floor: b ? b.us : 0, diff: (a ? a.us : 0) - (b ? b.us : 0) };
  }).sort((a, b) => b.diff - a.diff);
  const busyO = (ours.busyMs * 1000) / ours.requests;
  const busyF = (floor.busyMs * 1000) / floor.requests;
  const lines = [];
  lines.push(`CPU per request: ours ${f1(busyO)} µs, the floor ${f1(busyF)} µs: ours spends **${f1(busyO - busyF)} µs more** (${f2(busyF / busyO)}× the floor's throughput if CPU-bound). The functions that account for it (self time per request):`);
  lines.push('');
  lines.push(table(['#', 'function', 'file:line', 'ours µs/req', 'floor µs/req', 'ours − floor'], rows.slice(0, top).map((r, i) => [
    String(i + 1), `\`${r.name}\``, r.where ? `\`${r.where}\`` : '', f2(r.ours), f2(r.floor), `+${f2(r.diff)}`,
  ]), 3));
  return lines.join('\n');
}

function mainSection(results) {
  const { env, opts } = results;
  const out = [];
  out.push(`## Latest run (\`npm run bench\`)`);
  out.push('');
  out.push(`- Date: ${env.date}`);
  out.push(`- Machine: ${env.machine}`);
  out.push(`- Node: ${env.node}`);
  out.push(`- Load generator: ${env.tool}, ${opts.connections} connections, GET / and GET /howdy alternating, keep-alive`);
  out.push(`- Rounds: warm-up ${opts.warmup} s per contestant and mode, then ${opts.rounds} timed rounds of ${opts.duration} s each${opts.settle ? `, each after ${opts.settle} s of unmeasured load` : ''}, contestants alternating (order rotated every round); req/s, p50 and p99 are medians over the rounds; the × columns are the median of per-round ratios (each round runs every contestant back to back, so a slow spell of a shared machine touches both sides of a ratio alike)`);
  out.push(`- Framework: ${env.commit} (content hash ${env.codeHash})`);
  if (results.codeChanged) out.push(`- **Warning**: ${results.codeChanged}`);
  out.push('- Servers bind 127.0.0.1, run with NODE_ENV=production; peak RSS is the server process\'s VmHWM over the mode\'s warm-up and rounds');
  out.push('');
  const t = results.throughput;
  if (t) {
    for (const mode of ['nocookie', 'cookie']) {
      if (!t.modes[mode]) continue;
      out.push(`### ${MODE_TITLES[mode]}`);
      out.push('');
      out.push(modeTable(t.modes[mode]));
      out.push('');
    }
    out.push(`CPU columns are in cores (this machine has ${results.env.cores}): the server process's own use, and everyone else's (other processes than the server, the load generator and the bench) during the timed runs. ${t.reruns} run(s) were repeated because others were busy, ${f0(t.quietWaitS)} s spent waiting for a quiet machine.`);
    out.push('');
    if (t.refused.length) {
      out.push('Refused (wrong page; not measured):');
      for (const r of t.refused) out.push(`- ${r.label}: ${r.reason}`);
      out.push('');
    }
  }
  if (results.start) {
    out.push('### Start time (process start to first 200 on GET /)');
    out.push('');
    out.push(table(['server', 'median', 'runs'], results.start.rows.map((r) => [r.label, s3(r.median), r.runs.map(s3).join(', ')]), 1));
    out.push('');
  }
  if (results.reload) {
    out.push('### `pserve --reload` turnaround (views.ts saved → new code served)');
    out.push('');
    out.push(results.reload.error ? `Failed: ${results.reload.error}` : `Median ${s3(results.reload.median)} (runs: ${results.reload.runs.map(s3).join(', ')})`);
    out.push('');
  }
  const tg = targets(results);
  if (tg.length) {
    out.push('### Targets (issue 5)');
    out.push('');
    out.push(table(['target', 'result', 'measured'], tg.map((x) => [x.what, mark(x.ok), x.detail]), 3));
    out.push('');
  }
  const po = (results.profiles || []).find((p) => p.id === 'ours');
  const pf = (results.profiles || []).find((p) => p.id === 'floor');
  if (po && pf) {
    out.push('### Where ours spends more CPU per request than the floor (cookie mode profiles)');
    out.push('');
    out.push(profileDiff(po, pf));
    out.push('');
  }
  for (const p of results.profiles || []) {
    out.push(`### Profile: ${p.id}, cookie mode (\`node --cpu-prof\`)`);
    out.push('');
    out.push(profileTables(p));
    out.push('');
  }
  out.push(`_Bench ran for ${f0(results.elapsedS)} s._`);
  return out.join('\n');
}

/** The ladder's target (issue 10): what routing and a view add over bare node:http. */
const PLAIN_RUNG_TARGET_US = 5;

/** The ladder: each rung's req/s and what each layer adds per request (1/req/s: the server is one busy thread). */
function ladderSection(env, opts, t) {
  const order = ['hello', 'floor', 'floor-in-pserve', 'ladder-plain', 'ladder-template', 'ladder-session', 'ours'];
  const rows = (t.modes.cookie || []).slice().sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  const us = (r) => 1e6 / r.rps;
  const get = (id) => rows.find((r) => r.id === id);
  // A rung's cost over its base (r.base: its row from the same rounds), round by round: a round
  // runs both within seconds, so a slow spell of a shared machine (which moves a rung by several
  // µs) touches both sides alike.
  const adds = (r, b) => median(perRound(r, b, usMore));
  const addsCpu = (r, b) => median(perRound(r, b, minus, 'cpuRounds'));
  const addsSpread = (r, b) => {
    const m = middleHalf(perRound(r, b, usMore));
    return m ? `${signed(m[0])} to ${signed(m[1])}` : '';
  };
  const signed = (x) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${f1(x)}` : '');
  const out = [];
  out.push('## Ladder (`npm run bench -- --ladder`)');
  out.push('');
  out.push(`- Date: ${env.date}; ${env.machine}; Node ${env.node}; ${env.tool}; framework at ${env.commit} (content hash ${env.codeHash})`);
  const how = opts.roundRobin
    ? 'every rung started at once and timed in one rotation'
    : 'each rung in a pair with its base ("compared with"), the two started afresh and timed in rounds alternating between them; a row is from its rung\'s pair, a base that is no rung\'s (node:http) from its first pair, and the tutorial-to-floor ratio from a pair of their own. Rows from different pairs ran minutes apart, so compare a rung with "its base, same rounds", not with the base\'s own row';
  out.push(`- Cookie mode, ${opts.connections} connections; ${how}; warm-up ${opts.warmup} s, ${opts.rounds} rounds of ${opts.duration} s${opts.settle ? ` (each after ${opts.settle} s of unmeasured load)` : ''}; medians. µs/req is 1 / req/s: the wall time of the server's one thread per request at saturation. CPU µs/req is the server process's own CPU time (user + system) per request. "Adds" is the median over the rounds of the rung's µs/req minus its base's in the same round; the middle half of those per-round differences beside it.`);
  out.push('');
  const cpuUs = (r) => (r.cpuRounds ? median(r.cpuRounds) : NaN);
  out.push(table(['rung', 'req/s', 'µs/req', 'compared with', 'its base, same rounds, µs/req', 'adds µs/req', 'middle half of the rounds', 'CPU µs/req', 'adds CPU µs/req', 'p99 ms', 'peak RSS MiB', 'others\' CPU'], rows.map((r) => {
    const b = r.base;
    return [r.label, f0(r.rps), f1(us(r)), b ? b.label : '', b ? f1(us(b)) : '', b ? signed(adds(r, b)) : '', b ? addsSpread(r, b) : '', Number.isFinite(cpuUs(r)) ? f1(cpuUs(r)) : '', b && r.cpuRounds ? signed(addsCpu(r, b)) : '', f2(r.p99), f1(r.peakRss / MiB), f2(r.backgroundCores)];
  }), 1));
  out.push('');
  out.push('The session rung and the template rung each build on the plain rung; ours has both (routes, session, template: the tutorial).');
  const plain = get('ladder-plain');
  if (plain && plain.base) {
    const a = adds(plain, plain.base);
    const spreadText = addsSpread(plain, plain.base);
    out.push('');
    out.push(`Target (issue 10): routes + view add at most ${PLAIN_RUNG_TARGET_US} µs per request over bare node:http: ${mark(a <= PLAIN_RUNG_TARGET_US)} (${signed(a)} µs${spreadText ? `; middle half of the rounds ${spreadText}` : ''}).`);
  }
  // from rounds that ran both: their own pair, or the one rotation
  const fr = t.floorRatio;
  if (fr) out.push(`Tutorial against the floor: ${f2(pairedRatio(fr.ours, fr.floor))}× the floor's req/s (median of per-round ratios${spread(fr.ours, fr.floor)}).`);
  out.push('');
  out.push(`${t.reruns} run(s) were repeated because others were busy, ${f0(t.quietWaitS)} s spent waiting for a quiet machine.`);
  for (const r of t.refused) out.push(`Refused (wrong page; not measured): ${r.label}: ${r.reason}`);
  return out.join('\n');
}

function soakSection(env, r) {
  const grow = (r.rssAfter - r.rssWarm) / r.rssWarm;
  const out = [];
  out.push('## Soak (`npm run bench -- --soak`)');
  out.push('');
  out.push(`- Date: ${env.date}; ${env.machine}; Node ${env.node}; ${env.tool}; framework at ${env.commit}`);
  out.push(`- ours, cookie mode, ${r.connections} connections: warm-up ${r.warmup.durationS.toFixed(0)} s, then ${r.run.durationS.toFixed(0)} s`);
  out.push('');
  out.push(table(['measure', 'value', 'target'], [
    ['requests', String(r.run.requests), ''],
    ['req/s', f0(r.run.rps), ''],
    ['p50 / p99 ms', `${f2(r.run.p50)} / ${f2(r.run.p99)}`, ''],
    ['errors (connect/read/write/timeout)', String(r.run.errors + r.run.timeouts), `0: ${mark(r.run.errors + r.run.timeouts === 0)}`],
    ['non-2xx', String(r.run.non2xx), `0: ${mark(r.run.non2xx === 0)}`],
    ['RSS after warm-up', `${f1(r.rssWarm / MiB)} MiB`, ''],
    ['RSS after the run', `${f1(r.rssAfter / MiB)} MiB (${grow >= 0 ? '+' : ''}${(100 * grow).toFixed(1)}%)`, `within 10%: ${mark(Math.abs(grow) <= 0.1)}`],
    ['RSS 2 s later, idle', `${f1(r.rssIdle / MiB)} MiB`, ''],
    ...((() => {
      // the old 10 s warm-up's point, for comparison with earlier runs
      const at10 = (r.series || []).find((x) => x.s >= 9.5 && x.s <= 11);
      return at10 && r.warmup.durationS > 11 ? [['RSS 10 s into the warm-up', `${f1(at10.rss / MiB)} MiB (after the run: ${(100 * (r.rssAfter - at10.rss) / at10.rss).toFixed(1)}% more)`, '']] : [];
    })()),
    ['RSS every 5 s from the start of the warm-up', (r.series || []).map((x) => f1(x.rss / MiB)).join(', ') + ' MiB', ''],
    ['peak RSS', `${f1(r.peakRss / MiB)} MiB`, ''],
    ['page check after the soak', r.pageAfter, ''],
  ], 3));
  return out.join('\n');
}

/** Replaces section `name` of RESULTS.md (or adds it), keeping everything else. */
function writeResults(file, name, text, writer = 'bench/run.js') {
  const begin = `<!-- bench:${name}:begin (written by ${writer}; edits here are overwritten) -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = `${begin}\n${text}\n${end}`;
  let doc = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results (issue 5)\n\nWritten by `npm run bench` (see README.md). Notes outside the marked sections are kept across runs.\n';
  const re = new RegExp(`<!-- bench:${name}:begin[^>]*-->[\\s\\S]*?<!-- bench:${name}:end -->`);
  if (re.test(doc)) doc = doc.replace(re, () => block);
  else if (name === 'main') {
    const i = doc.indexOf('<!-- bench:');
    const at = i >= 0 ? i : doc.length;
    doc = `${doc.slice(0, at).replace(/\n*$/, '\n\n')}${block}\n\n${doc.slice(at)}`;
  } else {
    const i = doc.indexOf('<!-- bench:main:end -->');
    const at = i >= 0 ? i + '<!-- bench:main:end -->'.length : doc.length;
    doc = `${doc.slice(0, at).replace(/\n*$/, '\n\n')}${block}\n\n${doc.slice(at).replace(/^\n*/, '')}`;
  }
  fs.writeFileSync(file, doc.replace(/\n*$/, '\n'));
}

module.exports = { mainSection, soakSection, ladderSection, writeResults, median };
