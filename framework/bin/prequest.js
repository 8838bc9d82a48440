#!/usr/bin/env node
require('./run')('prequest');
