/**
 * ptweens against the real Pyramid's (tests/fixtures/ptweens/oracle.json, written by
 * make_oracle.py with /usr/bin/python3) on ptweens_app and its TypeScript twin: the implicit
 * chain, and the explicit one that `pyramid.tweens` sets beside the implicit one it replaces.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ptweens from '../../../framework/cli/ptweens';
import { capture } from './capture';

const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'ptweens');
const oracle = JSON.parse(fs.readFileSync(path.join(fixtures, 'oracle.json'), 'utf8')) as Array<{ ini: string; code: number; stdout: string }>;

describe('ptweens, as Pyramid prints it', () => {
  it.each(oracle.map((c) => [c.ini, c] as const))('%s', async (_title, c) => {
    const result = await capture(ptweens.main, [path.join(fixtures, c.ini)]);
    expect(result).toEqual({ code: c.code, stdout: c.stdout, stderr: '' });
  });

  it('says what it needs without an ini (exit 2)', async () => {
    expect(await capture(ptweens.main, [])).toEqual({ code: 2, stdout: 'Requires a config file argument\n', stderr: '' });
  });
});
