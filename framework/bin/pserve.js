#!/usr/bin/env node
require('./run')('pserve');
