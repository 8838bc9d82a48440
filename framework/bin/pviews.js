#!/usr/bin/env node
require('./run')('pviews');
