/**
 * JSON written as Python's `json.dumps` writes it with its defaults (`", "` and `": "`
 * separators, `ensure_ascii`, `repr()` floats, bare NaN/Infinity), so that a session cookie
 * we sign is byte for byte the one Pyramid would sign for the same state.
 *
 * JavaScript has one number type: integral numbers are written as Python ints, others as
 * Python floats. `pyFloat()` forces the float form (`1700000000.0`) where Pyramid has a float.
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

export function pyString(text: string): string {
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

function pyInt(value: number): string {
  if (Math.abs(value) < 1e21) return value.toFixed(0);
  return BigInt(value).toString();
}

function writeNumber(value: number): string {
  const special = nonFinite(value);
  if (special) return special;
  return Number.isInteger(value) && !Object.is(value, -0) ? pyInt(value) : pyFloatRepr(value);
}

/** `json.dumps(value)` with Python's defaults. Throws a TypeError for what JSON cannot hold. */
export function pyDumps(value: unknown): string {
  const seen = new Set<object>();
  const write = (v: unknown, inArray: boolean): string | undefined => {
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function' && !(v instanceof Map)) {
      v = (v as { toJSON(): unknown }).toJSON();
    }
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
    const obj = v as object;
    if (seen.has(obj)) throw new TypeError('Circular reference detected');
    seen.add(obj);
    let out: string;
    if (Array.isArray(obj)) {
      out = '[' + obj.map((item) => write(item, true)).join(', ') + ']';
    } else if (obj instanceof Set || ArrayBuffer.isView(obj)) {
      throw new TypeError(`Object of type ${obj.constructor.name} is not JSON serializable`);
    } else {
      const entries = obj instanceof Map ? [...obj.entries()] : Object.entries(obj);
      const parts: string[] = [];
      for (const [k, item] of entries) {
        const text = write(item, false);
        if (text !== undefined) parts.push(pyString(String(k)) + ': ' + text);
      }
      out = '{' + parts.join(', ') + '}';
    }
    seen.delete(obj);
    return out;
  };
  const result = write(value, false);
  if (result === undefined) throw new TypeError(`Object of type ${typeof value} is not JSON serializable`);
  return result;
}
