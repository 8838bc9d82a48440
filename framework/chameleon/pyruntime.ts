/**
 * `$py`: the runtime of compiled Python expressions (see pyexpr.ts). Python's semantics over
 * JavaScript values:
 *
 * | Python          | JavaScript                                                             |
 * |-----------------|------------------------------------------------------------------------|
 * | None            | `null` or `undefined`                                                  |
 * | bool            | boolean                                                                |
 * | int             | an integral number                                                     |
 * | float           | a fractional number, or a `PyFloat` for an integral float (`1.0`)       |
 * | str             | string                                                                 |
 * | list            | Array                                                                  |
 * | tuple           | Array marked by `$py.tuple()`                                          |
 * | dict            | plain object (string keys) or Map                                      |
 * | set             | Set                                                                    |
 * | function        | function; keyword arguments reach a JS function as a trailing object    |
 *
 * Attribute access `o.name` reads, in order: Python's methods of str/list/dict/set; an own key of
 * a plain object or a Map's key (Chameleon's item fallback); a property of any other object; the
 * same name in camelCase (`route_url` → `routeUrl`); an item of a Map-like object (`has`/`get`).
 */
import { PyFloat, pyFloatRepr } from '../pyjson';

export { PyFloat };

type Kw = Record<string, any> | null;
type Impl = (args: any[], kw: Kw) => any;
type Method = (self: any, args: any[], kw: Kw) => any;
interface PyCallable {
  (...args: any[]): any;
  $kw?: Impl;
  $pytype?: string;
  $name?: string;
  /** For a bound method: the type name of its object. */
  $self?: string;
}

// ---------------------------------------------------------------------------------------------
// Exceptions, named as Python's so that `error.name` is the Python type.

/**
 * A Python exception: `pyType` (and `name`) is Python's type name, `message` Python's str() of
 * it (`'a'` for KeyError('a')). `new PyError('KeyError', m)` makes the subclass (`PyKeyError`),
 * so that both `instanceof PyLookupError` and `pyType` tell what it is.
 */
export class PyError extends Error {
  readonly pyType: string;
  constructor(pyType: string, message: string) {
    super(message);
    this.pyType = pyType;
    this.name = pyType;
    const Sub = new.target === PyError ? SUBCLASSES[pyType] : undefined;
    if (Sub) return new Sub(message);
  }
}
/** The same class, under the name the engine first used. */
export const PyException = PyError;
export class PyNameError extends PyError {
  constructor(message: string) {
    super('NameError', message);
  }
}
export class PyAttributeError extends PyError {
  constructor(message: string) {
    super('AttributeError', message);
  }
}
export class PyTypeError extends PyError {
  constructor(message: string) {
    super('TypeError', message);
  }
}
export class PyValueError extends PyError {
  constructor(message: string) {
    super('ValueError', message);
  }
}
export class PyLookupError extends PyError {
  constructor(message: string, pyType = 'LookupError') {
    super(pyType, message);
  }
}
export class PyKeyError extends PyLookupError {
  constructor(message: string) {
    super(message, 'KeyError');
  }
}
export class PyIndexError extends PyLookupError {
  constructor(message: string) {
    super(message, 'IndexError');
  }
}
export class PyZeroDivisionError extends PyError {
  constructor(message: string) {
    super('ZeroDivisionError', message);
  }
}

const SUBCLASSES: Record<string, new (message: string) => PyError> = {
  NameError: PyNameError, AttributeError: PyAttributeError, TypeError: PyTypeError, ValueError: PyValueError,
  LookupError: PyLookupError, KeyError: PyKeyError, IndexError: PyIndexError, ZeroDivisionError: PyZeroDivisionError,
};

/** Whether `e` is the Python exception `pyType`, or one of its subclasses that templates meet. */
export function isPyError(e: unknown, pyType: string): e is PyError {
  if (!(e instanceof PyError)) return false;
  if (e.pyType === pyType) return true;
  return pyType === 'LookupError' ? e.pyType === 'KeyError' || e.pyType === 'IndexError'
    : pyType === 'ArithmeticError' ? e.pyType === 'ZeroDivisionError' || e.pyType === 'OverflowError' : false;
}

function typeError(message: string): never {
  throw new PyError('TypeError', message);
}
function valueError(message: string): never {
  throw new PyError('ValueError', message);
}
function keyError(key: unknown): never {
  throw new PyError('KeyError', repr(key));
}

const FALLBACK = ['NameError', 'ValueError', 'AttributeError', 'LookupError', 'TypeError'];

/** The errors Chameleon's `|` operator falls back on: NameError, ValueError, AttributeError, LookupError, TypeError. */
export function isFallbackError(e: unknown): boolean {
  return e instanceof TypeError || FALLBACK.some((t) => isPyError(e, t));
}

/** The Python name of an error's type, for messages: `KeyError`, `TypeError`... */
export function errorName(e: unknown): string {
  if (e instanceof PyError) return e.pyType;
  if (e instanceof Error) return e.name || e.constructor.name;
  return typeName(e);
}

// ---------------------------------------------------------------------------------------------
// Types

const TUPLE = Symbol('py.tuple');
/** The Python type of a lazy iterator we made: 'generator', 'enumerate', 'zip'... */
const ITERATOR = Symbol('py.iterator');

/** Tags a JS generator with the Python type it stands for (its repr and type name). */
export function lazy<T extends object>(kind: string, it: T): T {
  (it as any)[ITERATOR] = kind;
  return it;
}
const VIEW = Symbol('py.view');

/** Marks an array as a Python tuple (it is returned). */
export function tuple<T extends any[]>(items: T): T {
  (items as any)[TUPLE] = true;
  return items;
}

function isTuple(v: any): boolean {
  return v[TUPLE] === true;
}

function view(kind: string, items: any[]): any[] {
  (items as any)[VIEW] = kind;
  return items;
}

/** A Python float; integral values become a `PyFloat` so that they print `1.0`. */
export function float(v: number): number | PyFloat {
  return Number.isInteger(v) ? new PyFloat(v) : v;
}

function isPlain(v: any): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function isDict(v: any): boolean {
  return typeof v === 'object' && v !== null && (v instanceof Map || (!Array.isArray(v) && isPlain(v)));
}

function isFloat(v: any): boolean {
  return typeof v === 'number' ? !Number.isInteger(v) : v instanceof PyFloat;
}

/** The numeric value of an int, float or bool, else undefined. */
function num(v: any): number | undefined {
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

// ---------------------------------------------------------------------------------------------
// Truth, equality, ordering

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
      return true;
    case 'bigint': return v !== BigInt(0);
    default: return true;
  }
}

export function is(a: any, b: any): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
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
function compare(a: any, b: any, op: string): number {
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

function setHas(s: Set<any>, x: any): boolean {
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

/** Python's `item in container`. */
function in_(item: any, container: any): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') typeError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return container.includes(item);
  }
  if (Array.isArray(container)) {
    for (let i = 0; i < container.length; i++) if (eq(container[i], item)) return true;
    return false;
  }
  if (container !== null && typeof container === 'object') {
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
export { in_ as in };

export function notIn(item: any, container: any): boolean {
  return !in_(item, container);
}

// ---------------------------------------------------------------------------------------------
// Dicts: plain objects and Maps behind one set of helpers.

const MISSING = Symbol('missing');
const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

function dictGet(d: any, k: any, dflt: any): any {
  if (d instanceof Map) return d.has(k) ? d.get(k) : dflt;
  return typeof k === 'string' && hasOwn(d, k) ? d[k] : dflt;
}

function dictSet(d: any, k: any, v: any): void {
  if (d instanceof Map) d.set(k, v);
  else if (typeof k === 'string') Object.defineProperty(d, k, { value: v, writable: true, enumerable: true, configurable: true });
  else typeError(`a dict made of a JavaScript object takes only str keys, not ${typeName(k)}`);
}

function dictEntries(d: any): Array<[any, any]> {
  return d instanceof Map ? [...d.entries()] : Object.entries(d);
}

function dictKeys(d: any): any[] {
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

// ---------------------------------------------------------------------------------------------
// Iteration

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

function toArray(v: any): any[] {
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

// ---------------------------------------------------------------------------------------------
// Arithmetic

function numResult(v: number, isFloatResult: boolean): number | PyFloat {
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

function repeat(seq: any, n: any): any {
  const count = num(n);
  if (count === undefined || isFloat(n)) return typeError(`can't multiply sequence by non-int of type '${typeName(n)}'`);
  if (typeof seq === 'string') return count > 0 ? seq.repeat(count) : '';
  const out: any[] = [];
  for (let i = 0; i < count; i++) out.push(...seq);
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
  if (x === 0 && y < 0) throw new PyError('ZeroDivisionError', isFloat(a) || isFloat(b) ? '0.0 cannot be raised to a negative power' : '0.0 cannot be raised to a negative power');
  if (x < 0 && !Number.isInteger(y)) return valueError('negative number cannot be raised to a fractional power (complex results are not supported in templates)');
  return numResult(Math.pow(x, y), floating);
}

function bitwise(op: string, a: any, b: any, f: (x: bigint, y: bigint) => bigint): any {
  if (typeof a === 'boolean' && typeof b === 'boolean' && (op === '&' || op === '|' || op === '^')) {
    return Boolean(Number(f(BigInt(a), BigInt(b))));
  }
  const x = num(a);
  const y = num(b);
  if (x === undefined || y === undefined || isFloat(a) || isFloat(b)) return binopError(op, a, b);
  return Number(f(BigInt(x), BigInt(y)));
}

export function lshift(a: any, b: any): any {
  if ((num(b) ?? 0) < 0) valueError('negative shift count');
  return bitwise('<<', a, b, (x, y) => x << y);
}
export function rshift(a: any, b: any): any {
  if ((num(b) ?? 0) < 0) valueError('negative shift count');
  return bitwise('>>', a, b, (x, y) => x >> y);
}
function and_(a: any, b: any): any {
  if (a instanceof Set && b instanceof Set) return new Set([...a].filter((x) => setHas(b, x)));
  return bitwise('&', a, b, (x, y) => x & y);
}
function or_(a: any, b: any): any {
  if (a instanceof Set && b instanceof Set) return new Set([...a, ...b]);
  if (isDict(a) && isDict(b)) return dictOf([...dictEntries(a), ...dictEntries(b)]);
  return bitwise('|', a, b, (x, y) => x | y);
}
export function xor(a: any, b: any): any {
  if (a instanceof Set && b instanceof Set) return new Set([...[...a].filter((x) => !setHas(b, x)), ...[...b].filter((x) => !setHas(a, x))]);
  return bitwise('^', a, b, (x, y) => x ^ y);
}
export { and_ as and, or_ as or };

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

// ---------------------------------------------------------------------------------------------
// Attributes, items, slices

function attributeError(o: any, name: string): never {
  throw new PyError('AttributeError', `'${typeName(o)}' object has no attribute '${name}'`);
}

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

function index(i: any, o: any): number {
  if (typeof i === 'number' && Number.isInteger(i)) return i;
  if (typeof i === 'boolean') return i ? 1 : 0;
  const kind = typeName(o);
  if (kind === 'str') return typeError(`string indices must be integers, not '${typeName(i)}'`);
  return typeError(`${kind} indices must be integers or slices, not ${typeName(i)}`);
}

/** `o[k]`: negative indexes count from the end; a missing key is a KeyError. */
export function getitem(o: any, k: any): any {
  if (typeof o === 'object' && o !== null && typeof o.__getitem__ === 'function') return o.__getitem__(k);
  if (k instanceof PySlice) return getslice(o, k.start, k.stop, k.step);
  if (Array.isArray(o) || typeof o === 'string') {
    let i = index(k, o);
    if (i < 0) i += o.length;
    if (i >= 0 && i < o.length) return o[i];
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

function sliceIndex(v: any): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return typeError('slice indices must be integers or None or have an __index__ method');
}

/** The indices a slice selects from a sequence of `length` items (CPython's PySlice_AdjustIndices). */
function sliceRange(length: number, lo: any, hi: any, st: any): [number, number, number] {
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

/** `o[lo:hi:step]` on str, list, tuple and range. */
export function getslice(o: any, lo: any, hi: any, step: any): any {
  if (o instanceof PyRange) {
    const [start, stop, st] = sliceRange(o.length, lo, hi, step);
    return new PyRange(o.at(start), o.at(stop), o.step * st);
  }
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

// ---------------------------------------------------------------------------------------------
// Calls

function notCallable(f: any): never {
  return typeError(`'${typeName(f)}' object is not callable`);
}

function unwrap(v: any): any {
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

/** Binds positional and keyword arguments to parameter names, with Python's TypeErrors. */
function bind(fname: string, args: any[], kw: Kw, names: string[], required: number, defaults: any[] = []): any[] {
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
function pyfunc(name: string, impl: Impl): PyCallable {
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

// ---------------------------------------------------------------------------------------------
// str() and repr()

const REPR_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const NON_PRINTABLE = /[\\\n\r\t]|[^\P{C}]|[\p{Zl}\p{Zp}]|[^\S ]/gu;

function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let body = s.replace(NON_PRINTABLE, (ch) => {
    if (REPR_ESCAPES[ch]) return REPR_ESCAPES[ch];
    const cp = ch.codePointAt(0)!;
    if (cp < 0x100) return '\\x' + cp.toString(16).padStart(2, '0');
    if (cp < 0x10000) return '\\u' + cp.toString(16).padStart(4, '0');
    return '\\U' + cp.toString(16).padStart(8, '0');
  });
  if (quote === "'") body = body.replace(/'/g, "\\'");
  return quote + body + quote;
}

function floatRepr(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return pyFloatRepr(v);
}

/** An int's digits; beyond 2**53 the double's exact value (Python's int would be exact), up to 1e21. */
function intStr(v: number): string {
  if (Number.isSafeInteger(v)) return String(v);
  return Math.abs(v) < 1e21 ? BigInt(v).toString() : floatRepr(v);
}

function reprOf(v: any, seen: any[]): string {
  if (v === null || v === undefined) return 'None';
  switch (typeof v) {
    case 'string': return reprString(v);
    case 'boolean': return v ? 'True' : 'False';
    case 'number': return Number.isInteger(v) ? intStr(v) : floatRepr(v);
    case 'bigint': return v.toString();
    case 'function':
      if (v.$pytype) return `<class '${v.$pytype}'>`;
      if (v.$self) return `<built-in method ${v.$name} of ${v.$self} object>`;
      if (v.$kw) return v.$name === '<lambda>' ? '<function <lambda>>' : `<built-in function ${v.$name}>`;
      return `<function ${v.name || '<anonymous>'}>`;
    case 'symbol': return v.toString();
  }
  if (v instanceof PyFloat) return floatRepr(v.value);
  if (seen.includes(v)) return Array.isArray(v) ? (isTuple(v) ? '(...)' : '[...]') : '{...}';
  seen.push(v);
  try {
    if (Array.isArray(v)) {
      const inner = v.map((x) => reprOf(x, seen));
      const kind = (v as any)[VIEW];
      if (kind) return `${kind}([${inner.join(', ')}])`;
      if (isTuple(v)) return inner.length === 1 ? `(${inner[0]},)` : `(${inner.join(', ')})`;
      return `[${inner.join(', ')}]`;
    }
    if (v instanceof Map || isPlain(v)) {
      return `{${dictEntries(v).map(([k, x]) => `${reprOf(k, seen)}: ${reprOf(x, seen)}`).join(', ')}}`;
    }
    if (v instanceof Set) {
      if (!v.size) return 'set()';
      // Python lists small ints in a set in order (their hash is their value).
      const members = [...v].every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0) ? [...v].sort((a, b) => a - b) : [...v];
      return `{${members.map((x) => reprOf(x, seen)).join(', ')}}`;
    }
    if (v instanceof PyRange) return v.step === 1 ? `range(${v.start}, ${v.stop})` : `range(${v.start}, ${v.stop}, ${v.step})`;
    if (v instanceof PySlice) return `slice(${reprOf(v.start, seen)}, ${reprOf(v.stop, seen)}, ${reprOf(v.step, seen)})`;
    if (typeof v.__repr__ === 'function') return String(v.__repr__());
    if (v instanceof Error) return `${v.name}(${reprString(v.message)})`;
    if (v[ITERATOR]) return v[ITERATOR] === 'generator' ? '<generator object <genexpr>>' : `<${v[ITERATOR]} object>`;
    return `<${typeName(v)} object>`;
  } finally {
    seen.pop();
  }
}

/** Python's `repr()`. */
export function repr(v: any): string {
  return reprOf(v, []);
}

/** Python's `str()`: what a template renders for a value. */
export function str(v: any): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? intStr(v) : floatRepr(v);
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof PyFloat) && !isPlain(v) &&
    !(v instanceof Map) && !(v instanceof Set) && !(v instanceof PyRange)) {
    if (typeof v.__str__ === 'function') return String(v.__str__());
    if (v instanceof Error) return v.message;
    if (v.toString !== Object.prototype.toString && typeof v.toString === 'function') return String(v);
  }
  return repr(v);
}

/** Python's `ascii()`. */
export function ascii(v: any): string {
  return repr(v).replace(/[^\x00-\x7f]/gu, (ch) => {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x100) return '\\x' + cp.toString(16).padStart(2, '0');
    if (cp < 0x10000) return '\\u' + cp.toString(16).padStart(4, '0');
    return '\\U' + cp.toString(16).padStart(8, '0');
  });
}

// ---------------------------------------------------------------------------------------------
// Formatting: format() specs, str.format, and printf-style `%`.

/** x.toFixed(digits) with Python's round-half-even on the exact binary value. */
function toFixedPy(x: number, digits: number): string {
  if (Math.abs(x) >= 1e21) return BigInt(Math.round(x)).toString() + (digits > 0 ? '.' + '0'.repeat(digits) : '');
  if (digits > 100) return x.toFixed(100) + '0'.repeat(digits - 100);
  const s = x.toFixed(digits);
  // toFixed breaks ties away from zero; a tie is exact only when the expansion ends in 5 right here.
  const exact = x.toFixed(Math.min(100, digits + 30));
  const tail = exact.slice(exact.length - 30);
  if (tail === '5' + '0'.repeat(29)) {
    const lastDigit = Number(s[s.length - 1]);
    if (lastDigit % 2 === 1) {
      // Rounded away to an odd digit: step back towards zero.
      const step = Math.pow(10, -digits);
      return (Math.abs(x) - step / 2 < 0 ? 0 : (x < 0 ? -1 : 1) * (Math.abs(Number(s)) - step)).toFixed(digits);
    }
  }
  return s;
}

function expFormat(x: number, digits: number, upper: boolean): string {
  let s = x.toExponential(digits);
  s = s.replace(/e([+-])(\d)$/, 'e$10$2');
  return upper ? s.toUpperCase() : s;
}

function stripZeros(s: string): string {
  const [mant, exp] = s.split(/(?=[eE])/);
  const m = mant.includes('.') ? mant.replace(/\.?0+$/, '') : mant;
  return m + (exp ?? '');
}

/** 'g' formatting: fixed or exponent, whichever is shorter for the precision. */
function generalFormat(x: number, prec: number, upper: boolean, alt: boolean, noTypeFloat: boolean): string {
  const p = prec === 0 ? 1 : prec;
  if (x === 0) {
    const zero = alt ? (0).toFixed(p - 1) : '0';
    return noTypeFloat && !zero.includes('.') ? zero + '.0' : zero;
  }
  const exp = Number(Math.abs(x).toExponential(p - 1).split('e')[1]);
  let s: string;
  if (exp >= -4 && exp < p) {
    s = toFixedPy(Math.abs(x), p - 1 - exp);
    if (!alt) s = stripZeros(s);
    if (noTypeFloat && !s.includes('.')) s += '.0';
  } else {
    s = expFormat(Math.abs(x), p - 1, upper);
    if (!alt) s = stripZeros(s);
  }
  return upper ? s.toUpperCase() : s;
}

interface Spec {
  fill: string;
  align: string;
  sign: string;
  alt: boolean;
  zero: boolean;
  width: number;
  grouping: string;
  precision: number | null;
  type: string;
}

const SPEC_RE = /^(?:([\s\S])?([<>=^]))?([+\- ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/;

function parseSpec(spec: string, v: any): Spec {
  const m = SPEC_RE.exec(spec);
  if (!m) return valueError(`Invalid format specifier '${spec}' for object of type '${typeName(v)}'`);
  return {
    fill: m[1] ?? (m[6] && !m[2] ? '0' : ' '),
    align: m[2] ?? '',
    sign: m[3] ?? '-',
    alt: !!m[5],
    zero: !!m[6],
    width: m[7] ? Number(m[7]) : 0,
    grouping: m[8] ?? '',
    precision: m[9] !== undefined ? Number(m[9]) : null,
    type: m[10] ?? '',
  };
}

function group(intPart: string, sep: string, every: number): string {
  let out = '';
  for (let i = intPart.length; i > 0; i -= every) out = intPart.slice(Math.max(0, i - every), i) + (out ? sep + out : '');
  return out;
}

function pad(body: string, prefix: string, spec: Spec, defaultAlign: string): string {
  const align = spec.align || (spec.zero && defaultAlign === '>' ? '=' : defaultAlign);
  const fill = spec.align ? spec.fill : spec.zero && defaultAlign === '>' ? '0' : spec.fill;
  const len = [...prefix].length + [...body].length;
  const n = spec.width - len;
  if (n <= 0) return prefix + body;
  const padding = fill.repeat(n);
  switch (align) {
    case '<': return prefix + body + padding;
    case '^': return fill.repeat(Math.floor(n / 2)) + prefix + body + fill.repeat(n - Math.floor(n / 2));
    case '=': return prefix + padding + body;
    default: return padding + prefix + body;
  }
}

function formatNumber(v: any, spec: Spec): string {
  let type = spec.type;
  const floating = isFloat(v);
  const x = num(v)!;
  if (!type) type = floating ? '' : 'd';
  if (type === 'n') type = floating ? 'g' : 'd';
  if (floating && /^[bcdoxX]$/.test(type)) {
    return valueError(`Unknown format code '${type}' for object of type 'float'`);
  }
  if (type === 'c' && spec.sign !== '-') valueError("Sign not allowed with integer format specifier 'c'");
  const negative = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  let body: string;
  let prefix = '';
  switch (type) {
    case 'd': body = intStr(a); break;
    case 'b': body = a.toString(2); prefix = spec.alt ? '0b' : ''; break;
    case 'o': body = a.toString(8); prefix = spec.alt ? '0o' : ''; break;
    case 'x': body = a.toString(16); prefix = spec.alt ? '0x' : ''; break;
    case 'X': body = a.toString(16).toUpperCase(); prefix = spec.alt ? '0X' : ''; break;
    case 'c': return pad(String.fromCodePoint(x), '', spec, '<');
    case 'e': case 'E': body = Number.isFinite(a) ? expFormat(a, spec.precision ?? 6, type === 'E') : nonFinite(a, type === 'E'); break;
    case 'f': case 'F': body = Number.isFinite(a) ? toFixedPy(a, spec.precision ?? 6) : nonFinite(a, type === 'F'); break;
    case 'g': case 'G': body = Number.isFinite(a) ? generalFormat(a, spec.precision ?? 6, type === 'G', spec.alt, false) : nonFinite(a, type === 'G'); break;
    case '%': body = (Number.isFinite(a) ? toFixedPy(a * 100, spec.precision ?? 6) : nonFinite(a, false)) + '%'; break;
    default:
      // No type on a float: repr(), or 'g' that keeps a '.0' when a precision is given.
      if (!Number.isFinite(a)) body = nonFinite(a, false);
      else if (spec.precision === null) body = floatRepr(a);
      else body = generalFormat(a, spec.precision, false, spec.alt, true);
  }
  if (spec.alt && /^[fF%]$/.test(type) && spec.precision === 0) body = body.replace(/^(\d+)/, '$1.');
  const signChar = negative && !(x === 0 && !floating) ? '-' : spec.sign === '+' ? '+' : spec.sign === ' ' ? ' ' : '';
  if (spec.grouping) {
    const every = /^[bcoxX]$/.test(type) ? 4 : 3;
    if (every === 4 && spec.grouping === ',') valueError(`Cannot specify ',' with '${type}'.`);
    const m = /^([0-9a-fA-F]+)(.*)$/s.exec(body);
    if (m) {
      let digits = m[1];
      // Zero padding goes inside the grouping, as Python does ('0,001,234.5').
      const zeroFill = spec.zero && !spec.align;
      const room = spec.width - signChar.length - prefix.length - m[2].length;
      let grouped = group(digits, spec.grouping, every);
      while (zeroFill && grouped.length < room) grouped = group((digits = '0' + digits), spec.grouping, every);
      body = grouped + m[2];
    }
  }
  return pad(body, signChar + prefix, spec, '>');
}

function nonFinite(a: number, upper: boolean): string {
  const s = Number.isNaN(a) ? 'nan' : 'inf';
  return upper ? s.toUpperCase() : s;
}

/** Python's `format(value, spec)`. */
export function format(v: any, spec: string): string {
  if (typeof v === 'string') {
    if (spec === '') return v;
    const s = parseSpec(spec, v);
    if (s.type && s.type !== 's') valueError(`Unknown format code '${s.type}' for object of type 'str'`);
    if (s.sign !== '-' || spec.includes('+') && /^[^<>=^]?[+ ]/.test(spec)) valueError('Sign not allowed in string format specifier');
    if (s.alt) valueError('Alternate form (#) not allowed in string format specifier');
    if (s.align === '=') valueError("'=' alignment not allowed in string format specifier");
    const body = s.precision !== null ? [...v].slice(0, s.precision).join('') : v;
    return pad(body, '', s, '<');
  }
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat) {
    if (spec === '') return str(v);
    const s = parseSpec(spec, v);
    if (s.type === 's') valueError(`Unknown format code 's' for object of type '${typeName(v)}'`);
    return formatNumber(v, s);
  }
  if (v !== null && typeof v === 'object' && typeof v.__format__ === 'function') return String(v.__format__(spec));
  if (spec === '') return str(v);
  return typeError(`unsupported format string passed to ${typeName(v)}.__format__`);
}

/** Resolves `0.name[key]` against the arguments of str.format. */
function formatField(field: string, args: any[], kw: Record<string, any>, auto: { n: number; mode: string }): any {
  const m = /^([^.[]*)(.*)$/s.exec(field)!;
  let first: any;
  const head = m[1];
  if (head === '' || /^\d+$/.test(head)) {
    let i: number;
    if (head === '') {
      if (auto.mode === 'manual') valueError('cannot switch from manual field specification to automatic field numbering');
      auto.mode = 'auto';
      i = auto.n++;
    } else {
      if (auto.mode === 'auto') valueError('cannot switch from automatic field numbering to manual field specification');
      auto.mode = 'manual';
      i = Number(head);
    }
    if (i >= args.length) throw new PyError('IndexError', `Replacement index ${i} out of range for positional args tuple`);
    first = args[i];
  } else {
    if (!hasOwn(kw, head)) keyError(head);
    first = kw[head];
  }
  let rest = m[2];
  while (rest) {
    const a = /^\.([^.[]+)/.exec(rest);
    if (a) {
      first = getattr(first, a[1], false);
      rest = rest.slice(a[0].length);
      continue;
    }
    const b = /^\[([^\]]+)\]/.exec(rest);
    if (!b) return valueError('Only \'.\' or \'[\' may follow \']\' in format field specifier');
    first = getitem(first, /^\d+$/.test(b[1]) ? Number(b[1]) : b[1]);
    rest = rest.slice(b[0].length);
  }
  return first;
}

/** Python's `str.format`. */
function strFormat(template: string, args: any[], kw: Record<string, any>, auto = { n: 0, mode: '' }, depth = 0): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i];
    if (c === '{') {
      if (template[i + 1] === '{') {
        out += '{';
        i += 2;
        continue;
      }
      // Find the matching '}' (the spec may nest one level of fields).
      let j = i + 1;
      let level = 1;
      while (j < template.length) {
        if (template[j] === '{') level++;
        else if (template[j] === '}' && --level === 0) break;
        j++;
      }
      if (j >= template.length) valueError("expected '}' before end of string");
      const inner = template.slice(i + 1, j);
      const fm = /^([^!:]*)(?:!([^:]*))?(?::([\s\S]*))?$/.exec(inner)!;
      let value = formatField(fm[1], args, kw, auto);
      if (fm[2] !== undefined) {
        if (fm[2] === 'r') value = repr(value);
        else if (fm[2] === 's') value = str(value);
        else if (fm[2] === 'a') value = ascii(value);
        else valueError(fm[2].length === 1 ? `Unknown conversion specifier ${fm[2]}` : 'expected \':\' after conversion specifier');
      }
      let spec = fm[3] ?? '';
      if (spec.includes('{')) {
        if (depth >= 1) valueError('Max string recursion exceeded');
        spec = strFormat(spec, args, kw, auto, depth + 1);
      }
      out += format(value, spec);
      i = j + 1;
    } else if (c === '}') {
      if (template[i + 1] !== '}') valueError("Single '}' encountered in format string");
      out += '}';
      i += 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const PERCENT_RE = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([\s\S])?/g;

interface Directive {
  whole: string;
  offset: number;
  key: string | undefined;
  flags: string;
  width: string | undefined;
  prec: string | undefined;
  type: string | undefined;
  /** A bare `%s`: str() of the next value. */
  plain: boolean;
}

// Templates format the same few strings over and over: parse each once.
const percentCache = new Map<string, Array<string | Directive>>();

function parsePercent(fmt: string): Array<string | Directive> {
  let parts = percentCache.get(fmt);
  if (parts) return parts;
  parts = [];
  let last = 0;
  PERCENT_RE.lastIndex = 0;
  for (let m = PERCENT_RE.exec(fmt); m; m = PERCENT_RE.exec(fmt)) {
    if (m.index > last) parts.push(fmt.slice(last, m.index));
    if (m[0] === '%%') parts.push('%');
    else {
      parts.push({
        whole: m[0], offset: m.index, key: m[1], flags: m[2], width: m[3], prec: m[4], type: m[5],
        plain: m[0] === '%s',
      });
    }
    last = m.index + m[0].length;
  }
  if (last < fmt.length) parts.push(fmt.slice(last));
  if (percentCache.size >= 1000) percentCache.clear();
  percentCache.set(fmt, parts);
  return parts;
}

/** Python's printf-style `fmt % values`. */
function percentFormat(fmt: string, values: any): string {
  // As CPython: anything subscriptable but a tuple counts as a mapping (so no "not all converted").
  const isMapping = isDict(values) || (Array.isArray(values) && !isTuple(values)) ||
    (values !== null && typeof values === 'object' && typeof values.__getitem__ === 'function');
  const args: any[] = Array.isArray(values) && isTuple(values) ? values : [values];
  const state = { next: 0, usedMapping: false };
  let out = '';
  for (const part of parsePercent(fmt)) {
    if (typeof part === 'string') out += part;
    else if (part.plain && state.next < args.length) out += str(args[state.next++]);
    else out += percentDirective(part, values, args, isMapping, state);
  }
  if (state.next < args.length && !state.usedMapping && !(isMapping && args.length === 1)) {
    typeError('not all arguments converted during string formatting');
  }
  return out;
}

function percentDirective(d: Directive, values: any, args: any[], isMapping: boolean, state: { next: number; usedMapping: boolean }): string {
  const { key, flags, width, prec, type } = d;
  const take = (): any => {
    if (state.next >= args.length) typeError('not enough arguments for format string');
    return args[state.next++];
  };
  if (type === undefined) return valueError('incomplete format');
  let value: any;
  const w = width === '*' ? num(take()) ?? 0 : width ? Number(width) : 0;
  const p = prec === '*' ? num(take()) ?? 0 : prec !== undefined ? Number(prec) : null;
  if (key !== undefined) {
    if (!isMapping) typeError('format requires a mapping');
    state.usedMapping = true;
    value = getitem(values, key);
  } else if (type !== '%') {
    value = take();
  }
  const spec: Spec = {
    fill: ' ', align: flags.includes('-') || w < 0 ? '<' : '>', sign: flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '-',
    alt: flags.includes('#'), zero: false, width: Math.abs(w), grouping: '', precision: p, type: '',
  };
  switch (type) {
    case 's': case 'r': case 'a': {
      let s = type === 's' ? str(value) : type === 'r' ? repr(value) : ascii(value);
      if (p !== null) s = [...s].slice(0, p).join('');
      return pad(s, '', spec, spec.align);
    }
    case '%':
      return pad('%', '', spec, spec.align);
    case 'c': {
      let ch: string;
      if (typeof value === 'string') {
        if ([...value].length !== 1) typeError('%c requires int or char');
        ch = value;
      } else {
        const n = num(value);
        if (n === undefined || isFloat(value)) return typeError('%c requires int or char');
        ch = String.fromCodePoint(n);
      }
      return pad(ch, '', spec, spec.align);
    }
    case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': {
      let n = num(value);
      const integer = /^[diuxXo]$/.test(type);
      if (n === undefined) {
        typeError(integer
          ? `%${type} format: ${/^[xXo]$/.test(type) ? 'an integer' : 'a real number'} is required, not ${typeName(value)}`
          : `must be real number, not ${typeName(value)}`);
      }
      if (/^[xXo]$/.test(type) && isFloat(value)) typeError(`%${type} format: an integer is required, not float`);
      if (integer) n = Math.trunc(n!);
      if (flags.includes('0') && !flags.includes('-') && w >= 0) {
        spec.align = '=';
        spec.fill = '0';
      }
      const t = type === 'i' || type === 'u' ? 'd' : type;
      let s = formatNumber(integer ? n : float(n!), { ...spec, type: t, precision: integer ? null : p ?? 6 });
      if (integer && p !== null) {
        // %.3d pads the digits with zeros to the precision.
        const m = /^([-+ ]?(?:0[xXo])?)(\w+)$/.exec(s.trim());
        if (m && m[2].length < p) s = pad(m[1] + '0'.repeat(p - m[2].length) + m[2], '', spec, spec.align);
      }
      return s;
    }
    default:
      return valueError(`unsupported format character '${type}' (0x${type.codePointAt(0)!.toString(16)}) at index ${d.offset + d.whole.length - 1}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Methods of str, list, tuple, dict, set, float

function needStr(v: any, what: string): string {
  if (typeof v !== 'string') typeError(`${what} must be str, not ${typeName(v)}`);
  return v;
}

function isCased(ch: string): boolean {
  return ch.toLowerCase() !== ch.toUpperCase();
}

const WS = ' \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

function stripChars(s: string, chars: any, left: boolean, right: boolean): string {
  const set = chars === null || chars === undefined ? WS : needStr(chars, 'strip arg');
  let a = 0;
  let b = s.length;
  if (left) while (a < b && set.includes(s[a])) a++;
  if (right) while (b > a && set.includes(s[b - 1])) b--;
  return s.slice(a, b);
}

function whitespaceSplit(s: string, maxsplit: number, fromRight: boolean): string[] {
  const words = s.split(/[ \t\n\r\x0b\x0c\x1c-\x1f\x85\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/).filter((w) => w !== '');
  if (maxsplit < 0 || words.length <= maxsplit) return words;
  // Re-split keeping the remainder intact.
  const out: string[] = [];
  if (!fromRight) {
    let rest = stripChars(s, null, true, false);
    for (let i = 0; i < maxsplit; i++) {
      const m = /[\s\x1c-\x1f\x85]+/.exec(rest);
      if (!m) break;
      out.push(rest.slice(0, m.index));
      rest = stripChars(rest.slice(m.index), null, true, false);
    }
    if (rest) out.push(rest);
    return out;
  }
  let rest = stripChars(s, null, false, true);
  for (let i = 0; i < maxsplit; i++) {
    const m = /[\s\x1c-\x1f\x85]+(?=\S*$)/.exec(rest);
    if (!m) break;
    out.unshift(rest.slice(m.index + m[0].length));
    rest = stripChars(rest.slice(0, m.index), null, false, true);
  }
  if (rest) out.unshift(rest);
  return out;
}

function split(s: string, sep: any, maxsplit: number, fromRight: boolean): string[] {
  if (sep === null || sep === undefined) return whitespaceSplit(s, maxsplit, fromRight);
  needStr(sep, 'must be str or None, not');
  if (sep === '') valueError('empty separator');
  const parts = s.split(sep);
  if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
  if (!fromRight) return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(sep)];
  return [parts.slice(0, parts.length - maxsplit).join(sep), ...parts.slice(parts.length - maxsplit)];
}

function bounds(s: { length: number }, start: any, end: any): [number, number] {
  const [a, b] = sliceRange(s.length, start, end, 1);
  return [a, b];
}

function affix(s: string, args: any[], kw: Kw, name: string, atEnd: boolean): boolean {
  const [prefix, start, end] = bind(name, args, kw, ['prefix', 'start', 'end'], 1, [null, null]);
  const [a, b] = bounds(s, start, end);
  const sub = s.slice(a, Math.max(a, b));
  const options = Array.isArray(prefix) && isTuple(prefix) ? prefix : [prefix];
  return options.some((p) => {
    if (typeof p !== 'string') typeError(`${name} first arg must be str or a tuple of str, not ${typeName(p)}`);
    if (a > s.length) return false;
    return atEnd ? sub.endsWith(p) : sub.startsWith(p);
  });
}

function find(s: string, args: any[], kw: Kw, name: string, fromRight: boolean): number {
  const [sub, start, end] = bind(name, args, kw, ['sub', 'start', 'end'], 1, [null, null]);
  needStr(sub, 'must be str, not');
  const [a, b] = bounds(s, start, end);
  if (b - a < sub.length || a > s.length) return -1;
  const hay = s.slice(a, b);
  const i = fromRight ? hay.lastIndexOf(sub) : hay.indexOf(sub);
  return i < 0 ? -1 : i + a;
}

function justify(s: string, args: any[], kw: Kw, name: string, where: 'l' | 'r' | 'c'): string {
  const [width, fill] = bind(name, args, kw, ['width', 'fillchar'], 1, [' ']);
  if (typeof fill !== 'string' || [...fill].length !== 1) typeError('The fill character must be exactly one character long');
  const w = num(width)!;
  const marg = w - s.length;
  if (marg <= 0) return s;
  if (where === 'l') return s + fill.repeat(marg);
  if (where === 'r') return fill.repeat(marg) + s;
  const left = Math.floor(marg / 2) + (marg & w & 1);
  return fill.repeat(left) + s + fill.repeat(marg - left);
}

const STR_METHODS: Record<string, Method> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  casefold: (s) => s.toLowerCase(),
  swapcase: (s: string) => [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
  title: (s: string) => {
    let out = '';
    let prevCased = false;
    for (const ch of s) {
      if (isCased(ch)) {
        out += prevCased ? ch.toLowerCase() : ch.toUpperCase();
        prevCased = true;
      } else {
        out += ch;
        prevCased = false;
      }
    }
    return out;
  },
  capitalize: (s: string) => (s ? s[0].toUpperCase() + s.slice(1).toLowerCase() : s),
  strip: (s, a, kw) => stripChars(s, bind('strip', a, kw, ['chars'], 0, [null])[0], true, true),
  lstrip: (s, a, kw) => stripChars(s, bind('lstrip', a, kw, ['chars'], 0, [null])[0], true, false),
  rstrip: (s, a, kw) => stripChars(s, bind('rstrip', a, kw, ['chars'], 0, [null])[0], false, true),
  split: (s, a, kw) => {
    const [sep, max] = bind('split', a, kw, ['sep', 'maxsplit'], 0, [null, -1]);
    return split(s, sep, num(max)!, false);
  },
  rsplit: (s, a, kw) => {
    const [sep, max] = bind('rsplit', a, kw, ['sep', 'maxsplit'], 0, [null, -1]);
    return split(s, sep, num(max)!, true);
  },
  splitlines: (s: string, a, kw) => {
    const [keep] = bind('splitlines', a, kw, ['keepends'], 0, [false]);
    const out: string[] = [];
    const re = /\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/g;
    let last = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      out.push(s.slice(last, truthy(keep) ? m.index + m[0].length : m.index));
      last = m.index + m[0].length;
    }
    if (last < s.length) out.push(s.slice(last));
    return out;
  },
  join: (s: string, a, kw) => {
    const [iterable] = bind('join', a, kw, ['iterable'], 1);
    const parts = toArray(iterable);
    for (let i = 0; i < parts.length; i++) {
      if (typeof parts[i] !== 'string') typeError(`sequence item ${i}: expected str instance, ${typeName(parts[i])} found`);
    }
    return parts.join(s);
  },
  replace: (s: string, a, kw) => {
    const [old, rep, count] = bind('replace', a, kw, ['old', 'new', 'count'], 2, [-1]);
    needStr(old, 'replace() argument 1');
    needStr(rep, 'replace() argument 2');
    const n = num(count)!;
    if (n < 0) return old === '' ? [...s].reduce((acc, ch) => acc + ch + rep, rep) : s.split(old).join(rep);
    let out = s;
    if (old === '') {
      const chars = [...s];
      out = '';
      let done = 0;
      for (let i = 0; i <= chars.length; i++) {
        if (done < n) {
          out += rep;
          done++;
        }
        if (i < chars.length) out += chars[i];
      }
      return out;
    }
    const parts = s.split(old);
    if (parts.length - 1 <= n) return parts.join(rep);
    return parts.slice(0, n + 1).join(rep) + old + parts.slice(n + 1).join(old);
  },
  startswith: (s, a, kw) => affix(s, a, kw, 'startswith', false),
  endswith: (s, a, kw) => affix(s, a, kw, 'endswith', true),
  find: (s, a, kw) => find(s, a, kw, 'find', false),
  rfind: (s, a, kw) => find(s, a, kw, 'rfind', true),
  index: (s, a, kw) => {
    const i = find(s, a, kw, 'index', false);
    return i < 0 ? valueError('substring not found') : i;
  },
  rindex: (s, a, kw) => {
    const i = find(s, a, kw, 'rindex', true);
    return i < 0 ? valueError('substring not found') : i;
  },
  count: (s: string, a, kw) => {
    const [sub, start, end] = bind('count', a, kw, ['sub', 'start', 'end'], 1, [null, null]);
    needStr(sub, 'must be str, not');
    const [x, y] = bounds(s, start, end);
    if (x > s.length) return 0;
    const hay = s.slice(x, Math.max(x, y));
    if (sub === '') return hay.length + 1;
    return hay.split(sub).length - 1;
  },
  format: (s, a, kw) => strFormat(s, a, kw ?? {}),
  format_map: (s, a, kw) => {
    const [mapping] = bind('format_map', a, kw, ['mapping'], 1);
    return strFormat(s, [], Object.fromEntries(items(mapping)));
  },
  zfill: (s: string, a, kw) => {
    const [width] = bind('zfill', a, kw, ['width'], 1);
    const w = num(width)!;
    if (s.length >= w) return s;
    const sign = s[0] === '+' || s[0] === '-' ? s[0] : '';
    return sign + '0'.repeat(w - s.length) + s.slice(sign.length);
  },
  ljust: (s, a, kw) => justify(s, a, kw, 'ljust', 'l'),
  rjust: (s, a, kw) => justify(s, a, kw, 'rjust', 'r'),
  center: (s, a, kw) => justify(s, a, kw, 'center', 'c'),
  partition: (s: string, a, kw) => {
    const [sep] = bind('partition', a, kw, ['sep'], 1);
    if (needStr(sep, 'must be str, not') === '') valueError('empty separator');
    const i = s.indexOf(sep);
    return i < 0 ? tuple([s, '', '']) : tuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
  rpartition: (s: string, a, kw) => {
    const [sep] = bind('rpartition', a, kw, ['sep'], 1);
    if (needStr(sep, 'must be str, not') === '') valueError('empty separator');
    const i = s.lastIndexOf(sep);
    return i < 0 ? tuple(['', '', s]) : tuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
  removeprefix: (s: string, a, kw) => {
    const [p] = bind('removeprefix', a, kw, ['prefix'], 1);
    return needStr(p, 'removeprefix() argument') && s.startsWith(p) ? s.slice(p.length) : s;
  },
  removesuffix: (s: string, a, kw) => {
    const [p] = bind('removesuffix', a, kw, ['suffix'], 1);
    return needStr(p, 'removesuffix() argument') && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
  },
  isdigit: (s) => /^[\p{Nd}\u00b2\u00b3\u00b9\u2070-\u2079\u2080-\u2089]+$/u.test(s),
  isdecimal: (s) => /^\p{Nd}+$/u.test(s),
  isnumeric: (s) => /^[\p{Nd}\p{Nl}\p{No}]+$/u.test(s),
  isalpha: (s) => /^\p{L}+$/u.test(s),
  isalnum: (s) => /^[\p{L}\p{Nd}\p{Nl}\p{No}]+$/u.test(s),
  isspace: (s: string) => s.length > 0 && [...s].every((c) => WS.includes(c)),
  islower: (s: string) => /\p{Ll}/u.test(s) && !/[\p{Lu}\p{Lt}]/u.test(s),
  isupper: (s: string) => /\p{Lu}/u.test(s) && !/[\p{Ll}\p{Lt}]/u.test(s),
  istitle: (s: string) => s.length > 0 && STR_METHODS.title(s, [], null) === s && /[\p{Lu}\p{Lt}]/u.test(s),
  isidentifier: (s) => /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u.test(s),
  expandtabs: (s: string, a, kw) => {
    const [size] = bind('expandtabs', a, kw, ['tabsize'], 0, [8]);
    let col = 0;
    let out = '';
    for (const ch of s) {
      if (ch === '\t') {
        const n = size > 0 ? size - (col % size) : 0;
        out += ' '.repeat(n);
        col += n;
      } else {
        out += ch;
        col = ch === '\n' || ch === '\r' ? 0 : col + 1;
      }
    }
    return out;
  },
  encode: () => typeError('bytes are not supported in templates'),
};

function listIndex(self: any[], a: any[], kw: Kw, kind: string): number {
  const [x, start, end] = bind('index', a, kw, ['value', 'start', 'stop'], 1, [null, null]);
  const [s, e] = bounds(self, start, end);
  for (let i = s; i < e; i++) if (eq(self[i], x)) return i;
  return valueError(kind === 'tuple' ? 'tuple.index(x): x not in tuple' : `${repr(x)} is not in list`);
}

function listCount(self: any[], a: any[], kw: Kw): number {
  const [x] = bind('count', a, kw, ['value'], 1);
  let n = 0;
  for (const y of self) if (eq(y, x)) n++;
  return n;
}

const TUPLE_METHODS: Record<string, Method> = {
  index: (self, a, kw) => listIndex(self, a, kw, 'tuple'),
  count: listCount,
};

const LIST_METHODS: Record<string, Method> = {
  index: (self, a, kw) => listIndex(self, a, kw, 'list'),
  count: listCount,
  append: (self: any[], a, kw) => {
    self.push(bind('append', a, kw, ['object'], 1)[0]);
    return null;
  },
  extend: (self: any[], a, kw) => {
    self.push(...toArray(bind('extend', a, kw, ['iterable'], 1)[0]));
    return null;
  },
  insert: (self: any[], a, kw) => {
    const [i, x] = bind('insert', a, kw, ['index', 'object'], 2);
    let at = index(i, self);
    if (at < 0) at = Math.max(0, at + self.length);
    self.splice(Math.min(at, self.length), 0, x);
    return null;
  },
  pop: (self: any[], a, kw) => {
    const [i] = bind('pop', a, kw, ['index'], 0, [-1]);
    if (!self.length) throw new PyError('IndexError', 'pop from empty list');
    let at = index(i, self);
    if (at < 0) at += self.length;
    if (at < 0 || at >= self.length) throw new PyError('IndexError', 'pop index out of range');
    return self.splice(at, 1)[0];
  },
  remove: (self: any[], a, kw) => {
    const [x] = bind('remove', a, kw, ['value'], 1);
    const i = self.findIndex((y) => eq(y, x));
    if (i < 0) valueError('list.remove(x): x not in list');
    self.splice(i, 1);
    return null;
  },
  reverse: (self: any[]) => {
    self.reverse();
    return null;
  },
  sort: (self: any[], a, kw) => {
    bind('sort', a, null, [], 0);
    const sorted = sortedList(self, kw);
    self.splice(0, self.length, ...sorted);
    return null;
  },
  copy: (self: any[]) => self.slice(),
  clear: (self: any[]) => {
    self.length = 0;
    return null;
  },
};

const DICT_METHODS: Record<string, Method> = {
  get: (d, a, kw) => {
    if (kw) typeError('get() takes no keyword arguments');
    if (a.length < 1 || a.length > 2) typeError(`get expected ${a.length < 1 ? 'at least 1' : 'at most 2'} argument${a.length < 1 ? '' : 's'}, got ${a.length}`);
    const v = dictGet(d, a[0], MISSING);
    return v === MISSING ? (a.length > 1 ? a[1] : null) : v;
  },
  items: (d) => view('dict_items', dictEntries(d).map((e) => tuple(e))),
  keys: (d) => view('dict_keys', dictKeys(d)),
  values: (d) => view('dict_values', dictEntries(d).map((e) => e[1])),
  copy: (d) => (d instanceof Map ? new Map(d) : { ...d }),
  pop: (d, a) => {
    const v = dictGet(d, a[0], MISSING);
    if (v === MISSING) return a.length > 1 ? a[1] : keyError(a[0]);
    if (d instanceof Map) d.delete(a[0]);
    else delete d[a[0]];
    return v;
  },
  setdefault: (d, a) => {
    const v = dictGet(d, a[0], MISSING);
    if (v !== MISSING) return v;
    dictSet(d, a[0], a.length > 1 ? a[1] : null);
    return a.length > 1 ? a[1] : null;
  },
  update: (d, a, kw) => {
    for (const other of a) for (const [k, v] of isDict(other) ? dictEntries(other) : toArray(other).map((p) => unpack(p, 2))) dictSet(d, k, v);
    if (kw) for (const k of Object.keys(kw)) dictSet(d, k, kw[k]);
    return null;
  },
};

const SET_METHODS: Record<string, Method> = {
  add: (s: Set<any>, a) => {
    s.add(a[0]);
    return null;
  },
  discard: (s: Set<any>, a) => {
    s.delete(a[0]);
    return null;
  },
  remove: (s: Set<any>, a) => {
    if (!s.delete(a[0])) keyError(a[0]);
    return null;
  },
  union: (s: Set<any>, a) => new Set([...s, ...a.flatMap((x) => toArray(x))]),
  intersection: (s: Set<any>, a) => new Set([...s].filter((x) => a.every((o) => in_(x, o)))),
  difference: (s: Set<any>, a) => new Set([...s].filter((x) => !a.some((o) => in_(x, o)))),
  issubset: (s: Set<any>, a) => [...s].every((x) => in_(x, a[0])),
  issuperset: (s: Set<any>, a) => toArray(a[0]).every((x) => setHas(s, x)),
  copy: (s: Set<any>) => new Set(s),
};



/** Methods reachable from the type: `str.lower`, `dict.get`. */
const TYPE_METHODS: Record<string, Record<string, Method>> = {
  str: STR_METHODS, list: LIST_METHODS, tuple: TUPLE_METHODS, dict: DICT_METHODS, set: SET_METHODS,
};

// ---------------------------------------------------------------------------------------------
// Builtins

function pytype(name: string, impl: Impl, test: (v: any) => boolean): PyCallable {
  const f = pyfunc(name, impl);
  f.$pytype = name;
  (f as any).$test = test;
  return f;
}

function len(v: any): number {
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
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

function sortedList(items: any, kw: Kw): any[] {
  for (const k of Object.keys(kw ?? {})) if (k !== 'key' && k !== 'reverse') typeError(`'${k}' is an invalid keyword argument for sort()`);
  const [key, reverse] = bind('sorted', [], kw, ['key', 'reverse'], 0, [null, false]);
  const arr = toArray(items);
  const keyed = arr.map((v, i) => ({ v, k: key === null || key === undefined ? v : call(key, v), i }));
  const rev = truthy(reverse);
  keyed.sort((a, b) => {
    const c = rev ? compare(b.k, a.k, '<') : compare(a.k, b.k, '<');
    return c || a.i - b.i;
  });
  return keyed.map((x) => x.v);
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
  const arr = v instanceof PyRange ? [...v] : v;
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

function b(name: string, impl: Impl): PyCallable {
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
  enumerate: b('enumerate', (a, kw) => {
    const [it, start] = bind('enumerate', a, kw, ['iterable', 'start'], 1, [0]);
    return lazy('enumerate', enumerateGen(it, num(start)!));
  }),
  zip: b('zip', (a, kw) => {
    noKw('zip', kw);
    return lazy('zip', zipGen(a));
  }),
  reversed: exact('reversed', 1, reversed),
  sorted: b('sorted', (a, kw) => {
    if (a.length !== 1) typeError(`sorted expected 1 argument, got ${a.length}`);
    return sortedList(a[0], kw);
  }),
  min: b('min', (a, kw) => extreme('min', a, kw, -1)),
  max: b('max', (a, kw) => extreme('max', a, kw, 1)),
  sum: b('sum', (a, kw) => {
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
  round: b('round', (a, kw) => {
    const [x, nd] = bind('round', a, kw, ['number', 'ndigits'], 1, [null]);
    return pyRound(x, nd);
  }),
  divmod: exact('divmod', 2, (x, y) => tuple([floordiv(x, y), mod(x, y)])),
  pow: b('pow', (a, kw) => {
    const [x, y] = bind('pow', a, kw, ['base', 'exp'], 2);
    return pow(x, y);
  }),
  isinstance: exact('isinstance', 2, isinstance),
  hasattr: exact('hasattr', 2, hasattr),
  getattr: b('getattr', (a, kw) => {
    noKw('getattr', kw);
    if (a.length < 2 || a.length > 3) typeError(`getattr expected at least 2 arguments, got ${a.length}`);
    if (a.length === 2) return getattr(a[0], needStr(a[1], 'attribute name'), false);
    return hasattr(a[0], a[1]) ? getattr(a[0], a[1], false) : a[2];
  }),
  callable: exact('callable', 1, (v) => typeof v === 'function'),
  chr: exact('chr', 1, (v) => String.fromCodePoint(num(v)!)),
  ord: exact('ord', 1, (v) => {
    if (typeof v !== 'string' || [...v].length !== 1) typeError(`ord() expected a character, but string of length ${typeof v === 'string' ? [...v].length : 0} found`);
    return v.codePointAt(0);
  }),
  hex: exact('hex', 1, (v) => format(v, '#x')),
  oct: exact('oct', 1, (v) => format(v, '#o')),
  bin: exact('bin', 1, (v) => format(v, '#b')),
  format: b('format', (a, kw) => {
    const [v, spec] = bind('format', a, kw, ['value', 'format_spec'], 1, ['']);
    return format(v, spec);
  }),
  map: b('map', (a, kw) => {
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
  next: b('next', (a) => {
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
  slice: b('slice', (a) => (a.length === 1 ? new PySlice(null, a[0], null) : new PySlice(a[0], a[1] ?? null, a[2] ?? null))),
};

/** The runtime object compiled expressions call as `$py`. */
export const $py = Object.freeze({
  builtins, truthy, truth: truthy, is, eq, ne, lt, le, gt, ge, in: in_, notIn,
  add, sub, mul, truediv, floordiv, mod, pow, lshift, rshift, and: and_, or: or_, xor, neg, pos, invert,
  getattr, getitem, getslice, slice, call, callKw, callMethod, callMethodKw, lambda,
  tuple, float, dictOf, items, kwargs, iter, list: iter, each, unpack, lazy,
  str, repr, ascii, format, typeName, camelCase,
  isFallbackError, errorName,
  PyError, isPyError, PyException, NameError: PyNameError, AttributeError: PyAttributeError, TypeError: PyTypeError,
  ValueError: PyValueError, LookupError: PyLookupError, KeyError: PyKeyError, IndexError: PyIndexError,
  ZeroDivisionError: PyZeroDivisionError,
});
export type PyRuntime = typeof $py;
