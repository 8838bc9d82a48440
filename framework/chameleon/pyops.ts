/**
 * Python's operators over JS values (part of `$py`, see pyruntime.ts): arithmetic with ints kept
 * apart from floats, attribute access with Chameleon's item fallback and our camelCase names,
 * subscripts and slices, and method calls.
 */
import { PyFloat } from '../pyjson';
import { isPyError, PyError, typeError, valueError } from './pyerrors';
import { bind, call, callKw, codePoints, dictEntries, dictOf, hasOwn, index, isDict, isFloat, isPlain, isTuple, items, Kw, Method, num, PyCallable, pyfunc, PyRange, PySlice, setHas, sliceRange, truthy, tuple, typeName, unwrap } from './pyvalues';
import { FieldAccess, keyError, percentFormat, strFormat } from './pyformat';
import { dateAttr } from './pydatetime';
import { DICT_METHODS, LIST_METHODS, SET_METHODS, STR_METHODS, TUPLE_METHODS, TYPE_METHODS } from './pymethods';

export function numResult(v: number, isFloatResult: boolean): number | PyFloat {
  return isFloatResult && Number.isInteger(v) ? new PyFloat(v) : v;
}

function binopError(op: string, a: any, b: any): never {
  return typeError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function arith(op: string, a: any, b: any, f: (x: number, y: number) => number): any {
  const x = num(a);
  const y = num(b);
  if (x === undefined || y === undefined) return binopError(op, a, b);
  return numResult(f(x, y), isFloat(a) || isFloat(b));
}

export function add(a: any, b: any): any {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    return Number.isInteger(a) && Number.isInteger(b) ? r : numResult(r, true);
  }
  if (typeof a === 'string') {
    if (typeof b === 'string') return a + b;
    return typeError(`can only concatenate str (not "${typeName(b)}") to str`);
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || isTuple(a) !== isTuple(b)) {
      return typeError(`can only concatenate ${typeName(a)} (not "${typeName(b)}") to ${typeName(a)}`);
    }
    const r = a.concat(b);
    return isTuple(a) ? tuple(r) : r;
  }
  return arith('+', a, b, (x, y) => x + y);
}

export function sub(a: any, b: any): any {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    return Number.isInteger(a) && Number.isInteger(b) ? r : numResult(r, true);
  }
  if (a instanceof Set && b instanceof Set) return new Set([...a].filter((x) => !setHas(b, x)));
  return arith('-', a, b, (x, y) => x - y);
}

// Python would try; a template that asks for more is a bug better reported than a stalled render.
const MAX_REPEAT = 1e8;

function repeat(seq: any, n: any): any {
  const count = num(n);
  if (count === undefined || isFloat(n)) return typeError(`can't multiply sequence by non-int of type '${typeName(n)}'`);
  if (count * seq.length > MAX_REPEAT) throw new PyError('MemoryError', `${typeName(seq)} of ${seq.length} * ${count} items is too large for a template`);
  if (typeof seq === 'string') return count > 0 ? seq.repeat(count) : '';
  const out: any[] = [];
  // An empty sequence stays empty however many times it is repeated: no loop over the count.
  for (let i = 0; seq.length && i < count; i++) out.push(...seq);
  return isTuple(seq) ? tuple(out) : out;
}

export function mul(a: any, b: any): any {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    return Number.isInteger(a) && Number.isInteger(b) ? r : numResult(r, true);
  }
  if (typeof a === 'string' || Array.isArray(a)) return repeat(a, b);
  if (typeof b === 'string' || Array.isArray(b)) {
    if (num(a) === undefined || isFloat(a)) return typeError(`can't multiply sequence by non-int of type '${typeName(a)}'`);
    return repeat(b, a);
  }
  return arith('*', a, b, (x, y) => x * y);
}

function zeroCheck(b: any, y: number, a: any, kind: 'div' | 'floordiv' | 'mod'): void {
  if (y !== 0) return;
  const floating = isFloat(a) || isFloat(b);
  if (kind === 'div') throw new PyError('ZeroDivisionError', floating ? 'float division by zero' : 'division by zero');
  if (kind === 'floordiv') throw new PyError('ZeroDivisionError', floating ? 'float floor division by zero' : 'integer division or modulo by zero');
  throw new PyError('ZeroDivisionError', floating ? 'float modulo' : 'integer modulo by zero');
}

export function truediv(a: any, b: any): any {
  const x = num(a);
  const y = num(b);
  if (x === undefined || y === undefined) return binopError('/', a, b);
  zeroCheck(b, y, a, 'div');
  return numResult(x / y, true);
}

function pyMod(x: number, y: number): number {
  const r = x % y;
  return r !== 0 && r < 0 !== y < 0 ? r + y : r === 0 ? (y < 0 ? -0 : 0) : r;
}

export function floordiv(a: any, b: any): any {
  const x = num(a);
  const y = num(b);
  if (x === undefined || y === undefined) return binopError('//', a, b);
  zeroCheck(b, y, a, 'floordiv');
  if (!isFloat(a) && !isFloat(b)) return Math.floor(x / y);
  const m = pyMod(x, y);
  const div = (x - m) / y;
  let f = Math.floor(div);
  if (div - f > 0.5) f += 1;
  // A zero quotient takes the sign of the true quotient, as CPython's (-2.5 // -7 is 0.0).
  if (f === 0) f = x / y < 0 || Object.is(x / y, -0) ? -0 : 0;
  return numResult(f, true);
}

export function mod(a: any, b: any): any {
  if (typeof a === 'string') return percentFormat(a, b);
  const x = num(a);
  const y = num(b);
  if (x === undefined || y === undefined) return binopError('%', a, b);
  zeroCheck(b, y, a, 'mod');
  return numResult(pyMod(x, y), isFloat(a) || isFloat(b));
}

export function pow(a: any, b: any): any {
  const x = num(a);
  const y = num(b);
  if (x === undefined || y === undefined) return binopError('** or pow()', a, b);
  const floating = isFloat(a) || isFloat(b) || y < 0;
  if (x === 0 && y < 0) throw new PyError('ZeroDivisionError', '0.0 cannot be raised to a negative power');
  if (x < 0 && !Number.isInteger(y)) return valueError('negative number cannot be raised to a fractional power (complex results are not supported in templates)');
  const r = Math.pow(x, y);
  if (floating && !Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y)) {
    throw new PyError('OverflowError', "(34, 'Numerical result out of range')");
  }
  return numResult(r, floating);
}

function bitwise(op: string, a: any, b: any, f: (x: bigint, y: bigint) => bigint): any {
  if (typeof a === 'boolean' && typeof b === 'boolean' && (op === '&' || op === '|' || op === '^')) {
    return Boolean(Number(f(BigInt(a), BigInt(b))));
  }
  const x = num(a);
  const y = num(b);
  if (x === undefined || y === undefined || isFloat(a) || isFloat(b)) return binopError(op, a, b);
  if ((op === '<<' || op === '>>') && y < 0) valueError('negative shift count');
  try {
    return Number(f(BigInt(x), BigInt(y)));
  } catch (e) {
    if (e instanceof RangeError) throw new PyError('MemoryError', `${x} ${op} ${y} is too large for a template`);
    throw e;
  }
}

export function lshift(a: any, b: any): any {
  return bitwise('<<', a, b, (x, y) => x << y);
}
export function rshift(a: any, b: any): any {
  return bitwise('>>', a, b, (x, y) => x >> y);
}
export function and_(a: any, b: any): any {
  if (a instanceof Set && b instanceof Set) return new Set([...a].filter((x) => setHas(b, x)));
  return bitwise('&', a, b, (x, y) => x & y);
}
export function or_(a: any, b: any): any {
  if (a instanceof Set && b instanceof Set) return new Set([...a, ...b]);
  if (isDict(a) && isDict(b)) return dictOf([...dictEntries(a), ...dictEntries(b)]);
  return bitwise('|', a, b, (x, y) => x | y);
}
export function xor(a: any, b: any): any {
  if (a instanceof Set && b instanceof Set) return new Set([...[...a].filter((x) => !setHas(b, x)), ...[...b].filter((x) => !setHas(a, x))]);
  return bitwise('^', a, b, (x, y) => x ^ y);
}
export function neg(a: any): any {
  if (typeof a === 'number') return -a;
  const x = num(a);
  if (x === undefined) return typeError(`bad operand type for unary -: '${typeName(a)}'`);
  return numResult(-x, isFloat(a));
}
export function pos(a: any): any {
  const x = num(a);
  if (x === undefined) return typeError(`bad operand type for unary +: '${typeName(a)}'`);
  return typeof a === 'boolean' ? x : a;
}
export function invert(a: any): any {
  const x = num(a);
  if (x === undefined || isFloat(a)) return typeError(`bad operand type for unary ~: '${typeName(a)}'`);
  return -x - 1;
}

function attributeError(o: any, name: string): never {
  throw new PyError('AttributeError', `'${typeName(o)}' object has no attribute '${name}'`);
}

// str.format reads fields with getattr() and [], which read the method tables: so its methods
// are added here, where both exist.
const FIELDS: FieldAccess = { getattr: (o, name) => getattr(o, name, false), getitem: (o, k) => getitem(o, k) };
STR_METHODS.format = (s, a, kw) => strFormat(s, a, kw ?? {}, FIELDS);
STR_METHODS.format_map = (s, a, kw) => {
  const [mapping] = bind('format_map', a, kw, ['mapping'], 1);
  return strFormat(s, [], Object.fromEntries(items(mapping)), FIELDS);
};

const camelCache = new Map<string, string>();

/** `route_url` → `routeUrl`; `_private_name` keeps its leading underscore. */
export function camelCase(name: string): string {
  let camel = camelCache.get(name);
  if (camel === undefined) {
    camel = name.includes('_') ? name.replace(/([^_])_+([a-zA-Z0-9])/g, (_m, a: string, c: string) => a + c.toUpperCase()) : name;
    if (camelCache.size >= 1000) camelCache.clear();
    camelCache.set(name, camel);
  }
  return camel;
}

function boundMethod(table: Record<string, Method>, self: any, name: string): PyCallable | undefined {
  if (!Object.prototype.hasOwnProperty.call(table, name)) return undefined;
  const m = table[name];
  const f: PyCallable = (...args: any[]) => m(self, args, null);
  f.$kw = (args, kw) => m(self, args, kw);
  f.$name = name;
  f.$self = typeName(self);
  return f;
}

function methodTable(o: any): Record<string, Method> | null {
  if (typeof o === 'string') return STR_METHODS;
  if (typeof o !== 'object' || o === null) return null;
  if (Array.isArray(o)) return isTuple(o) ? TUPLE_METHODS : LIST_METHODS;
  if (o instanceof Map || isPlain(o)) return DICT_METHODS;
  if (o instanceof Set) return SET_METHODS;
  return null;
}

/**
 * `o.name`, as Chameleon reads it: the attribute, else the item `o['name']` (a str, list or range
 * then raises its TypeError for a str index, as in Chameleon), plus the camelCase fallback.
 * `items` false is Python's own getattr(), for the builtin and str.format's `{0.name}`.
 */
export function getattr(o: any, name: string, items = true): any {
  if (typeof o === 'object' && o !== null) {
    if (!Array.isArray(o) && isPlain(o)) {
      if (items && hasOwn(o, name)) return o[name];
      const m = boundMethod(DICT_METHODS, o, name);
      if (m) return m;
      const camel = camelCase(name);
      if (items && camel !== name && hasOwn(o, camel)) return o[camel];
      return attributeError(o, name);
    }
    if (o instanceof PyFloat) return numberAttr(o, name);
    const table = methodTable(o);
    if (table) {
      const m = boundMethod(table, o, name);
      if (m) return m;
      if (items && o instanceof Map && o.has(name)) return o.get(name);
      if (items && Array.isArray(o)) getitem(o, name);
      return attributeError(o, name);
    }
    if (items && o instanceof PyRange && !(name in o)) getitem(o, name);
    if (o instanceof Date) {
      const v = dateAttr(o, name);
      if (v !== undefined) return v;
    }
    return objectAttr(o, name, items);
  }
  if (typeof o === 'string') {
    const m = boundMethod(STR_METHODS, o, name);
    if (m) return m;
    if (items) getitem(o, name);
    return attributeError(o, name);
  }
  if (typeof o === 'function') {
    if (name === '__name__') return o.$pytype ?? o.$name ?? o.name;
    const table = o.$pytype && TYPE_METHODS[o.$pytype];
    if (table && hasOwn(table, name)) return unboundMethod(table[name], name);
    return objectAttr(o, name, items);
  }
  if (typeof o === 'number' || typeof o === 'boolean') return numberAttr(o, name);
  return attributeError(o, name);
}

/** The few attributes of numbers: `real`, `imag`, `numerator`, `denominator`, `is_integer()`... */
function numberAttr(o: any, name: string): any {
  const floating = isFloat(o);
  const n = num(o)!;
  switch (name) {
    case 'real': return floating ? o : n;
    case 'imag': return floating ? new PyFloat(0) : 0;
    case 'numerator': if (!floating) return n; break;
    case 'denominator': if (!floating) return 1; break;
    case 'is_integer': if (floating) return pyfunc(name, () => Number.isInteger(n)); break;
    case 'bit_length': if (!floating) return pyfunc(name, () => (n === 0 ? 0 : Math.abs(n).toString(2).length)); break;
    case 'conjugate': return pyfunc(name, () => o);
  }
  return attributeError(o, name);
}

/** `str.lower` and the like: the method, taking its object as the first argument. */
function unboundMethod(m: Method, name: string): PyCallable {
  return pyfunc(name, (args, kw) => {
    if (!args.length) typeError(`unbound method ${name}() needs an argument`);
    return m(args[0], args.slice(1), kw);
  });
}

function objectAttr(o: any, name: string, items: boolean): any {
  let key = name;
  let v = o[key];
  if (v === undefined && !(key in o)) {
    key = camelCase(name);
    v = key === name ? undefined : o[key];
    if (v === undefined && !(key in o)) {
      if (typeof o.__getattr__ === 'function') return o.__getattr__(name);
      if (items && typeof o.has === 'function' && typeof o.get === 'function' && o.has(name)) return o.get(name);
      if (items && typeof o.__getitem__ === 'function') {
        try {
          return o.__getitem__(name);
        } catch (e) {
          if (!isPyError(e, 'KeyError')) throw e;
        }
      }
      return attributeError(o, name);
    }
  }
  return typeof v === 'function' && !v.$pytype ? v.bind(o) : v;
}

/** `o[k]`: negative indexes count from the end; a missing key is a KeyError. */
export function getitem(o: any, k: any): any {
  if (typeof o === 'object' && o !== null && typeof o.__getitem__ === 'function') return o.__getitem__(k);
  if (k instanceof PySlice) return getslice(o, k.start, k.stop, k.step);
  if (Array.isArray(o) || typeof o === 'string') {
    const seq = typeof o === 'string' ? codePoints(o) ?? o : o;
    let i = index(k, o);
    if (i < 0) i += seq.length;
    if (i >= 0 && i < seq.length) return seq[i];
    throw new PyError('IndexError', `${typeof o === 'string' ? 'string' : typeName(o)} index out of range`);
  }
  if (typeof o === 'object' && o !== null) {
    if (o instanceof Map) {
      if (o.has(k)) return o.get(k);
      return keyError(k);
    }
    if (isPlain(o)) {
      if (typeof k === 'string' && hasOwn(o, k)) return o[k];
      return keyError(k);
    }
    if (o instanceof PyRange) {
      let i = index(k, o);
      if (i < 0) i += o.length;
      if (i >= 0 && i < o.length) return o.at(i);
      throw new PyError('IndexError', 'range object index out of range');
    }
    if (typeof o.has === 'function' && typeof o.get === 'function') {
      if (truthy(o.has(k))) return o.get(k);
      return keyError(k);
    }
    if (o instanceof Set) return typeError("'set' object is not subscriptable");
    if (typeof k === 'string' || typeof k === 'number') {
      if (k in o) return o[k];
      return keyError(k);
    }
  }
  return typeError(`'${typeName(o)}' object is not subscriptable`);
}

/** `o[lo:hi:step]` on str, list, tuple and range. */
export function getslice(o: any, lo: any, hi: any, step: any): any {
  if (o instanceof PyRange) {
    const [start, stop, st] = sliceRange(o.length, lo, hi, step);
    return new PyRange(o.at(start), o.at(stop), o.step * st);
  }
  if (typeof o === 'string' && codePoints(o)) return getslice(codePoints(o), lo, hi, step).join('');
  if (typeof o === 'string' || Array.isArray(o)) {
    const [start, stop, st] = sliceRange(o.length, lo, hi, step);
    if (st === 1) {
      if (typeof o === 'string') return o.slice(start, Math.max(start, stop));
      const r = (o as any[]).slice(start, Math.max(start, stop));
      return isTuple(o) ? tuple(r) : r;
    }
    const out: any[] = [];
    for (let i = start; st > 0 ? i < stop : i > stop; i += st) out.push(o[i]);
    if (typeof o === 'string') return out.join('');
    return isTuple(o) ? tuple(out) : out;
  }
  if (o !== null && typeof o === 'object' && typeof o.__getitem__ === 'function') return o.__getitem__(new PySlice(lo, hi, step));
  if (isDict(o)) return typeError('unhashable type: \'slice\'');
  return typeError(`'${typeName(o)}' object is not subscriptable`);
}

/**
 * A plain object's own function wins over a dict method of that name (`{get: fn}.get(1)`);
 * an own key that is not a function does not hide one (`{items: []}.items()` is dict.items).
 */
function ownMethod(o: any, name: string): boolean {
  return isPlain(o) && hasOwn(o, name) && (typeof o[name] === 'function' || !hasOwn(DICT_METHODS, name));
}

/** `o.name(a, b)` without making a bound method. */
export function callMethod(o: any, name: string, ...args: any[]): any {
  if (typeof o === 'string') {
    const m = STR_METHODS[name];
    if (m !== undefined && hasOwn(STR_METHODS, name)) return m(o, args, null);
  } else if (typeof o === 'object' && o !== null && ownMethod(o, name)) {
    const f = o[name];
    if (typeof f === 'function' && !f.$kw) return f.apply(o, args.map(unwrap));
  } else if (typeof o === 'object' && o !== null) {
    const table = methodTable(o);
    if (table) {
      if (hasOwn(table, name)) return table[name](o, args, null);
    } else {
      const f = o[name] ?? (name in o ? undefined : o[camelCase(name)]);
      if (typeof f === 'function' && !f.$pytype) {
        if (f.$kw) return f.$kw(args, null);
        for (let i = 0; i < args.length; i++) if (args[i] instanceof PyFloat) args[i] = args[i].value;
        return f.apply(o, args);
      }
    }
  }
  return call(getattr(o, name), ...args);
}

export function callMethodKw(o: any, name: string, args: any[], kw: Kw): any {
  const table = methodTable(o);
  if (table && hasOwn(table, name) && !ownMethod(o, name)) return table[name](o, args, kw);
  if (typeof o === 'object' && o !== null && (!table || ownMethod(o, name))) {
    // A method of a class instance, or a plain object's own function, keeps its `this`.
    const f = o[name] ?? (table || name in o ? undefined : o[camelCase(name)]);
    if (typeof f === 'function' && !f.$pytype) return callKw(f.$kw ? f : f.bind(o), args, kw);
  }
  return callKw(getattr(o, name), args, kw);
}
