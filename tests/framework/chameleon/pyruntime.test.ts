/**
 * What Chameleon cannot be the oracle for: Python expressions over JavaScript values (our
 * camelCase API, Maps, Sets, class instances, keyword arguments reaching JS functions), the
 * code the compiler emits for the common cases, and its syntax errors.
 */
import { compilePython, compileTarget, splitPipes, PythonSyntaxError } from '../../../framework/chameleon/pyexpr';
import { $py, PyError, PyFloat } from '../../../framework/chameleon/pyruntime';

function evaluate(source: string, namespace: Record<string, unknown> = {}): any {
  const lookup = (name: string) => {
    if (Object.prototype.hasOwnProperty.call(namespace, name)) return namespace[name];
    if (Object.prototype.hasOwnProperty.call($py.builtins, name)) return $py.builtins[name];
    throw new PyError('NameError', `name '${name}' is not defined`);
  };
  return new Function('$py', '$lookup', `return ${compilePython(source)};`)($py, lookup);
}

function errorOf(source: string, namespace: Record<string, unknown> = {}): string {
  try {
    evaluate(source, namespace);
  } catch (e) {
    return `${$py.errorName(e)}: ${(e as Error).message}`;
  }
  throw new Error(`${source} did not raise`);
}

class FakeRequest {
  calls: unknown[][] = [];
  applicationUrl = 'http://example.com';
  routeUrl(...args: unknown[]): string {
    this.calls.push(args);
    return `/route/${String(args[0])}`;
  }
  get sessionData(): Record<string, unknown> {
    return { n: 1 };
  }
}

describe('Python names reach our camelCase API', () => {
  test('request.route_url(name, id=1) calls routeUrl(name, { id: 1 }) on the request', () => {
    const request = new FakeRequest();
    expect(evaluate("request.route_url('view', id=1, _query={'a': 'b'})", { request })).toBe('/route/view');
    expect(request.calls).toEqual([['view', { id: 1, _query: { a: 'b' } }]]);
  });

  test('without keywords no trailing object is passed; **kw passes the mapping', () => {
    const request = new FakeRequest();
    evaluate("request.route_url('home')", { request });
    evaluate("request.route_url('home', **{'x': 1})", { request });
    evaluate("request.route_url('home', *['a', 'b'])", { request });
    expect(request.calls).toEqual([['home'], ['home', { x: 1 }], ['home', 'a', 'b']]);
  });

  test('properties and getters read in snake_case, and a method read without a call stays bound', () => {
    const request = new FakeRequest();
    expect(evaluate('request.application_url', { request })).toBe('http://example.com');
    expect(evaluate('request.session_data.n', { request })).toBe(1);
    expect(evaluate("request.route_url", { request })('x')).toBe('/route/x');
    expect(errorOf('request.no_such_thing', { request })).toBe("AttributeError: 'FakeRequest' object has no attribute 'no_such_thing'");
  });

  test('an integral float reaches a JS function as a number', () => {
    const seen: unknown[] = [];
    evaluate('f(4 / 2, x=1.0)', { f: (...a: unknown[]) => seen.push(...a) });
    expect(seen).toEqual([2, { x: 1 }]);
  });

  test('a JS function and a lambda passed to JS are plain functions', () => {
    const twice = evaluate('lambda x: x * 2');
    expect([1, 2].map((x) => twice(x))).toEqual([2, 4]);
    expect(evaluate('apply(lambda a, b=3: a + b, 1)', { apply: (f: (a: number) => number, a: number) => f(a) })).toBe(4);
  });
});

describe('plain objects are dicts whose keys read as attributes', () => {
  const page = { title: 'Home', items: ['a'], get: 'x' };

  test('an own key wins when read; a dict method still answers a call', () => {
    expect(evaluate('page.title', { page })).toBe('Home');
    expect(evaluate('page.items', { page })).toEqual(['a']);
    expect($py.repr(evaluate('page.items()', { page }))).toBe("dict_items([('title', 'Home'), ('items', ['a']), ('get', 'x')])");
    expect(evaluate("page.get('title')", { page })).toBe('Home');
  });

  test('an own function is called as a method', () => {
    const o = { greet(this: { who: string }, p: string) { return `${p} ${this.who}`; }, who: 'you' };
    expect(evaluate("o.greet('hi')", { o })).toBe('hi you');
  });

  test('a snake_case name finds a camelCase key', () => {
    expect(evaluate('o.first_name', { o: { firstName: 'Ann' } })).toBe('Ann');
  });

  test('Maps: keys as items and attributes; Sets: membership and len', () => {
    const m = new Map<unknown, unknown>([['a', 1], [2, 'two']]);
    expect(evaluate('m.a + m[2].__len__() if 0 else m.a', { m })).toBe(1);
    expect(evaluate("m[2] + '!'", { m })).toBe('two!');
    expect(evaluate("'a' in m and 3 not in m", { m })).toBe(true);
    expect(evaluate('sorted(m.keys(), key=str)', { m })).toEqual([2, 'a']);
    expect(errorOf("m['z']", { m })).toBe("KeyError: 'z'");
    expect(evaluate('len(s) == 2 and 1 in s and bool(s)', { s: new Set([1, 2]) })).toBe(true);
    expect(evaluate('bool(s)', { s: new Set() })).toBe(false);
    expect($py.str(new Map([[1, 'x']]))).toBe("{1: 'x'}");
  });

  test('a dict display with non-string keys is a Map; with string keys a plain object', () => {
    expect(evaluate("{'a': 1}")).toEqual({ a: 1 });
    expect(evaluate('{1: 2}')).toEqual(new Map([[1, 2]]));
    expect(evaluate("{'__proto__': 1}")).toEqual(new Map([['__proto__', 1]]));
  });
});

describe('Python protocols on JS objects', () => {
  test('__getitem__ answers subscripts, __getattr__ missing attributes, __len__ and __bool__ truth', () => {
    const o = {
      __getitem__: (k: unknown) => `item ${String(k)}`,
    };
    class Repeat {
      __getattr__(name: string) {
        return `attr ${name}`;
      }
      __len__() {
        return 0;
      }
    }
    expect(evaluate("o['x']", { o })).toBe('item x');
    expect(evaluate('r.item', { r: new Repeat() })).toBe('attr item');
    expect(evaluate("'yes' if r else 'no'", { r: new Repeat() })).toBe('no');
  });

  test('a Map-like object (has/get) answers items', () => {
    const params = { has: (k: string) => k === 'q', get: () => 'found' };
    expect(evaluate("params['q']", { params: Object.assign(Object.create({}), params) })).toBe('found');
  });

  test('str() uses __str__, then a class of our own toString, then repr', () => {
    class Markup {
      constructor(readonly s: string) {}
      toString() {
        return this.s;
      }
    }
    class Plain {}
    expect($py.str(new Markup('<b>'))).toBe('<b>');
    expect($py.str({ __str__: () => 'S' })).toBe("{'__str__': <function __str__>}");
    expect($py.str(Object.assign(new Plain(), { __str__: () => 'S' }))).toBe('S');
    expect($py.str(new Plain())).toBe('<Plain object>');
  });
});

describe('values render as Python prints them', () => {
  test.each([
    [null, 'None'], [undefined, 'None'], [true, 'True'], [false, 'False'], [3, '3'], [-0, '0'],
    [0.1, '0.1'], [2 ** 62, '4611686018427387904'], [1e21, '1e+21'], [new PyFloat(1e16), '1e+16'], [1e-5, '1e-05'], [1.5e300, '1.5e+300'], [NaN, 'nan'], [-Infinity, '-inf'],
    [new PyFloat(1), '1.0'], [[1, 'a', null], "[1, 'a', None]"], [{ a: [true] }, "{'a': [True]}"],
    [$py.tuple([1]), '(1,)'], [new Set(), 'set()'], ['x', 'x'],
  ])('%p → %s', (value, text) => {
    expect($py.str(value)).toBe(text);
  });
});

describe('the compiled code', () => {
  test('a name, an attribute chain and a string literal are direct calls', () => {
    expect(compilePython('name')).toBe('$lookup("name")');
    expect(compilePython(' a.b.c ')).toBe('$py.getattr($py.getattr($lookup("a"), "b"), "c")');
    expect(compilePython("'it''s'")).toBe('"its"');
    expect(compilePython('x.y(1)')).toBe('$py.callMethod($lookup("x"), "y", 1)');
  });

  test('comprehension and lambda variables are locals; other names go through $lookup', () => {
    const code = compilePython('[x + y for x in xs]');
    expect(code).toContain('$v_x');
    expect(code).toContain('$lookup("y")');
    expect(code).not.toContain('$lookup("x")');
  });

  test('Chameleon\'s multi-line expressions: newlines are spaces, a trailing backslash continues', () => {
    expect(evaluate("1 +\n 2")).toBe(3);
    expect(evaluate("'a' + \\\n 'b'")).toBe('ab');
  });

  test('a free name that is not defined is a NameError from $lookup', () => {
    expect(errorOf('missing + 1')).toBe("NameError: name 'missing' is not defined");
  });
});

describe('syntax errors are found at compile time, with the column', () => {
  test.each([
    ['1 +', 3],
    ["'open", 0],
    ['(1, 2', 0],
    ['a ! b', 2],
    ['f(x=1, 2)', 7],
    ['x = 1', 2],
    ["f'{}'", 3],
    ['lambda: (yield)', 9],
    ['a := 1', 2],
  ])('%s (column %d)', (source, offset) => {
    let error: unknown;
    try {
      compilePython(source);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PythonSyntaxError);
    expect((error as PythonSyntaxError).offset).toBe(offset);
  });

  test('unsupported constructs say so', () => {
    expect(() => compilePython("b'x'")).toThrow('bytes literals are not supported in templates');
    expect(() => compilePython('1j')).toThrow('complex numbers are not supported in templates');
  });
});

describe('compileTarget: tal:define and tal:repeat targets, as Chameleon reads them', () => {
  test.each([
    ['item', { names: ['item'], unpack: false }],
    [' my-name ', { names: ['my-name'], unpack: false }],
    ['(k, v)', { names: ['k', 'v'], unpack: true }],
    ['(a,b,c)', { names: ['a', 'b', 'c'], unpack: true }],
  ])('%s', (source, want) => {
    expect(compileTarget(source)).toEqual(want);
  });

  test('anything else is an error naming the forms allowed', () => {
    expect(() => compileTarget('a, b')).toThrow('(a name or (a, b))');
    expect(() => compileTarget('x.y')).toThrow(PythonSyntaxError);
  });
});

describe('splitPipes', () => {
  test.each([
    ['a | b', ['a ', ' b']],
    ["x | 'a|b'", ['x ', " 'a|b'"]],
    ['f(a | b) | c', ['f(a | b) ', ' c']],
    ['a \\| b', ['a | b']],
    ['a | string:x|y', ['a ', ' string:x|y']],
    ['a | python: b | c', ['a ', ' python: b | c']],
    ['nothing', ['nothing']],
  ])('%s', (source, parts) => {
    expect(splitPipes(source)).toEqual(parts);
  });
});

describe('Python exceptions', () => {
  test('PyError(pyType) makes the subclass, so instanceof and pyType agree', () => {
    const e = new PyError('KeyError', "'a'");
    expect(e).toBeInstanceOf($py.KeyError);
    expect(e).toBeInstanceOf($py.LookupError);
    expect(e.pyType).toBe('KeyError');
    expect(e.name).toBe('KeyError');
    expect(new $py.IndexError('x').pyType).toBe('IndexError');
    expect(new PyError('OverflowError', 'x')).toBeInstanceOf(PyError);
  });

  test("Chameleon's fallback errors, and a JS TypeError among them", () => {
    expect($py.isFallbackError(new PyError('NameError', 'x'))).toBe(true);
    expect($py.isFallbackError(new $py.KeyError("'x'"))).toBe(true);
    expect($py.isFallbackError(new TypeError('x'))).toBe(true);
    expect($py.isFallbackError(new PyError('ZeroDivisionError', 'x'))).toBe(false);
    expect($py.isFallbackError(new Error('x'))).toBe(false);
    expect($py.errorName(new TypeError('x'))).toBe('TypeError');
  });
});

describe('identifiers', () => {
  test('non-ASCII names, including letters beyond U+FFFF, are locals and free names', () => {
    expect(evaluate('[été * 2 for été in xs]', { xs: [1] })).toEqual([2]);
    expect(evaluate('𝑥 + 1', { x: 1 })).toBe(2); // NFKC: 𝑥 is x, as in Python
    expect(evaluate('[𐐀 for 𐐀 in "ab"]')).toEqual(['a', 'b']);
  });
});

describe('string literals', () => {
  test.each([
    ["f'tab\\t{1}\\n'", 'tab\t1\n'],
    ["f'q\"{1}'", 'q"1'],
    ["f'it\\'s {1}'", "it's 1"],
    ["rf'a\\t{1}'", 'a\\t1'],
    ["'\\x41\\u00e9\\101\\\\'", 'Aé' + 'A\\'],
    ["'''multi\nline'''", 'multi line'],
    ["'a\\qb'", 'a\\qb'],
  ])('%s', (source, value) => {
    expect(evaluate(source)).toBe(value);
  });
});

describe('our own objects in templates', () => {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { SessionBase } = require('../../../framework/sessionbase');

  test('a session reads as the dict it is in Pyramid', () => {
    const session = new SessionBase({ counter: 2, name: 'Ann' });
    const empty = new SessionBase();
    const ns = { request: { session }, empty };
    expect(evaluate("request.session['counter'] + 1", ns)).toBe(3);
    expect(evaluate("request.session.get('missing', 'no')", ns)).toBe('no');
    expect(evaluate("'name' in request.session and len(request.session)", ns)).toBe(2);
    expect(evaluate('sorted(request.session)', ns)).toEqual(['counter', 'name']);
    expect(evaluate("'yes' if empty else 'no'", ns)).toBe('no');
    expect(evaluate("'yes' if request.session else 'no'", ns)).toBe('yes');
    expect(errorOf("request.session['nope']", ns)).toBe("KeyError: 'nope'");
  });
});

describe("a JS Date reads as Python's naive datetime (local time)", () => {
  // Expected values from /usr/bin/python3: datetime(2026, 11, 29, 18, 5, 3, 250000) and datetime(2026, 1, 4, 7, 0).
  const d = new Date(2026, 10, 29, 18, 5, 3, 250);
  const e = new Date(2026, 0, 4, 7, 0, 0);
  test.each([
    ['%Y-%m-%d %H:%M:%S', '2026-11-29 18:05:03', '2026-01-04 07:00:00'],
    ['%a %A %b %B', 'Sun Sunday Nov November', 'Sun Sunday Jan January'],
    ['%d/%m/%y %I:%M %p', '29/11/26 06:05 PM', '04/01/26 07:00 AM'],
    ['%j %U %W %w', '333 48 47 0', '004 01 00 0'],
    ['%c', 'Sun Nov 29 18:05:03 2026', 'Sun Jan  4 07:00:00 2026'],
    ['%x %X', '11/29/26 18:05:03', '01/04/26 07:00:00'],
    ['%f', '250000', '000000'],
    ['%-d %-m %e', '29 11 29', '4 1  4'],
    ['%%Y', '%Y', '%Y'],
  ])('strftime(%p)', (format, first, second) => {
    expect(evaluate(`d.strftime(${JSON.stringify(format)})`, { d })).toBe(first);
    expect(evaluate(`e.strftime(${JSON.stringify(format)})`, { e })).toBe(second);
  });

  test('fields, str(), repr(), isoformat(), weekday()', () => {
    expect($py.repr(evaluate('(d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond)', { d }))).toBe('(2026, 11, 29, 18, 5, 3, 250000)');
    expect(evaluate('str(d)', { d })).toBe('2026-11-29 18:05:03.250000');
    expect(evaluate('repr(d)', { d })).toBe('datetime.datetime(2026, 11, 29, 18, 5, 3, 250000)');
    expect(evaluate('d.isoformat()', { d })).toBe('2026-11-29T18:05:03.250000');
    expect(evaluate("str(e) + ' ' + repr(e) + ' ' + e.isoformat()", { e })).toBe('2026-01-04 07:00:00 datetime.datetime(2026, 1, 4, 7, 0) 2026-01-04T07:00:00');
    expect($py.repr(evaluate('(d.weekday(), d.isoweekday(), e.weekday())', { d, e }))).toBe('(6, 7, 6)');
    expect(evaluate('d > e and e < d', { d, e })).toBe(true);
  });
});

describe('runaway sizes', () => {
  test('a sequence repeated beyond 1e8 items is a MemoryError, not a stalled render', () => {
    expect(errorOf('[0] * 10 ** 9')).toBe('MemoryError: list of 1 * 1000000000 items is too large for a template');
    expect(evaluate("len('ab' * 1000)")).toBe(2000);
  });
});

describe('error columns count in the source as given', () => {
  test('leading whitespace and continued lines keep their columns', () => {
    const offset = (source: string) => {
      try {
        compilePython(source);
      } catch (e) {
        return (e as PythonSyntaxError).offset;
      }
      return -1;
    };
    expect(offset('  1 +')).toBe(5);
    expect(offset('a + \\  \n b +')).toBe(12);
    expect(offset('\n  (1')).toBe(3);
  });
});
