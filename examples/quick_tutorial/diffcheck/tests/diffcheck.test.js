/**
 * The differential check as a test: every step answers as the real Pyramid's original does
 * (live where /usr/bin/python3 has Pyramid, else its recorded answers), or the difference is one
 * accepted.js lists with its reason.
 */
const { spawnSync } = require('child_process');
const path = require('path');
const { table } = require('../diffcheck');
const accepted = require('../accepted');

/** Runs the check as `npm run check` does (its own Node, which loads the steps' TypeScript with pyramid-ts/register). */
function run() {
  const child = spawnSync(process.execPath, ['-r', 'pyramid-ts/register', path.join(__dirname, '..', 'diffcheck.js'), '--json'], {
    cwd: path.join(__dirname, '..'), encoding: 'utf8', timeout: 540_000, maxBuffer: 64 << 20,
  });
  if (child.status !== 0) throw new Error(`diffcheck.js failed (exit ${child.status}, ${child.error || child.signal || ''}):\n${child.stderr}`);
  return JSON.parse(child.stdout);
}

jest.setTimeout(600_000);

test('every step answers as the real Pyramid, but for the accepted differences', async () => {
  const results = run();
  console.log(table(results));
  const found = results.flatMap((r) => r.differences.map((d) => `${r.step}: ${d.request}`));
  const unexpected = results.flatMap((r) => r.differences
    .filter((d) => !(`${r.step}: ${d.request}` in accepted))
    .map((d) => `${r.step}: ${d.request}: ${d.diffs.join('; ')}`));
  expect(unexpected).toEqual([]);
  // Nothing accepted that does not happen (live only: the recorded answers may predate a fix).
  if (results.some((r) => r.source === 'live')) {
    const stale = Object.keys(accepted).filter((k) => !found.includes(k));
    if (stale.length) console.warn(`accepted differences that no longer occur (remove them): ${stale.join(', ')}`);
  }
  expect(results.length).toBeGreaterThanOrEqual(19);
});
