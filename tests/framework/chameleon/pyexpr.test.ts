/**
 * Python expressions against the real Chameleon: every expression of fixtures/pyexpr-cases.txt,
 * evaluated by Chameleon (pyexpr_oracle.py wrote fixtures/pyexpr-expected.json) and by our
 * compiler and runtime, gives the same repr() and str(), or the same error type and message.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compilePython, splitPipes, PythonSyntaxError } from '../../../framework/chameleon/pyexpr';
import { $py } from '../../../framework/chameleon/pyruntime';

const FIXTURES = path.join(__dirname, 'fixtures');
const namespaceText = fs.readFileSync(path.join(FIXTURES, 'pyexpr-namespace.json'), 'utf8');

interface Outcome {
  repr?: string;
  str?: string;
  error?: string;
  message?: string;
}
interface Expected extends Outcome {
  expr: string;
  /** What Python gives, where Chameleon 3.8's code generator differs. */
  python?: Outcome;
}

/**
 * Where Chameleon 3.8 (Debian's) compiles an expression wrongly we give what Python gives. The
 * oracle marks those entries (`python`); each must be listed here with the reason.
 */
const CHAMELEON_BUGS: Record<string, string> = {
  "{**d, 'c': 3}": 'Chameleon 3.8 fails on ** in a dict display (weak reference to None)',
  "{'a': 1, **d}": 'Chameleon 3.8 fails on ** in a dict display (weak reference to None)',
  '(-2) ** 2': 'Chameleon 3.8 drops the parentheses and computes -(2 ** 2)',
  "f'{pi:.2f}'": 'Chameleon 3.8 formats an f-string field as text before applying its spec',
  "f'{pi=:.1f}'": 'Chameleon 3.8 formats an f-string field as text before applying its spec',
  "f'{price:{6}.{1}f}'": 'Chameleon 3.8 formats an f-string field as text before applying its spec',
  '{k: v * 10 for k, v in d.items()}': 'Chameleon 3.8 has no handler for dict comprehensions',
  '{v: k for k, v in d.items()}': 'Chameleon 3.8 has no handler for dict comprehensions',
  '{x % 3 for x in ys}': 'Chameleon 3.8 has no handler for set comprehensions',
  '(lambda *a: len(a))(1, 2, 3)': 'Chameleon 3.8 miscompiles a *args lambda',
  '(lambda x, *rest: rest)(1, 2, 3)': 'Chameleon 3.8 miscompiles a *args lambda',
  "{**{'a': 1}, **{'a': 2}}": 'Chameleon 3.8 fails on ** in a dict display (weak reference to None)',
  '{w[0]: w for w in words}': 'Chameleon 3.8 has no handler for dict comprehensions',
};

/**
 * Where we differ from Chameleon and Python on purpose, with what we give. A plain object is
 * our dict and our record at once: its own key, read as an attribute, wins over a dict method
 * of the same name (a call still reaches the method: see pyruntime.test.ts).
 */
const OUR_CHOICES: Record<string, { reason: string; repr: string }> = {
  'items.items': { reason: "an own key wins over dict's method when read", repr: '5' },
  'items.keys': { reason: "an own key wins over dict's method when read", repr: "'k'" },
};
const expected: Expected[] = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'pyexpr-expected.json'), 'utf8'));

/** Runs compiled code as a template does: free names from the namespace, then the builtins. */
export function evaluate(source: string, namespace: Record<string, unknown>): unknown {
  const code = compilePython(source);
  const lookup = (name: string) => {
    if (Object.prototype.hasOwnProperty.call(namespace, name)) return namespace[name];
    if (Object.prototype.hasOwnProperty.call($py.builtins, name)) return $py.builtins[name];
    throw new $py.PyError('NameError', `name '${name}' is not defined`);
  };
  return new Function('$py', '$lookup', `return ${code};`)($py, lookup);
}

/** `a | b`: Chameleon's fallback to the next expression on NameError, AttributeError, LookupError, TypeError, ValueError. */
function evaluateTales(source: string, namespace: Record<string, unknown>): unknown {
  const parts = splitPipes(source);
  for (let i = 0; ; i++) {
    try {
      return evaluate(parts[i], namespace);
    } catch (e) {
      if (i === parts.length - 1 || !$py.isFallbackError(e)) throw e;
    }
  }
}

function outcome(source: string): Outcome {
  const namespace = JSON.parse(namespaceText);
  try {
    const value = evaluateTales(source, namespace);
    return { repr: $py.repr(value), str: $py.str(value) };
  } catch (e) {
    if (e instanceof PythonSyntaxError) throw e;
    return { error: $py.errorName(e), message: (e as Error).message };
  }
}

describe('Python expressions give what Chameleon gives', () => {
  test(`the table holds at least 300 expressions (${expected.length})`, () => {
    expect(expected.length).toBeGreaterThanOrEqual(300);
  });

  test.each(expected.map((c) => [c.expr, c]))('%s', (_expr, want) => {
    const { expr, python, ...chameleon } = want;
    if (python) expect(CHAMELEON_BUGS).toHaveProperty([expr]);
    const ours = outcome(expr);
    if (OUR_CHOICES[expr]) {
      expect(ours.repr).toBe(OUR_CHOICES[expr].repr);
      expect(chameleon.repr).not.toBe(OUR_CHOICES[expr].repr);
    } else {
      expect(ours).toEqual(python ?? chameleon);
    }
  });

  test('every listed Chameleon bug is still one (the oracle marks it)', () => {
    const marked = expected.filter((c) => c.python).map((c) => c.expr);
    expect(marked.sort()).toEqual(Object.keys(CHAMELEON_BUGS).sort());
  });
});
