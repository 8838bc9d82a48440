#!/usr/bin/env node
require('./run')('create');
