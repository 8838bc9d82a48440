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
  // the same checked folder as register.ts uses for everything else
  const cache = require('../transpile-cache.js');
  let code = cache.read(`register-${hash}.js`);
  if (code === undefined) {
    const ts = require('typescript');
    code = ts.transpileModule(source, {
      fileName: hookFile,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    cache.write(`register-${hash}.js`, code);
  }
  const hook = new Module(hookFile, module);
  hook.filename = hookFile;
  hook.paths = Module._nodeModulePaths(root);
  hook._compile(code, hookFile);
  require.cache[hookFile] = hook;
  return hook.exports;
}

loadHook().register();
