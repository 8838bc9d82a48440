/**
 * Formatting against Python itself: 1500 random `%` and str.format expressions (every flag,
 * fill, alignment, width, grouping, precision and type over ints, floats with their ties and
 * extremes, bools and strings). pyformat_oracle.py wrote fixtures/pyformat-expected.json.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compilePython } from '../../../framework/chameleon/pyexpr';
import { $py } from '../../../framework/chameleon/pyruntime';

interface Case {
  expr: string;
  repr?: string;
  error?: string;
  message?: string;
}
const cases: Case[] = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'pyformat-expected.json'), 'utf8'));

function outcome(source: string): Omit<Case, 'expr'> {
  try {
    const value = new Function('$py', '$lookup', `return ${compilePython(source)};`)($py, (name: string) => $py.builtins[name]);
    return { repr: $py.repr(value) };
  } catch (e) {
    return { error: $py.errorName(e), message: (e as Error).message };
  }
}

test.each(cases.map((c) => [c.expr, c]))('%s', (_expr, { expr, ...want }) => {
  expect(outcome(expr)).toEqual(want);
});
