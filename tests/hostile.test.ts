/**
 * Issue 15's hostile-request harness (bench/hostile.js) as part of `npm test`: pserve serving
 * the tutorial gets the expected answer to every hostile request in the table, and keeps
 * answering a normal one after each. The harness prints one line per case.
 */
import { spawn } from 'child_process';
import * as path from 'path';

const HARNESS = path.join(__dirname, '..', 'bench', 'hostile.js');

it('every hostile request gets the expected answer, and pserve serves on', async () => {
  const child = spawn(process.execPath, [HARNESS], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`bench/hostile.js still running after 90 s; output so far:\n${output}`));
    }, 90000);
    child.on('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  console.log(output);
  expect(output).toMatch(/\d+ cases: \d+ got the expected answer, 0 did not\./);
  expect(code).toBe(0);
}, 100000);
