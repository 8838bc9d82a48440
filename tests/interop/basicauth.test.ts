/**
 * extractHttpBasicCredentials gives what Pyramid's extract_http_basic_credentials gives for a
 * table of Authorization headers (fixtures/pyramid-basicauth.json, by basicauth_oracle.py):
 * UTF-8 or Latin-1 credentials, Python's lenient base64, and every malformed header as null.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractHttpBasicCredentials } from '../../framework/security';
import { describeWithPyramid, runPython } from './pyramid';

const ORACLE = join(__dirname, 'basicauth_oracle.py');
const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'pyramid-basicauth.json'), 'utf-8'));
const cases: Array<{ header: string | null; credentials: { username: string; password: string } | null }> = fixture.cases;

test.each(cases.map((c) => [JSON.stringify(c.header), c] as const))('Authorization: %s', (_name, c) => {
  const headers = c.header === null ? {} : { authorization: c.header };
  expect(extractHttpBasicCredentials({ headers })).toEqual(c.credentials);
});

describeWithPyramid('live: Pyramid 2.0 still answers the committed table', () => {
  test('basicauth_oracle.py prints the fixture', () => {
    const result = runPython([ORACLE], undefined, 30_000);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual(fixture);
  });
});
