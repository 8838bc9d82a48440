/**
 * Methods of Python's str, list, tuple, dict and set over JS strings, arrays, plain objects,
 * Maps and Sets (part of `$py`, see pyruntime.ts). Each takes `(self, args, kw)`.
 * `str.format` and `format_map` are added by pyops.ts, which has the getattr() they use.
 */
import { PyError, typeError, valueError } from './pyerrors';
import { bind, call, codePoints, compare, dictEntries, dictGet, dictKeys, dictSet, eq, in_, index, isDict, isTuple, Kw, Method, MISSING, num, setHas, sliceRange, strLength, toArray, truthy, tuple, typeName, unpack, view } from './pyvalues';
import { keyError, repr } from './pyformat';

export function needStr(v: any, what: string): string {
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

/**
 * `s[start:end]` for str methods that take start/end (find, count, startswith...), with the
 * code-point offset of its first character: Python's indexes count code points.
 */
function window(s: string, start: any, end: any): { hay: string; at: number; cps: string[] | null; empty: boolean } {
  const cps = codePoints(s);
  const length = (cps ?? s).length;
  const [a, b] = bounds(cps ?? s, start, end);
  const hay = cps ? cps.slice(a, Math.max(a, b)).join('') : s.slice(a, Math.max(a, b));
  // A start beyond the end finds nothing, not even '' (CPython does not clamp it).
  const from = start === null || start === undefined ? 0 : num(start)!;
  return { hay, at: a, cps, empty: b < a || from > length };
}

function affix(s: string, args: any[], kw: Kw, name: string, atEnd: boolean): boolean {
  const [prefix, start, end] = bind(name, args, kw, ['prefix', 'start', 'end'], 1, [null, null]);
  const { hay, empty } = window(s, start, end);
  const options = Array.isArray(prefix) && isTuple(prefix) ? prefix : [prefix];
  return options.some((p) => {
    if (typeof p !== 'string') typeError(`${name} first arg must be str or a tuple of str, not ${typeName(p)}`);
    return !empty && (atEnd ? hay.endsWith(p) : hay.startsWith(p));
  });
}

function find(s: string, args: any[], kw: Kw, name: string, fromRight: boolean): number {
  const [sub, start, end] = bind(name, args, kw, ['sub', 'start', 'end'], 1, [null, null]);
  needStr(sub, 'must be str, not');
  const { hay, at, cps, empty } = window(s, start, end);
  if (empty) return -1;
  const i = fromRight ? hay.lastIndexOf(sub) : hay.indexOf(sub);
  if (i < 0) return -1;
  return at + (cps ? strLength(hay.slice(0, i)) : i);
}

function justify(s: string, args: any[], kw: Kw, name: string, where: 'l' | 'r' | 'c'): string {
  const [width, fill] = bind(name, args, kw, ['width', 'fillchar'], 1, [' ']);
  if (typeof fill !== 'string' || [...fill].length !== 1) typeError('The fill character must be exactly one character long');
  const w = num(width)!;
  const marg = w - strLength(s);
  if (marg <= 0) return s;
  if (where === 'l') return s + fill.repeat(marg);
  if (where === 'r') return fill.repeat(marg) + s;
  const left = Math.floor(marg / 2) + (marg & w & 1);
  return fill.repeat(left) + s + fill.repeat(marg - left);
}

export const STR_METHODS: Record<string, Method> = {
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
    const { hay, empty } = window(s, start, end);
    if (empty) return 0;
    if (sub === '') return strLength(hay) + 1;
    return hay.split(sub).length - 1;
  },
  zfill: (s: string, a, kw) => {
    const [width] = bind('zfill', a, kw, ['width'], 1);
    const w = num(width)!;
    const n = strLength(s);
    if (n >= w) return s;
    const sign = s[0] === '+' || s[0] === '-' ? s[0] : '';
    return sign + '0'.repeat(w - n) + s.slice(sign.length);
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

export const TUPLE_METHODS: Record<string, Method> = {
  index: (self, a, kw) => listIndex(self, a, kw, 'tuple'),
  count: listCount,
};

export const LIST_METHODS: Record<string, Method> = {
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

export const DICT_METHODS: Record<string, Method> = {
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

export const SET_METHODS: Record<string, Method> = {
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
export const TYPE_METHODS: Record<string, Record<string, Method>> = {
  str: STR_METHODS, list: LIST_METHODS, tuple: TUPLE_METHODS, dict: DICT_METHODS, set: SET_METHODS,
};

export function sortedList(items: any, kw: Kw): any[] {
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
