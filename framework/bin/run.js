'use strict';
// What every bin does: register the TypeScript hook, run one command of ../cli, and exit with
// its code. A command resolves to a number when done, or to undefined while it keeps running
// (pserve's server); the IPC channel of a --reload child would otherwise keep a finished process
// alive, hence the explicit exit.
module.exports = function run(command) {
  // `proutes x.ini | head`: a closed pipe ends the output, not the process with a stack
  process.stdout.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  require('./hook');
  require(`../cli/${command}`)
    .main(process.argv.slice(2))
    .then((code) => {
      if (typeof code === 'number') process.exit(code);
    }, (error) => {
      process.stderr.write(`${command}: ${error && error.stack || error}\n`);
      process.exit(1);
    });
};
