'use strict';
// Reads a V8 .cpuprofile (node --cpu-prof) and lists where the time went: self time per
// function, inclusive time per function, and self time per file. Lines of .ts files are mapped
// back through the inline source maps the project's require hook emits, so file:line is the
// TypeScript source line.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const ROOT = path.resolve(__dirname, '..', '..');

// ---- source maps -------------------------------------------------------------------------

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

/** Decodes a source map's `mappings` into, per generated line, sorted [genCol, srcLine] pairs (0-based). */
function decodeMappings(mappings) {
  const lines = [];
  let srcLine = 0;
  for (const lineText of mappings.split(';')) {
    const segments = [];
    let genCol = 0;
    for (const seg of lineText.split(',')) {
      if (!seg) continue;
      const values = [];
      let value = 0;
      let shift = 0;
      for (const ch of seg) {
        const digit = B64_INDEX.get(ch);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      genCol += values[0];
      if (values.length >= 4) {
        srcLine += values[2];
        segments.push([genCol, srcLine]);
      }
    }
    lines.push(segments);
  }
  return lines;
}

let hookExports = null;

/** The project's require hook (framework/register.ts: register(), compile()), loaded as bin/pserve.js loads it. */
function projectHook() {
  if (hookExports) return hookExports;
  const hookFile = path.join(ROOT, 'framework', 'register.ts');
  const ts = require(require.resolve('typescript', { paths: [ROOT] }));
  const code = ts.transpileModule(fs.readFileSync(hookFile, 'utf8'), {
    fileName: hookFile,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  const hook = new Module(hookFile, module);
  hook.filename = hookFile;
  hook.paths = Module._nodeModulePaths(path.dirname(hookFile));
  hook._compile(code, hookFile);
  require.cache[hookFile] = hook;
  hookExports = hook.exports;
  return hookExports;
}

const projectCompile = () => projectHook().compile;

const maps = new Map();

/** 1-based source line for a 0-based generated line/column of a .ts file, or null. */
function tsLine(file, line, column) {
  if (!maps.has(file)) {
    let decoded = null;
    try {
      const cwd = process.cwd();
      process.chdir(ROOT); // the hook reads tsconfig.json from the working directory, as pserve run from the root does
      let js;
      try {
        js = projectCompile()(fs.readFileSync(file, 'utf8'), file);
      } finally {
        process.chdir(cwd);
      }
      const m = /\/\/# sourceMappingURL=data:application\/json;(?:charset=[^;]+;)?base64,([A-Za-z0-9+/=]+)\s*$/.exec(js);
      if (m) decoded = decodeMappings(JSON.parse(Buffer.from(m[1], 'base64').toString('utf8')).mappings);
    } catch {
      decoded = null;
    }
    maps.set(file, decoded);
  }
  const lines = maps.get(file);
  if (!lines) return null;
  for (let l = Math.min(line, lines.length - 1); l >= 0; l--) {
    const segs = lines[l];
    if (!segs.length) continue;
    if (l < line) return segs[segs.length - 1][1] + 1;
    let best = segs[0];
    for (const s of segs) if (s[0] <= column) best = s;
    return best[1] + 1;
  }
  return null;
}

// ---- profile -----------------------------------------------------------------------------

function fileOf(url) {
  if (!url) return '';
  return url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
}

function shortFile(file) {
  if (!file) return '';
  if (file.startsWith(ROOT + path.sep)) {
    const rel = path.relative(ROOT, file);
    const nm = rel.lastIndexOf('node_modules' + path.sep);
    return nm >= 0 ? rel.slice(nm + 'node_modules'.length + 1) : rel;
  }
  return file;
}

function location(frame) {
  const file = fileOf(frame.url);
  if (!file) return '';
  let line = frame.lineNumber + 1;
  if (file.endsWith('.ts') && frame.lineNumber >= 0) line = tsLine(file, frame.lineNumber, frame.columnNumber) ?? line;
  return `${shortFile(file)}:${line}`;
}

/** Groups of self time: the framework's files one by one, then libraries and node. */
function area(frame) {
  const file = fileOf(frame.url);
  if (!file) return frame.functionName.startsWith('(') ? frame.functionName : '(native/builtin)';
  if (file.startsWith('node:')) return 'node: internals';
  const short = shortFile(file);
  if (file.includes(`${path.sep}node_modules${path.sep}`)) return `npm: ${short.split(path.sep)[0].startsWith('@') ? short.split(path.sep).slice(0, 2).join('/') : short.split(path.sep)[0]}`;
  return short;
}

/**
 * Summarises a .cpuprofile: { totalMs, busyMs, self: [...], inclusive: [...], files: [...] },
 * each entry { name, where, ms, pct } with pct of the busy (non-idle) time.
 */
function analyse(profileFile, top = 25, window = null) {
  const profile = JSON.parse(fs.readFileSync(profileFile, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const keyOf = new Map();
  const info = new Map();
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const key = `${f.functionName}|${f.url}|${f.lineNumber}|${f.columnNumber}`;
    keyOf.set(n.id, key);
    if (!info.has(key)) info.set(key, { frame: f, self: 0, incl: 0 });
  }
  const deltas = profile.timeDeltas || [];
  const samples = profile.samples || [];
  const avg = samples.length ? (profile.endTime - profile.startTime) / samples.length : 0;
  let totalUs = 0;
  let idleUs = 0;
  // Sample timestamps are CLOCK_MONOTONIC microseconds, the clock of process.hrtime in the
  // bench: a window from the bench keeps only the samples taken during the timed load.
  const stamps = new Float64Array(samples.length);
  for (let i = 0, t = profile.startTime; i < samples.length; i++) stamps[i] = t += deltas[i] || 0;
  let inWindow = 0;
  if (window) for (let i = 0; i < samples.length; i++) if (stamps[i] >= window.fromUs && stamps[i] <= window.toUs) inWindow++;
  const windowed = Boolean(window) && inWindow > samples.length / 10;
  for (let i = 0; i < samples.length; i++) {
    if (windowed && (stamps[i] < window.fromUs || stamps[i] > window.toUs)) continue;
    const dt = i + 1 < deltas.length ? deltas[i + 1] : avg;
    const id = samples[i];
    const key = keyOf.get(id);
    const entry = info.get(key);
    totalUs += dt;
    if (entry.frame.functionName === '(idle)') {
      idleUs += dt;
      continue;
    }
    entry.self += dt;
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const k = keyOf.get(cur);
      if (seen.has(k)) continue;
      seen.add(k);
      info.get(k).incl += dt;
    }
  }
  const busyUs = totalUs - idleUs;
  const pct = (us) => (busyUs ? (100 * us) / busyUs : 0);
  const row = (e, us) => ({ name: e.frame.functionName || '(anonymous)', where: location(e.frame), ms: us / 1000, pct: pct(us) });
  const entries = [...info.values()];
  const allSelf = entries.filter((e) => e.self > 0).sort((a, b) => b.self - a.self).map((e) => row(e, e.self));
  const self = allSelf.slice(0, top);
  const inclusive = entries
    .filter((e) => e.incl > 0 && fileOf(e.frame.url).startsWith(ROOT) && !fileOf(e.frame.url).includes(`${path.sep}node_modules${path.sep}`))
    .sort((a, b) => b.incl - a.incl).slice(0, top).map((e) => row(e, e.incl));
  const byArea = new Map();
  for (const e of entries) {
    if (e.self <= 0) continue;
    const name = area(e.frame);
    byArea.set(name, (byArea.get(name) || 0) + e.self);
  }
  const files = [...byArea.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, where: '', ms: us / 1000, pct: pct(us) }));
  return { totalMs: totalUs / 1000, busyMs: busyUs / 1000, windowed, self, inclusive, files, allSelf };
}

module.exports = { analyse, projectHook };

if (require.main === module) {
  // node bench/lib/profile.js file.cpuprofile [N]: print the summary
  const result = analyse(process.argv[2], Number(process.argv[3]) || 25);
  const show = (title, rows) => {
    console.log(`\n${title}`);
    for (const r of rows) console.log(`${r.pct.toFixed(1).padStart(5)}%  ${r.ms.toFixed(0).padStart(6)} ms  ${r.name}  ${r.where}`);
  };
  console.log(`total ${result.totalMs.toFixed(0)} ms, busy ${result.busyMs.toFixed(0)} ms`);
  show('self time', result.self);
  show('inclusive (project code)', result.inclusive);
  show('self time by file', result.files);
}
