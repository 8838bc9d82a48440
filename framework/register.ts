/**
 * Runs TypeScript as it is: `require('./views')` finds `views.ts`, transpiles it with the
 * project's `typescript` (no type check; `npx tsc --noEmit` does that) and runs it, with inline
 * source maps so stack traces point at .ts lines.
 *
 * Output is cached on disk under `~/.cache/pyramid-ts/` (`$XDG_CACHE_HOME`, or `$PYRAMID_TS_CACHE`;
 * a private folder, checked before anything in it runs: ./transpile-cache.js), keyed by source,
 * file name, compiler version and options, so a warm start never loads the `typescript` module
 * (~200 ms). Not under node_modules/: a new entry there makes npm think the install changed,
 * and every `npx` then re-reads the whole tree (~1 s).
 *
 * @example
 * require('pyramid-ts/framework/register').register();
 * require('./tutorial'); // tutorial/index.ts
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import Module = require('module');
import * as cache from './transpile-cache';

/** Bump when the output for the same input would change. */
const CACHE_VERSION = '1';

/** tsconfig options that change what transpiling emits; module kind and source maps are ours. */
const KEPT_OPTIONS = ['target', 'experimentalDecorators', 'emitDecoratorMetadata', 'useDefineForClassFields',
  'esModuleInterop', 'jsx', 'downlevelIteration', 'importHelpers'];

/** A syntax error found while transpiling, with the file:line:column and the offending line. */
export class TranspileError extends SyntaxError {
  constructor(message: string) {
    super(message);
    this.name = 'TranspileError';
  }
}

interface Settings {
  compilerOptions: Record<string, unknown>;
  key: string;
}

let settings: Settings | undefined;

/** Lets Node require `.ts` files; safe to call more than once. */
export function register(): void {
  const extensions = (Module as unknown as { _extensions: Record<string, (m: NodeModule, f: string) => void> })._extensions;
  if (extensions['.ts']) return;
  process.setSourceMapsEnabled(true);
  extensions['.ts'] = (module, filename) => {
    const compiled = compile(fs.readFileSync(filename, 'utf8'), filename);
    (module as unknown as { _compile(code: string, file: string): void })._compile(compiled, filename);
  };
}

/** JavaScript for `source`, from the cache when this exact input was transpiled before. */
export function compile(source: string, filename: string): string {
  const s = (settings ??= loadSettings());
  const hash = crypto.createHash('sha1').update(s.key).update('\0').update(filename).update('\0').update(source).digest('hex');
  const cached = cache.read(`${hash}.js`);
  if (cached !== undefined) return cached;
  const output = transpile(source, filename, s.compilerOptions);
  cache.write(`${hash}.js`, output);
  return output;
}

function transpile(source: string, filename: string, options: Record<string, unknown>): string {
  let ts: typeof import('typescript');
  try {
    ts = require('typescript') as typeof import('typescript');
  } catch {
    throw new Error(`running ${filename} needs the 'typescript' package: npm install --save-dev typescript`);
  }
  const { options: compilerOptions } = ts.convertCompilerOptionsFromJson(options, process.cwd());
  const result = ts.transpileModule(source, {
    fileName: filename,
    reportDiagnostics: true,
    compilerOptions: {
      ...compilerOptions,
      module: ts.ModuleKind.CommonJS,
      inlineSourceMap: true,
      inlineSources: true,
      sourceMap: false,
      declaration: false,
    },
  });
  const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length) {
    const d = errors[0];
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) throw new TranspileError(`${filename}: error TS${d.code}: ${message}`);
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    const text = source.split(/\r?\n/)[line] ?? '';
    throw new TranspileError(`${filename}:${line + 1}:${character + 1} - error TS${d.code}: ${message}\n\n` +
      `${line + 1} | ${text}\n${' '.repeat(String(line + 1).length)} | ${' '.repeat(character)}^`);
  }
  return result.outputText;
}

function loadSettings(): Settings {
  let tsVersion = 'none';
  try {
    tsVersion = (JSON.parse(fs.readFileSync(require.resolve('typescript/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    // reported when a file actually needs transpiling
  }
  const compilerOptions = projectOptions();
  return { compilerOptions, key: `${CACHE_VERSION}\0${tsVersion}\0${JSON.stringify(compilerOptions)}` };
}

/** The emit-relevant options of the nearest tsconfig.json above the working directory. */
function projectOptions(): Record<string, unknown> {
  const defaults: Record<string, unknown> = { target: 'ES2022', experimentalDecorators: true, esModuleInterop: true };
  for (let dir = process.cwd(), i = 0; i < 64; i++, dir = path.dirname(dir)) {
    const file = path.join(dir, 'tsconfig.json');
    if (fs.existsSync(file)) {
      const text = fs.readFileSync(file, 'utf8');
      let config: { compilerOptions?: Record<string, unknown> };
      try {
        config = JSON.parse(text) as typeof config;
      } catch {
        // tsconfig allows comments and trailing commas; strip the common forms
        config = JSON.parse(text.replace(/("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_m, str?: string) => str ?? '')
          .replace(/,(\s*[}\]])/g, '$1')) as typeof config;
      }
      const options = { ...defaults };
      for (const key of KEPT_OPTIONS) if (config.compilerOptions?.[key] !== undefined) options[key] = config.compilerOptions[key];
      return options;
    }
    if (path.dirname(dir) === dir) break;
  }
  return defaults;
}
