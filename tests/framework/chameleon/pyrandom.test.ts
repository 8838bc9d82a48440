/**
 * Random expressions against Python itself: 1500 `%` and str.format expressions (every flag,
 * fill, alignment, width, grouping, precision and type over ints, floats with their ties and
 * extremes, bools and strings) and 1500 operators and builtins over mixed values.
 * pyrandom_oracle.py wrote fixtures/pyrandom-expected.json.
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
const cases: Case[] = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'pyrandom-expected.json'), 'utf8'));

/** What the README lists as not supported, and `is` on literals (identity is CPython's detail). */
function outOfScope(c: Case): string | null {
  if (/\) is (not )?\(/.test(c.expr)) return '`is` between literals';
  if (c.repr && /\dj\)$/.test(c.repr)) return 'complex numbers';
  if (c.repr && /\d{17,}/.test(c.repr)) return 'ints beyond 2**53';
  return null;
}

function outcome(source: string): Omit<Case, 'expr'> {
  try {
    const value = new Function('$py', '$lookup', `return ${compilePython(source)};`)($py, (name: string) => $py.builtins[name]);
    return { repr: $py.repr(value) };
  } catch (e) {
    return { error: $py.errorName(e), message: (e as Error).message };
  }
}

const inScope = cases.filter((c) => !outOfScope(c));

test(`most of the table is in scope (${inScope.length} of ${cases.length})`, () => {
  expect(inScope.length).toBeGreaterThan(cases.length * 0.9);
});

test.each(inScope.map((c) => [c.expr, c]))('%s', (_expr, { expr, ...want }) => {
  const got = outcome(expr);
  // Python's MemoryError says nothing; ours says what was too large.
  if (want.error === 'MemoryError') expect(got.error).toBe('MemoryError');
  else expect(got).toEqual(want);
});
