#!/usr/bin/env node
'use strict';
// The repository's pserve (npm run serve); the package's own is framework/bin/pserve.js.
require('../framework/bin/run')('pserve');
