'use strict';
// `require('pyramid-ts/register')` or `node -r pyramid-ts/register app.ts`: lets Node run
// TypeScript. The hook itself is TypeScript (../register.ts); in a packed install it ships
// compiled (../register.js), in the repository it is transpiled once and cached. Keep this file
// small: it runs before every command starts.
const fs = require('fs');
const path = require('path');
const Module = require('module');

const root = path.join(__dirname, '..');

/** The hook module's exports: `register()`, `compile()`. */
function loadHook() {
  const compiled = path.join(root, 'register.js');
  if (fs.existsSync(compiled)) return require(compiled);
  const hookFile = path.join(root, 'register.ts');
  if (require.cache[hookFile]) return require.cache[hookFile].exports;
  const source = fs.readFileSync(hookFile, 'utf8');
  const hash = require('crypto').createHash('sha1').update(source).digest('hex');
  // the same directory as register.ts uses for everything else
  const cacheDir = process.env.PYRAMID_TS_CACHE ||
    path.join(process.env.XDG_CACHE_HOME || path.join(require('os').homedir(), '.cache'), 'pyramid-ts');
  const cached = path.join(cacheDir, `register-${hash}.js`);
  let code;
  try {
    code = fs.readFileSync(cached, 'utf8');
  } catch {
    const ts = require('typescript');
    code = ts.transpileModule(source, {
      fileName: hookFile,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      fs.writeFileSync(`${cached}.${process.pid}`, code);
      fs.renameSync(`${cached}.${process.pid}`, cached);
    } catch {
      // a read-only install still runs, only slower
    }
  }
  const hook = new Module(hookFile, module);
  hook.filename = hookFile;
  hook.paths = Module._nodeModulePaths(root);
  hook._compile(code, hookFile);
  require.cache[hookFile] = hook;
  return hook.exports;
}

loadHook().register();
