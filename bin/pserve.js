#!/usr/bin/env node
'use strict';
// The one JavaScript file: it loads the TypeScript hook (framework/register.ts) from its compiled
// cache, or compiles it once with TypeScript when the cache is cold, then runs the CLI, which is
// TypeScript, through that hook. Keep it small: everything here runs before every start.
const fs = require('fs');
const path = require('path');
const Module = require('module');

const hookFile = path.join(__dirname, '..', 'framework', 'register.ts');

function loadHook() {
  const source = fs.readFileSync(hookFile, 'utf8');
  const hash = require('crypto').createHash('sha1').update(source).digest('hex');
  // the same checked folder as framework/register.ts uses
  const cache = require('../framework/transpile-cache.js');
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
  hook.paths = Module._nodeModulePaths(path.dirname(hookFile));
  hook._compile(code, hookFile);
  require.cache[hookFile] = hook;
  return hook.exports;
}

loadHook().register();
require('../framework/cli/pserve.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    // a number means done; undefined means the server runs on (the IPC channel of a --reload
    // child would otherwise keep a finished process alive)
    if (typeof code === 'number') process.exit(code);
  });
