"""Write fixtures/pyformat-expected.json: 1500 random format expressions (printf-style `%` and
str.format specs: every flag, fill, alignment, width, grouping, precision and type, over ints,
floats including ties and extremes, bools and strings), each evaluated by Python itself.

    /usr/bin/python3 tests/framework/chameleon/pyformat_oracle.py            # rewrite the fixture
    /usr/bin/python3 tests/framework/chameleon/pyformat_oracle.py --stdout   # print it

The seed is fixed, so the file changes only when this script does. Formatting is Python's own
(Chameleon passes it through), so plain eval() is the oracle. pyformat.test.ts compares ours.
"""
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VALUES = ['0', '1', '-1', '7', '-42', '255', '1234567', '3.14159', '-2.5', '0.5', '1.5', '2.675',
          '0.125', '1e-7', '1e16', '123456.789', '-0.0', '1.0', '100.0', 'True', "'abc'", "'x'",
          '0.0001', '99.995', '1e22', '-1234.5678', '2.5', '0.375', '1e300']


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


def main():
    rng = random.Random(7)
    results = []
    for _ in range(1500):
        value = rng.choice(VALUES)
        expr = printf_case(rng, value) if rng.random() < 0.5 else format_case(rng, value)
        try:
            results.append({'expr': expr, 'repr': repr(eval(expr))})  # noqa: S307 - our own generated text
        except Exception as e:  # noqa: BLE001 - every error is part of the oracle
            results.append({'expr': expr, 'error': type(e).__name__, 'message': str(e)})
    text = json.dumps(results, indent=0, ensure_ascii=False) + '\n'
    if '--stdout' in sys.argv:
        sys.stdout.write(text)
    else:
        with open(os.path.join(HERE, 'fixtures', 'pyformat-expected.json'), 'w', encoding='utf-8') as f:
            f.write(text)
        print('%d expressions written' % len(results))


if __name__ == '__main__':
    main()
