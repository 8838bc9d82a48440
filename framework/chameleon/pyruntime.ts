/**
 * PLACEHOLDER (h12): a minimal stand-in for h12b's Python runtime, only so that the engine can be
 * compiled and tried before h12b's branch lands. Replaced by h12b's pyruntime.ts on merge.
 */
export class PyError extends Error {
  constructor(readonly pyType: string, message: string) {
    super(message);
    this.name = pyType;
  }
}

function repr(v: unknown): string {
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return str(v);
}

function str(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.map(repr).join(', ')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${repr(k)}: ${repr(x)}`).join(', ')}}`;
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return `{${Object.entries(v as object).map(([k, x]) => `${repr(k)}: ${repr(x)}`).join(', ')}}`;
  return String(v);
}

function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map || v instanceof Set) return v.size > 0;
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return Object.keys(v).length > 0;
  return Boolean(v);
}

function iter(v: unknown): unknown[] {
  if (Array.isArray(v)) return [...v];
  if (typeof v === 'string') return [...v];
  if (v instanceof Map) return [...v.keys()];
  if (v !== null && typeof v === 'object' && Symbol.iterator in (v as object)) return [...(v as Iterable<unknown>)];
  if (v !== null && typeof v === 'object') return Object.keys(v);
  throw new PyError('TypeError', `'${typeof v}' object is not iterable`);
}

function getattr(obj: unknown, name: string): unknown {
  if (obj === null || obj === undefined) throw new PyError('AttributeError', `'NoneType' object has no attribute '${name}'`);
  const o = obj as Record<string, unknown>;
  if (name in Object(o)) {
    const v = o[name];
    return typeof v === 'function' ? (v as Function).bind(o) : v;
  }
  const camel = name.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
  if (camel in Object(o)) {
    const v = o[camel];
    return typeof v === 'function' ? (v as Function).bind(o) : v;
  }
  if (typeof o.__getattr__ === 'function') return (o.__getattr__ as Function)(name);
  if (typeof o.__getitem__ === 'function') return (o.__getitem__ as Function)(name);
  if (obj instanceof Map && obj.has(name)) return obj.get(name);
  throw new PyError('AttributeError', `object has no attribute '${name}'`);
}

function getitem(obj: unknown, key: unknown): unknown {
  const o = obj as Record<string, unknown>;
  if (o !== null && o !== undefined && typeof o.__getitem__ === 'function') return (o.__getitem__ as Function)(key);
  if (obj instanceof Map) {
    if (!obj.has(key)) throw new PyError('KeyError', repr(key));
    return obj.get(key);
  }
  if (Array.isArray(obj) || typeof obj === 'string') {
    let i = Number(key);
    if (i < 0) i += obj.length;
    if (i < 0 || i >= obj.length) throw new PyError('IndexError', 'list index out of range');
    return obj[i];
  }
  if (obj !== null && typeof obj === 'object' && Object.prototype.hasOwnProperty.call(obj, String(key))) return o[String(key)];
  throw new PyError('KeyError', repr(key));
}

function eq(a: unknown, b: unknown): boolean {
  return a === b || (a == null && b == null);
}

export const $py = {
  PyError,
  str,
  repr,
  truthy,
  iter,
  getattr,
  getitem,
  eq,
  builtins: { len: (x: unknown) => iter(x).length, str, True: true, False: false, None: null } as Record<string, unknown>,
  call(fn: unknown, args: unknown[], kwargs?: Record<string, unknown>): unknown {
    if (typeof fn !== 'function') throw new PyError('TypeError', `'${typeof fn}' object is not callable`);
    return kwargs && Object.keys(kwargs).length ? fn(...args, kwargs) : fn(...args);
  },
  add: (a: any, b: any) => a + b,
};
