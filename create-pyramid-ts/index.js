#!/usr/bin/env node
'use strict';
// `npm init pyramid-ts my-app` runs this (npm init NAME runs the package create-NAME): it is
// `npx pyramid-ts create my-app`, with the pyramid-ts this package depends on.
const { spawnSync } = require('child_process');
const path = require('path');

const bin = path.join(path.dirname(require.resolve('pyramid-ts/package.json')), 'bin', 'pyramid-ts.js');
const result = spawnSync(process.execPath, [bin, 'create', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
