"""Write fixtures/pyrandom-expected.json: random expressions evaluated by Python itself.

    /usr/bin/python3 tests/framework/chameleon/pyrandom_oracle.py            # rewrite the fixture
    /usr/bin/python3 tests/framework/chameleon/pyrandom_oracle.py --stdout   # print it

Two families, 1500 each, from a fixed seed (the file changes only when this script does):
- formatting: printf-style `%` and str.format specs with every flag, fill, alignment, width,
  grouping, precision and type, over ints, floats (ties, extremes, -0.0), bools and strings;
- operators and builtins: every binary operator, unary operators and a few builtins over
  mixed values (ints, floats, bools, None, strings, lists, tuples, dicts, sets, ranges).
This is Python's own semantics (Chameleon passes it through), so plain eval() is the oracle.
pyrandom.test.ts compares ours.
"""
import json
import os
import random
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
FORMAT_VALUES = ['0', '1', '-1', '7', '-42', '255', '1234567', '3.14159', '-2.5', '0.5', '1.5', '2.675',
                 '0.125', '1e-7', '1e16', '123456.789', '-0.0', '1.0', '100.0', 'True', "'abc'", "'x'",
                 '0.0001', '99.995', '1e22', '-1234.5678', '2.5', '0.375', '1e300']
OPERAND_VALUES = ['0', '1', '-1', '7', '-7', '2', '3', '-3', '0.5', '-2.5', '2.0', '1e300', '1e-300', 'True',
                  'False', 'None', "'ab'", "''", '[1, 2]', '[]', '(1,)', '()', "{'a': 1}", '{1, 2}', '10**15',
                  '0.1', '3.7', '-0.0', "'10'", '[0]', 'range(3)']
OPERATORS = ['+', '-', '*', '/', '//', '%', '**', '<', '<=', '>', '>=', '==', '!=', 'in', 'not in', 'is',
             'is not', 'and', 'or', '&', '^', '<<', '>>']
FUNCTIONS = ['abs', 'round', 'int', 'float', 'bool', 'str', 'len', 'sorted', 'list', 'repr']
PAIR_FUNCTIONS = ['min', 'max', 'divmod', 'pow']


def printf_case(rng, value):
    t = rng.choice('sdifeEgGxXorc%')
    if t == '%':
        return "'%%' % ()"
    flags = ''.join(rng.sample('-+ #0', rng.randint(0, 2)))
    width = rng.choice(['', '1', '5', '10', '12'])
    prec = rng.choice(['', '.0', '.1', '.2', '.3', '.6', '.10'])
    return "'%%%s%s%s%s' %% %s" % (flags, width, prec, t, value)


def format_case(rng, value):
    align = rng.choice(['', '<', '>', '^', '='])
    fill = rng.choice(['', '*', '0', ' ']) if align else ''
    spec = (fill + align + rng.choice(['', '+', '-', ' ']) + rng.choice(['', '#']) + rng.choice(['', '0'])
            + rng.choice(['', '1', '6', '11']) + rng.choice(['', ',', '_'])
            + rng.choice(['', '.0', '.1', '.2', '.3', '.7'])
            + rng.choice(['', 'd', 'f', 'F', 'e', 'E', 'g', 'G', '%', 'x', 'X', 'b', 'o', 's', 'n', 'c']))
    return "'{:%s}'.format(%s)" % (spec, value)


def operator_case(rng):
    a, b = rng.choice(OPERAND_VALUES), rng.choice(OPERAND_VALUES)
    r = rng.random()
    if r < 0.75:
        return '(%s) %s (%s)' % (a, rng.choice(OPERATORS), b)
    if r < 0.85:
        return '%s(%s)' % (rng.choice(['-', '+', 'not ', '~']), a)
    if r < 0.95:
        return '%s(%s)' % (rng.choice(FUNCTIONS), a)
    return '%s(%s, %s)' % (rng.choice(PAIR_FUNCTIONS), a, b)


def evaluate(expr):
    try:
        return {'expr': expr, 'repr': repr(eval(expr))}  # noqa: S307 - our own generated text
    except Exception as e:  # noqa: BLE001 - every error is part of the oracle
        return {'expr': expr, 'error': type(e).__name__, 'message': str(e)}


def main():
    warnings.simplefilter('ignore')  # `is` with a literal, on purpose
    rng = random.Random(7)
    exprs = []
    for _ in range(1500):
        value = rng.choice(FORMAT_VALUES)
        exprs.append(printf_case(rng, value) if rng.random() < 0.5 else format_case(rng, value))
    rng = random.Random(11)
    exprs += [operator_case(rng) for _ in range(1500)]
    text = json.dumps([evaluate(e) for e in exprs], indent=0, ensure_ascii=False) + '\n'
    if '--stdout' in sys.argv:
        sys.stdout.write(text)
    else:
        with open(os.path.join(HERE, 'fixtures', 'pyrandom-expected.json'), 'w', encoding='utf-8') as f:
            f.write(text)
        print('%d expressions written' % len(exprs))


if __name__ == '__main__':
    main()
