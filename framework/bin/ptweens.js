#!/usr/bin/env node
require('./run')('ptweens');
