/**
 * JSON as Python's `json` module writes and reads it with its defaults, so that a session
 * cookie we sign is byte for byte the one Pyramid would sign for the same state, and every
 * cookie Pyramid signs reads back here.
 *
 * `pyDumps` writes `", "` and `": "` separators, `ensure_ascii` escapes, `repr()` floats and
 * bare NaN/Infinity. JavaScript has one number type: safe integers are written as Python
 * ints, other numbers as Python floats, BigInts as ints; `pyFloat()` forces the float form
 * (`1700000000.0`) where Pyramid has a float. `pyLoads` also reads what Python writes and `JSON.parse` does not:
 * bare NaN/Infinity, and integers beyond 2**53 (as BigInt, every digit kept).
 */

/** Marks a number that Python holds as a float, so that an integral value is written `1.0`. */
export class PyFloat {
  constructor(readonly value: number) {}
}

export function pyFloat(value: number): PyFloat {
  return new PyFloat(value);
}

const shortEscapes: Record<string, string> = {
  '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f',
};

// Everything outside printable ASCII, plus the quote and the backslash (Python's ESCAPE_ASCII).
const needsEscape = /["\\]|[^\x20-\x7e]/g;

// The same set as needsEscape, without the global flag, for a quick yes/no.
const hasEscapes = /["\\]|[^\x20-\x7e]/;

function pyString(text: string): string {
  if (!hasEscapes.test(text)) return '"' + text + '"';
  return (
    '"' +
    text.replace(needsEscape, (ch) => shortEscapes[ch] ?? '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0')) +
    '"'
  );
}

function nonFinite(value: number): string | null {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return null;
}

/** Python's `repr()` of a float. */
export function pyFloatRepr(value: number): string {
  const special = nonFinite(value);
  if (special) return special;
  if (Number.isInteger(value)) {
    if (Object.is(value, -0)) return '-0.0';
    // Python switches to exponent notation from 1e16 on.
    if (Math.abs(value) < 1e16) return value.toFixed(0) + '.0';
    return pyExponent(value.toExponential());
  }
  if (Math.abs(value) < 1e-4) return pyExponent(value.toExponential());
  return String(value);
}

/** `1.5e-7` becomes Python's `1.5e-07`; `1e+21` stays. */
function pyExponent(text: string): string {
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

/**
 * A safe integer is written as a Python int; any other number (a fraction, or a whole number
 * beyond 2**53, which a double holds only approximately) as a Python float. Exact big
 * integers are BigInts, written in full.
 */
function writeNumber(value: number): string {
  return Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : pyFloatRepr(value);
}

/** `json.dumps(value)` with Python's defaults. Throws a TypeError for what JSON cannot hold. */
export function pyDumps(value: unknown): string {
  const result = writeValue(value, false, []);
  if (result === undefined) throw new TypeError(`Object of type ${typeof value} is not JSON serializable`);
  return result;
}

/** One member of an object: `"key": value`, or '' where JSON.stringify leaves it out. */
function writeMember(key: unknown, item: unknown, seen: object[]): string {
  const text = writeValue(item, false, seen);
  return text === undefined ? '' : pyString(String(key)) + ': ' + text;
}

/**
 * One value; `undefined` where JSON.stringify leaves a member out. `seen` holds the containers
 * being written (a short list: nesting is shallow, and a list beats a Set at that size).
 */
function writeValue(v: unknown, inArray: boolean, seen: object[]): string | undefined {
  switch (typeof v) {
    case 'string':
      return pyString(v);
    case 'number':
      return writeNumber(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
    case 'undefined':
    case 'function':
    case 'symbol':
      // As JSON.stringify: dropped from objects, null in arrays.
      return inArray ? 'null' : undefined;
  }
  if (v === null) return 'null';
  if (v instanceof PyFloat) return pyFloatRepr(v.value);
  if (!(v instanceof Map) && typeof (v as { toJSON?: unknown }).toJSON === 'function') return writeValue((v as { toJSON(): unknown }).toJSON(), inArray, seen);
  const obj = v as object;
  if (seen.includes(obj)) throw new TypeError('Circular reference detected');
  if (obj instanceof Set || ArrayBuffer.isView(obj)) throw new TypeError(`Object of type ${obj.constructor.name} is not JSON serializable`);
  seen.push(obj);
  let out: string;
  if (Array.isArray(obj)) {
    out = '[';
    for (let i = 0; i < obj.length; i++) out += (i ? ', ' : '') + writeValue(obj[i], true, seen);
    out += ']';
  } else {
    let body = '';
    if (obj instanceof Map) {
      // keys, then get: no [key, value] pair allocated per member
      for (const key of obj.keys()) {
        const member = writeMember(key, obj.get(key), seen);
        if (member) body += body ? ', ' + member : member;
      }
    } else {
      for (const key in obj) {
        if (!Object.prototype.hasOwnProperty.call(obj, key)) continue;
        const member = writeMember(key, (obj as Record<string, unknown>)[key], seen);
        if (member) body += body ? ', ' + member : member;
      }
    }
    out = '{' + body + '}';
  }
  seen.pop();
  return out;
}

/** Whether the text has 16 or more digits in a row: an integer JSON.parse could round. */
function hasLongDigitRun(text: string): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++run >= 16) return true;
    } else run = 0;
  }
  return false;
}

const pythonConstants = /NaN|Infinity/;

/**
 * `json.loads(text)` with Python's defaults: as `JSON.parse`, plus bare `NaN`, `Infinity` and
 * `-Infinity`, and integers beyond `Number.MAX_SAFE_INTEGER` as exact BigInts. Throws a
 * SyntaxError where Python raises. Nearly every cookie takes the native parser.
 */
export function pyLoads(text: string): unknown {
  if (!hasLongDigitRun(text)) {
    try {
      return JSON.parse(text);
    } catch (error) {
      if (!pythonConstants.test(text)) throw error;
    }
  }
  return new PythonJsonParser(text).document();
}

const numberToken = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
const stringToken = /"(?:[^"\\]|\\.)*"/y;

/** A small recursive-descent reader for the rare documents JSON.parse cannot take exactly. */
class PythonJsonParser {
  private at = 0;

  constructor(private readonly text: string) {}

  document(): unknown {
    const value = this.value();
    this.skipSpace();
    if (this.at !== this.text.length) this.fail('Extra data');
    return value;
  }

  private fail(what: string): never {
    throw new SyntaxError(`${what} at position ${this.at}`);
  }

  private skipSpace(): void {
    const text = this.text;
    while (this.at < text.length && ' \t\n\r'.includes(text[this.at])) this.at++;
  }

  private literal(word: string, value: unknown): unknown {
    if (!this.text.startsWith(word, this.at)) this.fail('Expecting value');
    this.at += word.length;
    return value;
  }

  private value(): unknown {
    this.skipSpace();
    const ch = this.text[this.at];
    switch (ch) {
      case '{': return this.object();
      case '[': return this.array();
      case '"': return this.string();
      case 't': return this.literal('true', true);
      case 'f': return this.literal('false', false);
      case 'n': return this.literal('null', null);
      case 'N': return this.literal('NaN', NaN);
      case 'I': return this.literal('Infinity', Infinity);
      case '-': if (this.text.startsWith('-Infinity', this.at)) return this.literal('-Infinity', -Infinity);
    }
    return this.number();
  }

  private number(): number | bigint {
    numberToken.lastIndex = this.at;
    const match = numberToken.exec(this.text);
    if (!match) this.fail('Expecting value');
    this.at = numberToken.lastIndex;
    const token = match[0];
    if (match[1] === undefined && match[2] === undefined) {
      const int = Number(token);
      return Number.isSafeInteger(int) ? int || 0 : BigInt(token);
    }
    return Number(token);
  }

  private string(): string {
    stringToken.lastIndex = this.at;
    const match = stringToken.exec(this.text);
    if (!match) this.fail('Unterminated string starting');
    this.at = stringToken.lastIndex;
    // The token is a whole JSON string: the native parser does the escapes (and rejects control characters).
    return JSON.parse(match[0]);
  }

  /** Steps over `[` or `{`; true when the closing bracket follows at once. */
  private opens(close: string): boolean {
    this.at++;
    this.skipSpace();
    if (this.text[this.at] !== close) return false;
    this.at++;
    return true;
  }

  /** After an item: true at the closing bracket, false at a comma. */
  private closes(close: string): boolean {
    this.skipSpace();
    const ch = this.text[this.at++];
    if (ch === close) return true;
    if (ch !== ',') this.fail("Expecting ',' delimiter");
    return false;
  }

  private array(): unknown[] {
    const items: unknown[] = [];
    if (this.opens(']')) return items;
    do items.push(this.value());
    while (!this.closes(']'));
    return items;
  }

  private object(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    if (this.opens('}')) return result;
    do {
      this.skipSpace();
      if (this.text[this.at] !== '"') this.fail('Expecting property name enclosed in double quotes');
      const key = this.string();
      this.skipSpace();
      if (this.text[this.at++] !== ':') this.fail("Expecting ':' delimiter");
      // defineProperty, so that a "__proto__" key is a key (as JSON.parse makes it), not the prototype.
      Object.defineProperty(result, key, { value: this.value(), writable: true, enumerable: true, configurable: true });
    } while (!this.closes('}'));
    return result;
  }
}

/**
 * Python's `==` between JSON values: numbers by value (`1 == 1.0`, and `True == 1`), lists
 * item by item, dicts by keys and values whatever their order.
 */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const numeric = (v: unknown) => typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean';
  if (numeric(a) && numeric(b)) {
    if (typeof a !== 'bigint' && typeof b !== 'bigint') return Number(a) === Number(b);
    // Python compares an int with a float exactly: BigInt() of a fraction throws, and is unequal.
    try {
      return BigInt(a as number) === BigInt(b as number);
    } catch {
      return false;
    }
  }
  if (a instanceof PyFloat) return pyEquals(a.value, b);
  if (b instanceof PyFloat) return pyEquals(a, b.value);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => pyEquals(item, b[i]));
  }
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && pyEquals((a as any)[k], (b as any)[k]));
}
