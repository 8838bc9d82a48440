#!/usr/bin/env node
require('./run')('pdistreport');
