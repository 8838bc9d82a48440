/**
 * Python's values over JavaScript's (part of `$py`, see pyruntime.ts): type names, truth,
 * equality and ordering, `in`, dicts as plain objects or Maps, iteration and unpacking, and
 * calls (positional, keyword, lambdas).
 */
import { PyFloat } from '../pyjson';
import { PyError, typeError, valueError } from './pyerrors';

export type Kw = Record<string, any> | null;
export type Impl = (args: any[], kw: Kw) => any;
export type Method = (self: any, args: any[], kw: Kw) => any;
export interface PyCallable {
  (...args: any[]): any;
  $kw?: Impl;
  $pytype?: string;
  $name?: string;
  /** For a bound method: the type name of its object. */
  $self?: string;
}

/** The Python name of an error's type, for messages: `KeyError`, `TypeError`... */
export function errorName(e: unknown): string {
  if (e instanceof PyError) return e.pyType;
  if (e instanceof Error) return e.name || e.constructor.name;
  return typeName(e);
}

const TUPLE = Symbol('py.tuple');
/** The Python type of a lazy iterator we made: 'generator', 'enumerate', 'zip'... */
export const ITERATOR = Symbol('py.iterator');

/** Tags a JS generator with the Python type it stands for (its repr and type name). */
export function lazy<T extends object>(kind: string, it: T): T {
  (it as any)[ITERATOR] = kind;
  return it;
}
export const VIEW = Symbol('py.view');

/** Marks an array as a Python tuple (it is returned). */
export function tuple<T extends any[]>(items: T): T {
  (items as any)[TUPLE] = true;
  return items;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * A string as Python sees it, one item per code point, when it holds characters beyond U+FFFF
 * (which JS counts twice); null when code units and code points are the same.
 */
export function codePoints(s: string): string[] | null {
  return SURROGATE.test(s) ? [...s] : null;
}

/** Python's len() of a string: code points. */
export function strLength(s: string): number {
  return SURROGATE.test(s) ? [...s].length : s.length;
}

export function isTuple(v: any): boolean {
  return v[TUPLE] === true;
}

export function view(kind: string, items: any[]): any[] {
  (items as any)[VIEW] = kind;
  return items;
}

/** A Python float; integral values become a `PyFloat` so that they print `1.0`. */
export function float(v: number): number | PyFloat {
  return Number.isInteger(v) ? new PyFloat(v) : v;
}

export function isPlain(v: any): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function isDict(v: any): boolean {
  return typeof v === 'object' && v !== null && (v instanceof Map || (!Array.isArray(v) && isPlain(v)));
}

export function isFloat(v: any): boolean {
  return typeof v === 'number' ? !Number.isInteger(v) : v instanceof PyFloat;
}

/** The numeric value of an int, float or bool, else undefined. */
export function num(v: any): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof PyFloat) return v.value;
  return undefined;
}

export class PyRange {
  readonly length: number;
  constructor(readonly start: number, readonly stop: number, readonly step: number) {
    const n = step > 0 ? Math.ceil((stop - start) / step) : Math.ceil((start - stop) / -step);
    this.length = Math.max(0, n);
  }
  *[Symbol.iterator](): Iterator<number> {
    for (let i = 0, v = this.start; i < this.length; i++, v += this.step) yield v;
  }
  at(i: number): number {
    return this.start + i * this.step;
  }
}

/** A `slice` object, for subscripts such as `x[1:2, 3]` handed to objects that take them. */
export class PySlice {
  constructor(readonly start: any, readonly stop: any, readonly step: any) {}
}

export function slice(start: any, stop: any, step: any): PySlice {
  return new PySlice(start, stop, step);
}

/** Python's type name of a value, as error messages print it. */
export function typeName(v: any): string {
  if (v === null || v === undefined) return 'NoneType';
  switch (typeof v) {
    case 'string': return 'str';
    case 'boolean': return 'bool';
    case 'number': return Number.isInteger(v) ? 'int' : 'float';
    case 'bigint': return 'int';
    case 'function': return v.$pytype ? 'type' : v.$kw ? 'builtin_function_or_method' : 'function';
  }
  if (Array.isArray(v)) return (v as any)[VIEW] ?? (isTuple(v) ? 'tuple' : 'list');
  if (v instanceof PyFloat) return 'float';
  if (v instanceof Map || isPlain(v)) return 'dict';
  if (v instanceof Set) return 'set';
  if (v instanceof PyRange) return 'range';
  if (v instanceof PySlice) return 'slice';
  if (v[ITERATOR]) return v[ITERATOR];
  return v.constructor?.name || 'object';
}

/** Python's truth of a value: empty containers, 0, '' and None are false. */
export function truthy(v: any): boolean {
  if (v === true) return true;
  if (v === false || v === null || v === undefined) return false;
  switch (typeof v) {
    case 'string': return v.length > 0;
    case 'number': return v !== 0;
    case 'object':
      if (Array.isArray(v)) return v.length > 0;
      if (v instanceof Map || v instanceof Set) return v.size > 0;
      if (v instanceof PyFloat) return v.value !== 0;
      if (v instanceof PyRange) return v.length > 0;
      if (isPlain(v)) {
        for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) return true;
        return false;
      }
      if (typeof v.__bool__ === 'function') return truthy(v.__bool__());
      if (typeof v.__len__ === 'function') return v.__len__() > 0;
      // A collection of ours (a session, a MultiDict...) is false when empty, as Python's are.
      if (typeof v.size === 'number') return v.size > 0;
      if (typeof v.length === 'number') return v.length > 0;
      return true;
    case 'bigint': return v !== BigInt(0);
    default: return true;
  }
}

export function is(a: any, b: any): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  // Floats have no identity we could keep: equal PyFloats are the same float.
  if (a instanceof PyFloat && b instanceof PyFloat) return a.value === b.value;
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** Python's `==`: by value for numbers, strings, lists, tuples, dicts and sets. */
export function eq(a: any, b: any): boolean {
  if (a === b) return true;
  if (a === null || a === undefined) return b === null || b === undefined;
  const ta = typeof a;
  if (ta === 'string' || b === null || b === undefined) return false;
  const na = num(a);
  if (na !== undefined) {
    const nb = num(b);
    return nb !== undefined && na === nb;
  }
  if (ta !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || isTuple(a) !== isTuple(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!eq(a[i], b[i])) return false;
    return true;
  }
  if (isDict(a)) {
    if (!isDict(b) || dictSize(a) !== dictSize(b)) return false;
    for (const [k, v] of dictEntries(a)) {
      const w = dictGet(b, k, MISSING);
      if (w === MISSING || !eq(v, w)) return false;
    }
    return true;
  }
  if (a instanceof Set) {
    if (!(b instanceof Set) || a.size !== b.size) return false;
    for (const x of a) if (!setHas(b, x)) return false;
    return true;
  }
  if (a instanceof PyRange && b instanceof PyRange) {
    return a.length === b.length && (a.length === 0 || (a.start === b.start && (a.length === 1 || a.step === b.step)));
  }
  if (typeof a.__eq__ === 'function') return truthy(a.__eq__(b));
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return false;
}

export function ne(a: any, b: any): boolean {
  return !eq(a, b);
}

/** -1, 0 or 1 for `a` against `b` under Python's ordering; TypeError for unorderable types. */
export function compare(a: any, b: any, op: string): number {
  const na = num(a);
  const nb = num(b);
  if (na !== undefined && nb !== undefined) return na < nb ? -1 : na > nb ? 1 : na === nb ? 0 : NaN;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (!eq(a[i], b[i])) return compare(a[i], b[i], op);
    return a.length - b.length < 0 ? -1 : a.length > b.length ? 1 : 0;
  }
  if (a instanceof Date && b instanceof Date) return Math.sign(a.getTime() - b.getTime());
  return typeError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

export function lt(a: any, b: any): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a < b : compare(a, b, '<') < 0;
}
export function le(a: any, b: any): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a <= b : compare(a, b, '<=') <= 0;
}
export function gt(a: any, b: any): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a > b : compare(a, b, '>') > 0;
}
export function ge(a: any, b: any): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a >= b : compare(a, b, '>=') >= 0;
}

export function setHas(s: Set<any>, x: any): boolean {
  if (s.has(x)) return true;
  if (typeof x !== 'object' || x === null) {
    const n = num(x);
    if (n === undefined) return false;
    for (const y of s) if (num(y) === n) return true;
    return false;
  }
  for (const y of s) if (eq(x, y)) return true;
  return false;
}

/** A list, dict or set cannot be a dict key or a set member. */
function unhashable(v: any): boolean {
  return typeof v === 'object' && v !== null && ((Array.isArray(v) && !isTuple(v)) || v instanceof Map || v instanceof Set || isPlain(v));
}

/** Python's `item in container`. */
export function in_(item: any, container: any): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') typeError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return container.includes(item);
  }
  if (Array.isArray(container)) {
    for (let i = 0; i < container.length; i++) if (eq(container[i], item)) return true;
    return false;
  }
  if (container !== null && typeof container === 'object') {
    if ((container instanceof Map || container instanceof Set || isPlain(container)) && unhashable(item)) {
      typeError(`unhashable type: '${typeName(item)}'`);
    }
    if (container instanceof Map) return container.has(item);
    if (container instanceof Set) return setHas(container, item);
    if (isPlain(container)) return typeof item === 'string' && Object.prototype.hasOwnProperty.call(container, item);
    if (container instanceof PyRange) {
      const n = num(item);
      if (n === undefined || !Number.isInteger(n) || container.length === 0) return false;
      const i = (n - container.start) / container.step;
      return Number.isInteger(i) && i >= 0 && i < container.length;
    }
    if (typeof container.__contains__ === 'function') return truthy(container.__contains__(item));
    if (typeof container.has === 'function') return truthy(container.has(item));
    if (typeof container[Symbol.iterator] === 'function') {
      for (const x of container) if (eq(x, item)) return true;
      return false;
    }
  }
  return typeError(`argument of type '${typeName(container)}' is not iterable`);
}
export function notIn(item: any, container: any): boolean {
  return !in_(item, container);
}

export const MISSING = Symbol('missing');
export const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

export function dictGet(d: any, k: any, dflt: any): any {
  if (d instanceof Map) return d.has(k) ? d.get(k) : dflt;
  return typeof k === 'string' && hasOwn(d, k) ? d[k] : dflt;
}

export function dictSet(d: any, k: any, v: any): void {
  if (d instanceof Map) d.set(k, v);
  else if (typeof k === 'string') Object.defineProperty(d, k, { value: v, writable: true, enumerable: true, configurable: true });
  else typeError(`a dict made of a JavaScript object takes only str keys, not ${typeName(k)}`);
}

export function dictEntries(d: any): Array<[any, any]> {
  return d instanceof Map ? [...d.entries()] : Object.entries(d);
}

export function dictKeys(d: any): any[] {
  return d instanceof Map ? [...d.keys()] : Object.keys(d);
}

function dictSize(d: any): number {
  return d instanceof Map ? d.size : Object.keys(d).length;
}

function plainKey(k: any): boolean {
  return typeof k === 'string' && k !== '__proto__' && !/^(0|[1-9]\d*)$/.test(k);
}

/** A dict from pairs: a plain object when every key is a string it keeps in order, else a Map. */
export function dictOf(entries: Array<[any, any]>): any {
  if (entries.every(([k]) => plainKey(k))) {
    const d: Record<string, any> = {};
    for (const [k, v] of entries) d[k] = v;
    return d;
  }
  return new Map(entries);
}

/** The (key, value) pairs of a mapping, for `**kw` and `{**d}`. */
export function items(v: any): Array<[any, any]> {
  if (isDict(v)) return dictEntries(v);
  if (v !== null && typeof v === 'object' && typeof v.keys === 'function' && typeof v.get === 'function') {
    return [...v.keys()].map((k: any) => [k, v.get(k)]);
  }
  return typeError(`argument after ** must be a mapping, not ${typeName(v)}`);
}

/** Merges keyword-argument groups (`f(a=1, **kw)`) into one object. */
export function kwargs(groups: Array<Array<[any, any]>>): Record<string, any> {
  const out: Record<string, any> = {};
  for (const group of groups) {
    for (const [k, v] of group) {
      if (typeof k !== 'string') typeError('keywords must be strings');
      if (hasOwn(out, k)) typeError(`got multiple values for keyword argument '${k}'`);
      out[k] = v;
    }
  }
  return out;
}

/** Something `for...of` walks as Python iterates `v`: a dict gives its keys. Not a copy. */
export function each(v: any): Iterable<any> {
  if (Array.isArray(v) || typeof v === 'string') return v;
  if (v !== null && typeof v === 'object') {
    if (v instanceof Map) return v.keys();
    if (typeof v[Symbol.iterator] === 'function') return v;
    if (isPlain(v)) return Object.keys(v);
    if (typeof v.__iter__ === 'function') return v.__iter__();
  }
  return typeError(`'${typeName(v)}' object is not iterable`);
}

export function toArray(v: any): any[] {
  return Array.isArray(v) ? v : [...each(v)];
}

/** A new array of the items `list(v)` gives: a dict's keys, a string's characters... */
export function iter(v: any): any[] {
  return Array.isArray(v) ? v.slice() : [...each(v)];
}

/** Unpacks `v` into exactly `n` values (`for k, v in d.items()`). */
export function unpack(v: any, n: number): any[] {
  if (!Array.isArray(v) && (v === null || typeof v !== 'object') && typeof v !== 'string') {
    typeError(`cannot unpack non-iterable ${typeName(v)} object`);
  }
  const a = toArray(v);
  if (a.length === n) return a;
  if (a.length > n) valueError(`too many values to unpack (expected ${n})`);
  return valueError(`not enough values to unpack (expected ${n}, got ${a.length})`);
}

export function index(i: any, o: any): number {
  if (typeof i === 'number' && Number.isInteger(i)) return i;
  if (typeof i === 'boolean') return i ? 1 : 0;
  const kind = typeName(o);
  if (kind === 'str') return typeError(`string indices must be integers, not '${typeName(i)}'`);
  return typeError(`${kind} indices must be integers or slices, not ${typeName(i)}`);
}

function sliceIndex(v: any): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return typeError('slice indices must be integers or None or have an __index__ method');
}

/** The indices a slice selects from a sequence of `length` items (CPython's PySlice_AdjustIndices). */
export function sliceRange(length: number, lo: any, hi: any, st: any): [number, number, number] {
  const step = sliceIndex(st) ?? 1;
  if (step === 0) valueError('slice step cannot be zero');
  let start = sliceIndex(lo);
  let stop = sliceIndex(hi);
  const clamp = (v: number | null, dflt: number, lower: number, upper: number): number => {
    if (v === null) return dflt;
    if (v < 0) v += length;
    return Math.min(Math.max(v, lower), upper);
  };
  if (step > 0) {
    start = clamp(start, 0, 0, length);
    stop = clamp(stop, length, 0, length);
  } else {
    start = clamp(start, length - 1, -1, length - 1);
    stop = clamp(stop, -1, -1, length - 1);
  }
  return [start, stop, step];
}

function notCallable(f: any): never {
  return typeError(`'${typeName(f)}' object is not callable`);
}

export function unwrap(v: any): any {
  return v instanceof PyFloat ? v.value : v;
}

/** `f(a, b)`. */
export function call(f: any, ...args: any[]): any {
  if (typeof f !== 'function') return notCallable(f);
  if (!f.$kw) for (let i = 0; i < args.length; i++) if (args[i] instanceof PyFloat) args[i] = args[i].value;
  return f(...args);
}

/** `f(a, k=v)`: our callables take the keywords; a JS function gets them as a trailing object. */
export function callKw(f: any, args: any[], kw: Kw): any {
  if (typeof f !== 'function') return notCallable(f);
  if (f.$kw) return f.$kw(args, kw);
  const plain = args.map(unwrap);
  if (kw && Object.keys(kw).length) {
    const jsKw: Record<string, any> = {};
    for (const k of Object.keys(kw)) jsKw[k] = unwrap(kw[k]);
    plain.push(jsKw);
  }
  return f(...plain);
}

/** Binds positional and keyword arguments to parameter names, with Python's TypeErrors. */
export function bind(fname: string, args: any[], kw: Kw, names: string[], required: number, defaults: any[] = []): any[] {
  if (args.length > names.length) {
    typeError(required === names.length
      ? `${fname}() takes ${names.length} positional argument${names.length === 1 ? '' : 's'} but ${args.length} ${args.length === 1 ? 'was' : 'were'} given`
      : `${fname}() takes from ${required} to ${names.length} positional arguments but ${args.length} were given`);
  }
  const out = args.slice();
  if (kw) {
    for (const k of Object.keys(kw)) {
      const i = names.indexOf(k);
      if (i < 0) typeError(`${fname}() got an unexpected keyword argument '${k}'`);
      if (i < args.length) typeError(`${fname}() got multiple values for argument '${k}'`);
      out[i] = kw[k];
    }
  }
  for (let i = 0; i < names.length; i++) {
    if (out[i] === undefined && !(kw && hasOwn(kw, names[i])) && i >= args.length) {
      if (i < required) {
        const missing = names.slice(i, required).filter((_n, j) => out[i + j] === undefined);
        typeError(`${fname}() missing ${missing.length} required positional argument${missing.length === 1 ? '' : 's'}: ${missing.map((m) => `'${m}'`).join(' and ')}`);
      }
      out[i] = defaults[i - required];
    }
  }
  return out;
}

/** Makes a Python-callable: plain JS calls go positional, keyword calls go through `impl`. */
export function pyfunc(name: string, impl: Impl): PyCallable {
  const f: PyCallable = (...args: any[]) => impl(args, null);
  f.$kw = impl;
  f.$name = name;
  Object.defineProperty(f, 'name', { value: name });
  return f;
}

/** A compiled `lambda`: defaults and keyword arguments handled as Python does. */
export function lambda(fn: (...a: any[]) => any, params: string[], defaults: any[], vararg: boolean): PyCallable {
  const required = params.length - defaults.length;
  const impl: Impl = (args, kw) => {
    // Extra positional arguments go to *args, as a tuple.
    const rest = vararg ? tuple(args.slice(params.length)) : null;
    const bound = bind('<lambda>', rest ? args.slice(0, params.length) : args, kw, params, required, defaults);
    return rest ? fn(...bound, rest) : fn(...bound);
  };
  const f: PyCallable = (...args: any[]) => impl(args, null);
  f.$kw = impl;
  f.$name = '<lambda>';
  return f;
}
