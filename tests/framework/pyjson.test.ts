/**
 * framework/pyjson.ts: JSON as Python's json module writes and reads it. Every expected text
 * below is what /usr/bin/python3's `json.dumps` printed for the same value.
 */
import { pyDumps, pyEquals, pyFloat, pyFloatRepr, pyLoads } from '../../framework/pyjson';

describe('pyDumps writes what json.dumps writes', () => {
  test.each<[string, unknown, string]>([
    ['plain text', 'plain', '"plain"'],
    ['quote and backslash', 'quote " backslash \\', '"quote \\" backslash \\\\"'],
    ['latin-1 as \\u escape', 'é', '"\\u00e9"'],
    ['BMP character', '☃', '"\\u2603"'],
    ['astral character as a surrogate pair', '😀', '"\\ud83d\\ude00"'],
    ['control characters and DEL', '\u0000\u001f\u007f\u0080', '"\\u0000\\u001f\\u007f\\u0080"'],
    ['short escapes', '\n\r\t\b\f', '"\\n\\r\\t\\b\\f"'],
    ['slash not escaped', '/', '"/"'],
    ['line separator', '\u2028', '"\\u2028"'],
    ['lone surrogate', '\ud800', '"\\ud800"'],
    ['zero', 0, '0'],
    ['negative zero (a float in Python)', -0, '-0.0'],
    ['int', 1, '1'],
    ['negative int', -7, '-7'],
    ['largest safe integer', 9007199254740991, '9007199254740991'],
    ['2**53: no longer exact in a double, so a float', 9007199254740992, '9007199254740992.0'],
    ['1e16', 1e16, '1e+16'],
    ['a fraction', 1.5, '1.5'],
    ['shortest repr', 0.1 + 0.2, '0.30000000000000004'],
    ['1e21', 1e21, '1e+21'],
    ['1e-7 with a two-digit exponent', 1e-7, '1e-07'],
    ['0.0001 still plain', 0.0001, '0.0001'],
    ['0.00001 in exponent form', 0.00001, '1e-05'],
    ['smallest subnormal', 5e-324, '5e-324'],
    ['largest double', 1.7976931348623157e308, '1.7976931348623157e+308'],
    ['a plain decimal', 123456789.123, '123456789.123'],
    ['NaN bare', NaN, 'NaN'],
    ['Infinity bare', Infinity, 'Infinity'],
    ['-Infinity bare', -Infinity, '-Infinity'],
    ['a BigInt as an int, every digit', 2n ** 64n, '18446744073709551616'],
    ['pyFloat of a whole number', pyFloat(1700000000), '1700000000.0'],
    ['nested lists and an empty dict', [1, [2, {}], []], '[1, [2, {}], []]'],
    ['true, false, null', { a: { b: [true, false, null] } }, '{"a": {"b": [true, false, null]}}'],
    ['empty dict', {}, '{}'],
    ['empty list', [], '[]'],
  ])('%s', (_name, value, python) => {
    expect(pyDumps(value)).toBe(python);
  });

  test('a Map keeps its order, its keys written as text', () => {
    expect(pyDumps(new Map<unknown, unknown>([['b', 1], [2, 'two'], [true, null]]))).toBe('{"b": 1, "2": "two", "true": null}');
  });

  test('undefined and functions are left out of objects and are null in lists, as JSON.stringify does', () => {
    expect(pyDumps({ a: undefined, b: () => 1, c: 1 })).toBe('{"c": 1}');
    expect(pyDumps([undefined, () => 1])).toBe('[null, null]');
  });

  test('toJSON is honoured (a Date becomes its ISO text)', () => {
    expect(pyDumps({ when: new Date(Date.UTC(2023, 10, 14, 22, 13, 20)) })).toBe('{"when": "2023-11-14T22:13:20.000Z"}');
  });

  test.each<[string, unknown, RegExp]>([
    ['a Set', new Set([1]), /Object of type Set is not JSON serializable/],
    ['a typed array', new Uint16Array(2), /Object of type Uint16Array is not JSON serializable/],
    ['a function', () => 1, /Object of type function is not JSON serializable/],
  ])('%s is a TypeError, as Python raises for what JSON cannot hold', (_name, value, message) => {
    expect(() => pyDumps(value)).toThrow(message);
  });

  test('a circular structure is a TypeError, not a stack overflow', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => pyDumps(loop)).toThrow('Circular reference detected');
  });

  test('the same object twice (not a cycle) is fine', () => {
    const shared = { x: 1 };
    expect(pyDumps([shared, shared])).toBe('[{"x": 1}, {"x": 1}]');
  });
});

describe('pyFloatRepr', () => {
  test.each([
    [1, '1.0'],
    [-0, '-0.0'],
    [1e15, '1000000000000000.0'],
    [1e16, '1e+16'],
    [1.5e16, '1.5e+16'],
    [1e-4, '0.0001'],
    [1.5e-5, '1.5e-05'],
  ])('%p', (value, text) => {
    expect(pyFloatRepr(value)).toBe(text);
  });
});

describe('pyLoads reads what json.loads reads', () => {
  test('ordinary JSON, as JSON.parse', () => {
    expect(pyLoads('[1700000000, 1700000000.25, {"n": 1, "s": "caf\\u00e9"}]')).toEqual([1700000000, 1700000000.25, { n: 1, s: 'café' }]);
  });

  test('bare NaN, Infinity and -Infinity', () => {
    expect(pyLoads('[NaN, Infinity, -Infinity, {"x": NaN}]')).toEqual([NaN, Infinity, -Infinity, { x: NaN }]);
  });

  test('integers past 2**53 as exact BigInts; smaller ones, floats and exponents as numbers', () => {
    expect(pyLoads('[9007199254740993, -123456789012345678901234567890, 9007199254740991, 1234567890123456.5, 1e400, -0]')).toEqual([
      9007199254740993n,
      -123456789012345678901234567890n,
      9007199254740991,
      1234567890123456.5,
      Infinity,
      0,
    ]);
  });

  test('the careful parser handles strings with escapes, whitespace and a __proto__ key as JSON.parse does', () => {
    const text = ' { "__proto__" : [ "a\\"b" , "\\u2603" ] , "n" : NaN } ';
    const value = pyLoads(text) as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__', 'n']);
    expect(value['__proto__']).toEqual(['a"b', '☃']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  test('duplicate keys: the last wins, as in Python', () => {
    expect(pyLoads('{"a": 1, "a": NaN}')).toEqual({ a: NaN });
  });

  test.each([
    ['trailing comma', '[1, NaN,]'],
    ['single quotes', "{'a': NaN}"],
    ['unterminated string', '["abc, NaN]'],
    ['extra data', 'NaN NaN'],
    ['a control character in a string', '["a\u0001", NaN]'],
    ['nan in lower case', 'nan'],
    ['a leading zero', '[01, NaN]'],
    ['nothing', ''],
  ])('%s is a SyntaxError, as Python raises', (_name, text) => {
    expect(() => pyLoads(text)).toThrow(SyntaxError);
  });

  test('round trip: pyDumps(pyLoads(text)) gives the text back for what Python writes', () => {
    const text = '[1700000000, 1700000000.25, {"id": 18446744073709551616, "r": 0.30000000000000004, "x": [NaN, -Infinity], "s": "\\ud83d\\ude00"}]';
    expect(pyDumps(pyLoads(text))).toBe(text);
  });
});

describe("pyEquals is Python's == over JSON values", () => {
  test.each<[unknown, unknown, boolean]>([
    [1, 1, true],
    [1, true, true],
    [0, false, true],
    [1, 2, false],
    [2n, 2, true],
    [9007199254740993n, 9007199254740992, false],
    [pyFloat(1), 1, true],
    ['a', 'a', true],
    ['1', 1, false],
    [null, null, true],
    [null, 0, false],
    [[1, [2]], [1, [2]], true],
    [[1, 2], [2, 1], false],
    [{ a: 1, b: 2 }, { b: 2, a: 1 }, true],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [{ a: 1 }, [1], false],
  ])('%p == %p is %p', (a, b, equal) => {
    expect(pyEquals(a, b)).toBe(equal);
  });
});
