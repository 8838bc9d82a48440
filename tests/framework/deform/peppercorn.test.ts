/**
 * peppercorn's markers as the real peppercorn parses them (tests/fixtures/deform/make_expected.py
 * wrote its results): nested mappings and sequences, rename, ignore, the last of repeated names,
 * and malformed runs refused.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { parse, PeppercornError } from '../../../framework/deform/peppercorn';

interface Case {
  controls: Array<[string, string]>;
  parsed?: unknown;
  error?: string;
}

const cases = JSON.parse(fs.readFileSync(nodePath.join(__dirname, '../../fixtures/deform/expected/peppercorn.json'), 'utf-8')) as Case[];

test.each(cases.map((c) => [JSON.stringify(c.controls), c] as const))('%s', (_name, c) => {
  if (c.error) {
    expect(() => parse(c.controls)).toThrow(PeppercornError);
  } else {
    expect(parse(c.controls)).toEqual(c.parsed);
  }
});
