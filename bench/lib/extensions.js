'use strict';
/**
 * An add-on for bench/micro.js: one pass-through tween, or one NewRequest subscriber, per the
 * `bench.extension` setting, so that what each costs a request shows beside the bare tutorial.
 */
const { NewRequest } = require('../../framework/events');

exports.includeme = function includeme(config) {
  const kind = config.getSettings()['bench.extension'];
  if (kind === 'tween') {
    config.addTween(function passThrough(handler) {
      return (request) => handler(request);
    });
  } else if (kind === 'subscriber') {
    let seen = 0;
    config.addSubscriber(() => {
      seen++;
    }, NewRequest);
  } else {
    throw new Error(`bench.extension must be tween or subscriber, not ${kind}`);
  }
};
