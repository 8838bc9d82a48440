/**
 * The builtins templates use (part of `$py`, see pyruntime.ts): `len`, `str`, `int`, `sorted`,
 * `range`, `isinstance`... Types (`str`, `int`, `list`...) are callables marked with `$pytype`,
 * which `isinstance` and `type` read.
 */
import { PyFloat } from '../pyjson';
import { isPyError, PyError, typeError, valueError } from './pyerrors';
import { bind, call, dictEntries, dictKeys, dictOf, each, float, gt, Impl, isDict, isFloat, isPlain, isTuple, Kw, lazy, lt, MISSING, num, PyCallable, pyfunc, PyRange, PySlice, strLength, toArray, truthy, tuple, typeName, unpack } from './pyvalues';
import { ascii, format, repr, str, toFixedPy } from './pyformat';
import { needStr, sortedList } from './pymethods';
import { add, floordiv, getattr, mod, numResult, pow } from './pyops';

function pytype(name: string, impl: Impl, test: (v: any) => boolean): PyCallable {
  const f = pyfunc(name, impl);
  f.$pytype = name;
  (f as any).$test = test;
  return f;
}

function len(v: any): number {
  if (typeof v === 'string') return strLength(v);
  if (Array.isArray(v)) return v.length;
  if (v !== null && typeof v === 'object') {
    if (v instanceof Map || v instanceof Set) return v.size;
    if (v instanceof PyRange) return v.length;
    if (isPlain(v)) return Object.keys(v).length;
    if (typeof v.__len__ === 'function') return v.__len__();
    if (typeof v.length === 'number') return v.length;
    if (typeof v.size === 'number') return v.size;
  }
  return typeError(`object of type '${typeName(v)}' has no len()`);
}

function toInt(v: any, base: any): number {
  if (base !== undefined && base !== null) {
    if (typeof v !== 'string') typeError("int() can't convert non-string with explicit base");
    const b = num(base)!;
    const text = v.trim().replace(/_/g, '').toLowerCase();
    const m = /^([+-]?)(?:0[box])?([0-9a-z]+)$/.exec(text);
    const n = m ? parseInt(m[2], b) : NaN;
    if (!m || Number.isNaN(n) || [...m[2]].some((c) => Number.isNaN(parseInt(c, b)))) {
      valueError(`invalid literal for int() with base ${b}: ${repr(v)}`);
    }
    return m![1] === '-' ? -n : n;
  }
  if (typeof v === 'string') {
    const text = v.trim();
    if (!/^[+-]?\d(?:_?\d)*$/.test(text)) valueError(`invalid literal for int() with base 10: ${repr(v)}`);
    return Number(text.replace(/_/g, ''));
  }
  const n = num(v);
  if (n === undefined) return typeError(`int() argument must be a string, a bytes-like object or a real number, not '${typeName(v)}'`);
  if (Number.isNaN(n)) valueError('cannot convert float NaN to integer');
  if (!Number.isFinite(n)) throw new PyError('OverflowError', 'cannot convert float infinity to integer');
  return Math.trunc(n) || 0;
}

function toFloat(v: any): number | PyFloat {
  if (typeof v === 'string') {
    const text = v.trim().replace(/_/g, '').toLowerCase();
    let n: number;
    if (/^[+-]?(inf|infinity)$/.test(text)) n = text.startsWith('-') ? -Infinity : Infinity;
    else if (/^[+-]?nan$/.test(text)) n = NaN;
    else if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(text)) n = Number(text);
    else return valueError(`could not convert string to float: ${repr(v)}`);
    return float(n);
  }
  const n = num(v);
  if (n === undefined) return typeError(`float() argument must be a string or a real number, not '${typeName(v)}'`);
  return float(n);
}

function extreme(name: string, args: any[], kw: Kw, sign: number): any {
  const opts = bind(name, [], kw, ['key', 'default'], 0, [null, MISSING]);
  const [key, dflt] = opts;
  let candidates: any[];
  if (args.length === 1) candidates = toArray(args[0]);
  else if (args.length === 0) return typeError(`${name} expected at least 1 argument, got 0`);
  else {
    if (dflt !== MISSING) typeError(`Cannot specify a default for ${name}() with multiple positional arguments`);
    candidates = args;
  }
  if (!candidates.length) {
    if (dflt !== MISSING) return dflt;
    return valueError(`${name}() arg is an empty sequence`);
  }
  let best = candidates[0];
  let bestKey = key === null ? best : call(key, best);
  for (let i = 1; i < candidates.length; i++) {
    const k = key === null ? candidates[i] : call(key, candidates[i]);
    if (sign < 0 ? lt(k, bestKey) : gt(k, bestKey)) {
      best = candidates[i];
      bestKey = k;
    }
  }
  return best;
}

function pyRound(x: any, nd: any): any {
  const n = num(x);
  if (n === undefined) return typeError(`type ${typeName(x)} doesn't define __round__ method`);
  if (nd === null || nd === undefined) {
    if (!isFloat(x)) return n;
    if (!Number.isFinite(n)) Number.isNaN(n) ? valueError('cannot convert float NaN to integer') : (() => { throw new PyError('OverflowError', 'cannot convert float infinity to integer'); })();
    const f = Math.floor(n);
    const diff = n - f;
    return diff > 0.5 || (diff === 0.5 && f % 2 !== 0) ? f + 1 : f;
  }
  const digits = num(nd)!;
  if (!isFloat(x)) {
    if (digits >= 0) return n;
    const p = Math.pow(10, -digits);
    return pyRound(n / p, null) * p;
  }
  if (!Number.isFinite(n) || digits > 300) return x;
  if (digits < 0) return float(pyRound(float(n / Math.pow(10, -digits)), null) * Math.pow(10, -digits));
  return float(Number(toFixedPy(n, digits)));
}

function isinstance(v: any, types: any): boolean {
  if (Array.isArray(types) && isTuple(types)) return types.some((t) => isinstance(v, t));
  if (typeof types !== 'function') return typeError('isinstance() arg 2 must be a type, a tuple of types, or a union');
  if ((types as any).$test) return (types as any).$test(v);
  return v instanceof types;
}

function* enumerateGen(it: any, start: number): Generator<any[]> {
  let i = start;
  for (const v of each(it)) yield tuple([i++, v]);
}

function* zipGen(its: any[]): Generator<any[]> {
  const iterators = its.map((it) => (each(it) as any)[Symbol.iterator]());
  if (!iterators.length) return;
  for (;;) {
    const row: any[] = [];
    for (const it of iterators) {
      const r = it.next();
      if (r.done) return;
      row.push(r.value);
    }
    yield tuple(row);
  }
}

function reversed(v: any): Generator<any> {
  const kind = Array.isArray(v) ? 'list_reverseiterator' : isDict(v) ? 'dict_reversekeyiterator' : v instanceof PyRange ? 'range_iterator' : 'reversed';
  if (isDict(v)) v = dictKeys(v);
  if (!(Array.isArray(v) || typeof v === 'string' || v instanceof PyRange)) typeError(`'${typeName(v)}' object is not reversible`);
  const arr = v instanceof PyRange || typeof v === 'string' ? [...v] : v;
  return lazy(kind, (function* () {
    for (let i = arr.length - 1; i >= 0; i--) yield arr[i];
  })());
}

function range(args: any[]): PyRange {
  const ints = args.map((a) => {
    const n = num(a);
    if (n === undefined || isFloat(a)) typeError(`'${typeName(a)}' object cannot be interpreted as an integer`);
    return n!;
  });
  if (ints.length === 1) return new PyRange(0, ints[0], 1);
  if (ints.length === 2) return new PyRange(ints[0], ints[1], 1);
  if (ints.length === 3) {
    if (ints[2] === 0) valueError('range() arg 3 must not be zero');
    return new PyRange(ints[0], ints[1], ints[2]);
  }
  return typeError(`range expected ${ints.length ? 'at most 3' : 'at least 1'} argument${ints.length ? 's' : ''}, got ${ints.length}`);
}

function noKw(name: string, kw: Kw): void {
  if (kw && Object.keys(kw).length) typeError(`${name}() takes no keyword arguments`);
}

function builtin(name: string, impl: Impl): PyCallable {
  return pyfunc(name, impl);
}

function exact(name: string, arity: number, f: (...a: any[]) => any): PyCallable {
  return pyfunc(name, (a, kw) => {
    noKw(name, kw);
    if (a.length !== arity) {
      typeError(arity === 1 ? `${name}() takes exactly one argument (${a.length} given)` : `${name} expected ${arity} arguments, got ${a.length}`);
    }
    return f(...a);
  });
}

function hasattr(o: any, name: any): boolean {
  try {
    getattr(o, needStr(name, 'attribute name'), false);
    return true;
  } catch (e) {
    if (isPyError(e, 'AttributeError')) return false;
    throw e;
  }
}

/** The builtins templates use; `$lookup` falls back on these. */
export const builtins: Record<string, any> = {
  None: null,
  True: true,
  False: false,
  len: exact('len', 1, len),
  str: pytype('str', (a, kw) => {
    const [v] = bind('str', a, kw, ['object'], 0, ['']);
    return str(v);
  }, (v) => typeof v === 'string'),
  repr: exact('repr', 1, repr),
  ascii: exact('ascii', 1, ascii),
  int: pytype('int', (a, kw) => {
    const [v, base] = bind('int', a, kw, ['x', 'base'], 0, [0, null]);
    return toInt(v, base);
  }, (v) => typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint'),
  float: pytype('float', (a, kw) => {
    noKw('float', kw);
    return toFloat(a.length ? a[0] : 0);
  }, isFloat),
  bool: pytype('bool', (a, kw) => {
    noKw('bool', kw);
    return a.length ? truthy(a[0]) : false;
  }, (v) => typeof v === 'boolean'),
  list: pytype('list', (a, kw) => {
    noKw('list', kw);
    return a.length ? [...toArray(a[0])] : [];
  }, (v) => Array.isArray(v) && !isTuple(v)),
  tuple: pytype('tuple', (a, kw) => {
    noKw('tuple', kw);
    return tuple(a.length ? [...toArray(a[0])] : []);
  }, (v) => Array.isArray(v) && isTuple(v)),
  dict: pytype('dict', (a, kw) => {
    const entries: Array<[any, any]> = [];
    if (a.length > 1) typeError(`dict expected at most 1 argument, got ${a.length}`);
    if (a.length) {
      if (isDict(a[0])) entries.push(...dictEntries(a[0]));
      else for (const p of each(a[0])) entries.push(unpack(p, 2) as [any, any]);
    }
    if (kw) entries.push(...Object.entries(kw));
    const merged = new Map<any, any>();
    for (const [k, v] of entries) merged.set(k, v);
    return dictOf([...merged.entries()]);
  }, isDict),
  set: pytype('set', (a, kw) => {
    noKw('set', kw);
    return new Set(a.length ? toArray(a[0]) : []);
  }, (v) => v instanceof Set),
  range: pytype('range', (a, kw) => {
    noKw('range', kw);
    return range(a);
  }, (v) => v instanceof PyRange),
  enumerate: builtin('enumerate', (a, kw) => {
    const [it, start] = bind('enumerate', a, kw, ['iterable', 'start'], 1, [0]);
    return lazy('enumerate', enumerateGen(it, num(start)!));
  }),
  zip: builtin('zip', (a, kw) => {
    noKw('zip', kw);
    return lazy('zip', zipGen(a));
  }),
  reversed: exact('reversed', 1, reversed),
  sorted: builtin('sorted', (a, kw) => {
    if (a.length !== 1) typeError(`sorted expected 1 argument, got ${a.length}`);
    return sortedList(a[0], kw);
  }),
  min: builtin('min', (a, kw) => extreme('min', a, kw, -1)),
  max: builtin('max', (a, kw) => extreme('max', a, kw, 1)),
  sum: builtin('sum', (a, kw) => {
    const [it, start] = bind('sum', a, kw, ['iterable', 'start'], 1, [0]);
    if (typeof start === 'string') typeError("sum() can't sum strings [use ''.join(seq) instead]");
    let total = start;
    for (const v of each(it)) total = add(total, v);
    return total;
  }),
  any: exact('any', 1, (it) => {
    for (const v of each(it)) if (truthy(v)) return true;
    return false;
  }),
  all: exact('all', 1, (it) => {
    for (const v of each(it)) if (!truthy(v)) return false;
    return true;
  }),
  abs: exact('abs', 1, (v) => {
    const n = num(v);
    if (n === undefined) typeError(`bad operand type for abs(): '${typeName(v)}'`);
    return numResult(Math.abs(n!), isFloat(v));
  }),
  round: builtin('round', (a, kw) => {
    const [x, nd] = bind('round', a, kw, ['number', 'ndigits'], 1, [null]);
    return pyRound(x, nd);
  }),
  divmod: exact('divmod', 2, (x, y) => {
    const a = num(x);
    const b = num(y);
    if (a === undefined || b === undefined) typeError(`unsupported operand type(s) for divmod(): '${typeName(x)}' and '${typeName(y)}'`);
    if (b === 0) throw new PyError('ZeroDivisionError', isFloat(x) || isFloat(y) ? 'float divmod()' : 'integer division or modulo by zero');
    return tuple([floordiv(x, y), mod(x, y)]);
  }),
  pow: builtin('pow', (a, kw) => {
    const [x, y] = bind('pow', a, kw, ['base', 'exp'], 2);
    return pow(x, y);
  }),
  isinstance: exact('isinstance', 2, isinstance),
  hasattr: exact('hasattr', 2, hasattr),
  getattr: builtin('getattr', (a, kw) => {
    noKw('getattr', kw);
    if (a.length < 2 || a.length > 3) typeError(`getattr expected at least 2 arguments, got ${a.length}`);
    if (a.length === 2) return getattr(a[0], needStr(a[1], 'attribute name'), false);
    return hasattr(a[0], a[1]) ? getattr(a[0], a[1], false) : a[2];
  }),
  callable: exact('callable', 1, (v) => typeof v === 'function'),
  chr: exact('chr', 1, (v) => {
    const n = num(v);
    if (n === undefined || isFloat(v)) typeError(`'${typeName(v)}' object cannot be interpreted as an integer`);
    if (n! < 0 || n! > 0x10ffff) valueError('chr() arg not in range(0x110000)');
    return String.fromCodePoint(n!);
  }),
  ord: exact('ord', 1, (v) => {
    if (typeof v !== 'string' || [...v].length !== 1) typeError(`ord() expected a character, but string of length ${typeof v === 'string' ? [...v].length : 0} found`);
    return v.codePointAt(0);
  }),
  hex: exact('hex', 1, (v) => format(v, '#x')),
  oct: exact('oct', 1, (v) => format(v, '#o')),
  bin: exact('bin', 1, (v) => format(v, '#b')),
  format: builtin('format', (a, kw) => {
    const [v, spec] = bind('format', a, kw, ['value', 'format_spec'], 1, ['']);
    return format(v, spec);
  }),
  map: builtin('map', (a, kw) => {
    noKw('map', kw);
    const [f, ...its] = a;
    return lazy('map', (function* () {
      for (const row of zipGen(its)) yield call(f, ...row);
    })());
  }),
  filter: exact('filter', 2, (f, it) => lazy('filter', (function* () {
    for (const v of each(it)) if (truthy(f === null ? v : call(f, v))) yield v;
  })())),
  iter: exact('iter', 1, (v) => (each(v) as any)[Symbol.iterator]()),
  next: builtin('next', (a) => {
    const r = a[0].next();
    if (r.done) {
      if (a.length > 1) return a[1];
      throw new PyError('StopIteration', '');
    }
    return r.value;
  }),
  type: exact('type', 1, (v) => {
    const name = typeName(v);
    return builtins[name]?.$pytype ? builtins[name] : v?.constructor ?? null;
  }),
  slice: builtin('slice', (a) => (a.length === 1 ? new PySlice(null, a[0], null) : new PySlice(a[0], a[1] ?? null, a[2] ?? null))),
};
