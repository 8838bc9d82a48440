/**
 * pviews on the ported authorization step prints what Pyramid's pviews prints on the Python
 * original (fixtures/pviews-authorization.json, by pviews_oracle.py): the view behind
 * `permission: 'edit'` shows "required permission = edit", the others nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as pviews from '../../framework/cli/pviews';
import { capture } from '../framework/cli/capture';

const expected: Record<string, string> = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'pviews-authorization.json'), 'utf-8'));
const ini = path.join(__dirname, '..', '..', 'examples', 'quick_tutorial', 'authorization', 'development.ini');

test.each(Object.entries(expected))('pviews development.ini %s', async (url, text) => {
  const result = await capture(pviews.main, [ini, url]);
  expect([result.code, result.stdout, result.stderr]).toEqual([0, text, '']);
});
