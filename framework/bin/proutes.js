#!/usr/bin/env node
require('./run')('proutes');
