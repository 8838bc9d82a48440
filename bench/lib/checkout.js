'use strict';
// Another checkout's node_modules for the in-process A/B scripts. A link to this tree's whole
// node_modules would not do: its workspace packages (pyramid-ts, ...) link back into this
// tree, so the other checkout's tutorial would run this tree's framework. Here every package
// is linked from this tree's node_modules except the workspace ones, which keep their relative
// links and so land in the other checkout.
const fs = require('node:fs');
const path = require('node:path');

const THIS = path.resolve(__dirname, '..', '..');

/** Gives `dir` a node_modules of its own as above; refuses one that would load this tree's framework. */
function prepareCheckout(dir) {
  const mine = path.join(THIS, 'node_modules');
  const theirs = path.join(dir, 'node_modules');
  if (fs.existsSync(theirs)) {
    const framework = fs.realpathSync(path.join(theirs, 'pyramid-ts'));
    if (framework !== fs.realpathSync(path.join(dir, 'framework'))) {
      throw new Error(`${theirs}/pyramid-ts is ${framework}, not ${path.join(dir, 'framework')}: remove ${theirs} and this script makes one that loads that checkout's own framework`);
    }
    return;
  }
  fs.mkdirSync(theirs);
  for (const name of fs.readdirSync(mine)) {
    const entry = path.join(mine, name);
    const target = fs.lstatSync(entry).isSymbolicLink() ? fs.readlinkSync(entry) : null;
    // a workspace package: a relative link into the repository
    if (target && target.startsWith('../') && !target.startsWith('../node_modules')) fs.symlinkSync(target, path.join(theirs, name));
    else fs.symlinkSync(entry, path.join(theirs, name));
  }
}

module.exports = { prepareCheckout };
