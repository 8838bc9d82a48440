'use strict';
/**
 * Preloaded (`node -r pyramid-ts/register -r ./capture.js app.ts`) by the differential check for
 * the script steps (hello_world, package): the script runs as the main module, as `python app.py`
 * does, and its `serve(app, ...)` from `pyramid-ts/waitress` hands the app to the check instead of
 * listening on the fixed port 6543 — as oracle.py replaces waitress.serve. The answers to the
 * requests in $QT_DIFF_REQUESTS are printed as JSON.
 */
const fs = require('fs');
const Module = require('module');

const realRequire = Module.prototype.require;
Module.prototype.require = function (id) {
  if (id !== 'pyramid-ts/waitress') return realRequire.apply(this, arguments);
  return {
    serve(app) {
      const { answersFor } = realRequire.call(module, './diffcheck');
      const requests = JSON.parse(fs.readFileSync(process.env.QT_DIFF_REQUESTS, 'utf8'));
      answersFor(app, requests).then((answers) => {
        fs.writeSync(3, JSON.stringify(answers));
      }, (err) => {
        console.error(err);
        process.exitCode = 2;
      });
    },
  };
};
