#!/usr/bin/env node
require('./run')('pshell');
