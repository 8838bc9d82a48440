/**
 * Python's text of values (part of `$py`, see pyruntime.ts): `str()`, `repr()`, `format()` and
 * its spec mini-language, `str.format`, and printf-style `%`, with Python's rounding (half to
 * even on the exact binary value) and float spelling (`1e+16`, `1e-05`).
 */
import { PyFloat, pyFloatRepr } from '../pyjson';
import { PyError, typeError, valueError } from './pyerrors';
import { dateRepr, dateStr } from './pydatetime';
import { dictEntries, dictGet, float, hasOwn, isDict, isFloat, isPlain, isTuple, ITERATOR, MISSING, num, PyRange, PySlice, typeName, VIEW } from './pyvalues';

export function keyError(key: unknown): never {
  throw new PyError('KeyError', repr(key));
}

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
    if (v instanceof Date) return dateRepr(v);
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
    if (v instanceof Date) return dateStr(v);
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

/** x.toFixed(digits) with Python's round-half-even on the exact binary value. */
/**
 * Python rounds a tie (an exact ...5 in the binary value) to even; JS's toFixed/toExponential
 * round it away from zero. `rounded` is JS's result at `digits`, `exact(n)` the same at n digits.
 * Returns the result with the tie broken to even.
 */
function halfEven(rounded: string, digits: number, exact: (n: number) => string): string {
  const extra = Math.min(100, digits + 30) - digits;
  if (extra <= 0) return rounded;
  const [mantissa, exponent] = exact(digits + extra).split('e');
  if (mantissa.slice(mantissa.length - extra) !== '5' + '0'.repeat(extra - 1)) return rounded;
  // A tie: keep the truncated digits when their last is even, else JS's (rounded up) is right.
  let truncated = mantissa.slice(0, mantissa.length - extra);
  if (truncated.endsWith('.')) truncated = truncated.slice(0, -1);
  if (Number(truncated[truncated.length - 1]) % 2 !== 0) return rounded;
  return exponent === undefined ? truncated : `${truncated}e${exponent}`;
}

/** x.toFixed(digits) with Python's round-half-even on the exact binary value. */
export function toFixedPy(x: number, digits: number): string {
  if (Math.abs(x) >= 1e21) return BigInt(Math.round(x)).toString() + (digits > 0 ? '.' + '0'.repeat(digits) : '');
  if (digits > 100) return x.toFixed(100) + '0'.repeat(digits - 100);
  return halfEven(x.toFixed(digits), digits, (n) => x.toFixed(n));
}

/** x.toExponential(digits), rounded as Python, with Python's two-digit exponent (`1e+05`). */
function expFormat(x: number, digits: number, upper: boolean): string {
  const s = halfEven(x.toExponential(digits), digits, (n) => x.toExponential(n)).replace(/e([+-])(\d)$/, 'e$10$2');
  return upper ? s.toUpperCase() : s;
}

/** The alternate form (`#`) keeps a decimal point: `2.e+00`, `7.`. */
function withPoint(s: string): string {
  if (s.includes('.')) return s;
  const e = s.search(/[eE]/);
  return e < 0 ? s + '.' : s.slice(0, e) + '.' + s.slice(e);
}

function stripZeros(s: string): string {
  const [mant, exp] = s.split(/(?=[eE])/);
  const m = mant.includes('.') ? mant.replace(/\.?0+$/, '') : mant;
  return m + (exp ?? '');
}

/** 'g' formatting: fixed or exponent, whichever is shorter for the precision. */
/**
 * 'g': fixed or exponent notation, by the exponent. With no type and a precision (`{:.3}`),
 * Python keeps a '.0' on a whole number and so switches to the exponent one digit earlier.
 */
function generalFormat(x: number, prec: number, upper: boolean, alt: boolean, noTypeFloat: boolean): string {
  const p = prec === 0 ? 1 : prec;
  const exp = x === 0 ? 0 : Number(expFormat(Math.abs(x), p - 1, false).split('e')[1]);
  let s: string;
  if (exp >= -4 && exp < (noTypeFloat ? p - 1 : p)) {
    s = toFixedPy(Math.abs(x), p - 1 - exp);
    s = alt ? withPoint(s) : stripZeros(s);
    if (noTypeFloat && !s.includes('.')) s += '.0';
  } else {
    s = expFormat(Math.abs(x), p - 1, upper);
    s = alt ? withPoint(s) : stripZeros(s);
  }
  return upper ? s.toUpperCase() : s;
}

interface Spec {
  fill: string;
  align: string;
  sign: string;
  /** Whether a sign was written (even '-', which is the default). */
  signGiven?: boolean;
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
  // PEP 378 and 515: ',' goes with decimal types, '_' also with b, o, x, X.
  if (m[8] && !/^[deEfFgG%]?$/.test(m[10] ?? '') && !(m[8] === '_' && /^[boxX]$/.test(m[10]))) {
    valueError(`Cannot specify '${m[8]}' with '${m[10]}'.`);
  }
  return {
    fill: m[1] ?? (m[6] ? '0' : ' '),
    align: m[2] ?? '',
    sign: m[3] ?? '-',
    signGiven: m[3] !== undefined,
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
  const fill = spec.fill;
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
  if (/^[dbcoxX]$/.test(type) && spec.precision !== null) valueError('Precision not allowed in integer format specifier');
  if (type === 'c' && (spec.signGiven || spec.sign !== '-')) valueError("Sign not allowed with integer format specifier 'c'");
  const negative = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  let body: string;
  let prefix = '';
  switch (type) {
    // An int's every digit, as Python's int() of a float would have them.
    case 'd': body = Number.isSafeInteger(a) || !Number.isFinite(a) ? String(a) : BigInt(a).toString(); break;
    case 'b': body = a.toString(2); prefix = spec.alt ? '0b' : ''; break;
    case 'o': body = a.toString(8); prefix = spec.alt ? '0o' : ''; break;
    case 'x': body = a.toString(16); prefix = spec.alt ? '0x' : ''; break;
    case 'X': body = a.toString(16).toUpperCase(); prefix = spec.alt ? '0X' : ''; break;
    case 'c': return pad(codePoint(x), '', spec, '<');
    case 'e': case 'E': body = Number.isFinite(a) ? expFormat(a, spec.precision ?? 6, type === 'E') : nonFinite(a, type === 'E'); break;
    case 'f': case 'F': body = Number.isFinite(a) ? toFixedPy(a, spec.precision ?? 6) : nonFinite(a, type === 'F'); break;
    case 'g': case 'G': body = Number.isFinite(a) ? generalFormat(a, spec.precision ?? 6, type === 'G', spec.alt, false) : nonFinite(a, type === 'G'); break;
    case '%': body = (Number.isFinite(a) ? toFixedPy(a * 100, spec.precision ?? 6) : nonFinite(a, false)) + '%'; break;
    default:
      // No type on a float: repr(), or 'g' that keeps a '.0' when a precision is given.
      if (!Number.isFinite(a)) body = nonFinite(a, false);
      else if (spec.precision === null) body = spec.alt ? withPoint(floatRepr(a)) : floatRepr(a);
      else body = generalFormat(a, spec.precision, false, spec.alt, true);
  }
  if (spec.alt && /^[fFeE%]$/.test(type)) body = body.endsWith('%') ? withPoint(body.slice(0, -1)) + '%' : withPoint(body);
  const signChar = negative && !(x === 0 && !floating) ? '-' : spec.sign === '+' ? '+' : spec.sign === ' ' ? ' ' : '';
  if (spec.grouping) {
    const every = /^[boxX]$/.test(type) ? 4 : 3;
    const m = (every === 4 ? /^([0-9a-fA-F]+)(.*)$/s : /^(\d+)(.*)$/s).exec(body);
    if (m) {
      let digits = m[1];
      // Zero padding goes inside the grouping, as Python does ('0,001,234.5').
      const zeroFill = spec.fill === '0' && (spec.align || (spec.zero ? '=' : '>')) === '=';
      const room = spec.width - signChar.length - prefix.length - m[2].length;
      let grouped = group(digits, spec.grouping, every);
      while (zeroFill && grouped.length < room) grouped = group((digits = '0' + digits), spec.grouping, every);
      body = grouped + m[2];
    }
  }
  return pad(body, signChar + prefix, spec, '>');
}

/** The character of a code point, for `%c` and `{:c}`. */
function codePoint(n: number): string {
  if (n < 0 || n > 0x10ffff) throw new PyError('OverflowError', '%c arg not in range(0x110000)');
  return String.fromCodePoint(n);
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
    if (s.grouping && !s.type) valueError(`Cannot specify '${s.grouping}' with 's'.`);
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
/** How str.format reads `{0.name}` and `{0[key]}`: Python's getattr() and `[]`. */
export interface FieldAccess {
  getattr(o: any, name: string): any;
  getitem(o: any, key: any): any;
}

function formatField(field: string, args: any[], kw: Record<string, any>, auto: { n: number; mode: string }, access: FieldAccess): any {
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
      first = access.getattr(first, a[1]);
      rest = rest.slice(a[0].length);
      continue;
    }
    const b = /^\[([^\]]+)\]/.exec(rest);
    if (!b) return valueError('Only \'.\' or \'[\' may follow \']\' in format field specifier');
    first = access.getitem(first, /^\d+$/.test(b[1]) ? Number(b[1]) : b[1]);
    rest = rest.slice(b[0].length);
  }
  return first;
}

/** Python's `str.format`. */
export function strFormat(template: string, args: any[], kw: Record<string, any>, access: FieldAccess, auto = { n: 0, mode: '' }, depth = 0): string {
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
      let value = formatField(fm[1], args, kw, auto, access);
      if (fm[2] !== undefined) {
        if (fm[2] === 'r') value = repr(value);
        else if (fm[2] === 's') value = str(value);
        else if (fm[2] === 'a') value = ascii(value);
        else valueError(fm[2].length === 1 ? `Unknown conversion specifier ${fm[2]}` : 'expected \':\' after conversion specifier');
      }
      let spec = fm[3] ?? '';
      if (spec.includes('{')) {
        if (depth >= 1) valueError('Max string recursion exceeded');
        spec = strFormat(spec, args, kw, access, auto, depth + 1);
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
export function percentFormat(fmt: string, values: any): string {
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

/** `%(key)s`: the value of `key` in the mapping on the right. */
function mappingItem(m: any, key: string): any {
  if (typeof m.__getitem__ === 'function') return m.__getitem__(key);
  if (Array.isArray(m)) return typeError('list indices must be integers or slices, not str');
  const v = dictGet(m, key, MISSING);
  return v === MISSING ? keyError(key) : v;
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
    value = mappingItem(values, key);
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
        ch = codePoint(n);
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
      if (!integer) return formatNumber(float(n!), { ...spec, type: t, precision: p ?? 6 });
      // %.3d pads the digits with zeros to the precision, then the whole to the width.
      const text = formatNumber(n, { ...spec, width: 0, type: t, precision: null });
      const m = /^([-+ ]?(?:0[xXo])?)(\w+)$/.exec(text)!;
      const digits = p !== null && m[2].length < p ? '0'.repeat(p - m[2].length) + m[2] : m[2];
      return pad(digits, m[1], spec, spec.align);
    }
    default:
      return valueError(`unsupported format character '${type}' (0x${type.codePointAt(0)!.toString(16)}) at index ${d.offset + d.whole.length - 1}`);
  }
}
