"""Write fixtures/pyexpr-expected.json: each expression of fixtures/pyexpr-cases.txt evaluated
by the real Chameleon (Debian's python3-chameleon), as a `python:` expression is in a template.

    /usr/bin/python3 tests/framework/chameleon/pyexpr_oracle.py            # rewrite the fixture
    /usr/bin/python3 tests/framework/chameleon/pyexpr_oracle.py --stdout   # print it

The names the expressions read are fixtures/pyexpr-namespace.json (JSON objects are dicts, as
our plain objects are). Chameleon's PythonExpr compiles each expression, so attribute access
falls back to item access (`d.a`) exactly as in templates. Each result is written as its
repr() and str(), or as the exception's type name and message. pyexpr.test.ts compares ours.

Where Chameleon 3.8's code generator gets an expression wrong (it drops the parentheses of
`(-2) ** 2`, cannot compile dict/set comprehensions, `{**d}`, `*args` lambdas, f-string format
specs), the entry also holds `python`: what Python itself gives, with Chameleon's attribute
fallback. We follow Python there; the test lists each such case with its reason.
"""
import json
import re
import os
import sys

sys.dont_write_bytecode = True
import ast  # noqa: E402

from chameleon.py26 import lookup_attr  # noqa: E402
from chameleon.tales import PythonExpr, test  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, 'fixtures')


def cases():
    with open(os.path.join(FIXTURES, 'pyexpr-cases.txt'), encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if line.strip() and not line.lstrip().startswith('#'):
                yield line


class AttributeFallback(ast.NodeTransformer):
    """`a.b` becomes `__lookup_attr(a, 'b')`, as Chameleon compiles it."""

    def visit_Attribute(self, node):
        self.generic_visit(node)
        if not isinstance(node.ctx, ast.Load):
            return node
        return ast.copy_location(ast.Call(
            func=ast.Name(id='__lookup_attr', ctx=ast.Load()),
            args=[node.value, ast.Constant(node.attr)], keywords=[]), node)


def python_eval(expr, env):
    """Python's own evaluation, with Chameleon's fallbacks: `a | b` and attribute-to-item."""
    parts = [p.replace('\\|', '|') for p in re.split(r'(?<!\\)\|', expr)]
    for i, part in enumerate(parts):
        tree = ast.fix_missing_locations(AttributeFallback().visit(ast.parse(part.strip(), mode='eval')))
        try:
            return eval(compile(tree, '<expr>', 'eval'), dict(env, __lookup_attr=lookup_attr))
        except (NameError, ValueError, AttributeError, LookupError, TypeError):
            if i == len(parts) - 1:
                raise


def outcome(run):
    try:
        value = run()
    except Exception as e:  # noqa: BLE001 - every error is part of the oracle
        # Drop object addresses, which change from run to run.
        return {'error': type(e).__name__, 'message': re.sub(r' at 0x[0-9a-f]+', '', str(e))}
    return {'repr': re.sub(r' at 0x[0-9a-f]+', '', repr(value)), 'str': re.sub(r' at 0x[0-9a-f]+', '', str(value))}


def evaluate(expr, namespace):
    fresh = lambda: json.loads(json.dumps(namespace))  # noqa: E731 - some cases mutate
    result = dict(expr=expr, **outcome(lambda: test(PythonExpr(expr), **fresh())))
    python = outcome(lambda: python_eval(expr, fresh()))
    if python != {k: v for k, v in result.items() if k != 'expr'}:
        result['python'] = python
    return result


def main():
    with open(os.path.join(FIXTURES, 'pyexpr-namespace.json'), encoding='utf-8') as f:
        namespace = json.load(f)
    results = [evaluate(expr, namespace) for expr in cases()]
    text = json.dumps(results, indent=1, ensure_ascii=False) + '\n'
    if '--stdout' in sys.argv:
        sys.stdout.write(text)
    else:
        with open(os.path.join(FIXTURES, 'pyexpr-expected.json'), 'w', encoding='utf-8') as f:
            f.write(text)
        print('%d expressions written' % len(results))


if __name__ == '__main__':
    main()
