#!/usr/bin/env node
'use strict';
/**
 * Packs pyramid-ts as users install it: `npm run pack` (in framework/ or the repository root)
 * writes pyramid-ts-VERSION.tgz. In the repository the framework is TypeScript run as it is;
 * the package ships it compiled: each module as .js beside its .d.ts, the exports map pointing
 * at those, the bins, and the starter's files. Its runtime dependencies include `typescript`,
 * which the require hook uses to run an app's own .ts files.
 *
 *   node framework/scripts/pack.js [--out DIR]   the tarball's path is the last line printed
 *   node framework/scripts/pack.js --check        what `npm pack` in framework/ runs first: it
 *                                                 refuses, since that would pack TypeScript sources
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const source = path.join(__dirname, '..');

if (process.argv.includes('--check')) {
  if (process.env.PYRAMID_TS_STAGED === '1') process.exit(0);
  process.stderr.write('pyramid-ts: pack with `npm run pack` (node scripts/pack.js): the package ships compiled JavaScript, not this folder\n');
  process.exit(1);
}

const outIndex = process.argv.indexOf('--out');
const out = path.resolve(outIndex === -1 ? process.cwd() : process.argv[outIndex + 1]);

/** Folders of framework/ that are not compiled into the package. */
const NOT_COMPILED = new Set(['node_modules', 'scripts', 'starter', 'bin']);

function tsFiles(dir, rel = '') {
  const files = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const name = path.join(rel, entry.name);
    if (entry.isDirectory()) {
      if (!(rel === '' && NOT_COMPILED.has(entry.name))) files.push(...tsFiles(dir, name));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) files.push(path.join(dir, name));
  }
  return files;
}

function compile(stage) {
  const ts = require('typescript');
  const options = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    strict: true,
    experimentalDecorators: true,
    esModuleInterop: true,
    skipLibCheck: true,
    resolveJsonModule: true,
    declaration: true,
    rootDir: source,
    outDir: stage,
  };
  const program = ts.createProgram(tsFiles(source), options);
  const result = program.emit();
  const errors = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics].filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length) {
    throw new Error(ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => source, getNewLine: () => '\n' }));
  }
}

/** Folders of the framework that are not code but are read at run time. */
const ASSET_DIRS = ['deform/templates', 'deform/static'];

function copy(from, to) {
  fs.cpSync(from, to, { recursive: true });
}

/** The package.json users get: compiled entry points, no scripts, no development fields. */
function manifest() {
  const pkg = JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8'));
  const compiled = (target) => (target.endsWith('.ts') ? { types: target.replace(/\.ts$/, '.d.ts'), default: target.replace(/\.ts$/, '.js') } : target);
  const exports = {};
  for (const [key, target] of Object.entries(pkg.exports)) exports[key] = compiled(target);
  const typesVersions = { '*': {} };
  for (const [key, targets] of Object.entries(pkg.typesVersions['*'])) {
    typesVersions['*'][key.replace(/\.ts$/, '.d.ts')] = targets.map((t) => t.replace(/\.ts$/, '.d.ts'));
  }
  const { scripts, ...rest } = pkg;
  return { ...rest, main: pkg.main.replace(/\.ts$/, '.js'), types: pkg.types.replace(/\.ts$/, '.d.ts'), exports, typesVersions };
}

function main() {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'pyramid-ts-pack-'));
  try {
    compile(stage);
    copy(path.join(source, 'bin'), path.join(stage, 'bin'));
    // JavaScript written as such (it runs before TypeScript can), with its hand-written types
    for (const file of fs.readdirSync(source)) {
      if (/\.js$/.test(file) || (/\.d\.ts$/.test(file) && fs.existsSync(path.join(source, file.replace(/\.d\.ts$/, '.js'))))) {
        copy(path.join(source, file), path.join(stage, file));
      }
    }
    if (fs.existsSync(path.join(source, 'starter'))) copy(path.join(source, 'starter'), path.join(stage, 'starter'));
    // Files read at run time beside the compiled modules: deform's widget templates and static folder
    for (const dir of ASSET_DIRS) copy(path.join(source, dir), path.join(stage, dir));
    for (const file of ['README.md', 'LICENSE']) if (fs.existsSync(path.join(source, file))) copy(path.join(source, file), path.join(stage, file));
    fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest(), null, 2) + '\n');
    fs.mkdirSync(out, { recursive: true });
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', out], {
      cwd: stage, encoding: 'utf8', env: { ...process.env, PYRAMID_TS_STAGED: '1' }, stdio: ['ignore', 'pipe', 'inherit'],
    }));
    process.stdout.write(path.join(out, packed[0].filename) + '\n');
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

main();
