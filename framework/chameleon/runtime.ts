/**
 * What compiled templates call at render time besides the Python runtime: Chameleon's value
 * conversion and escaping, the `repeat` variable, the `default` marker, tuple unpacking, the
 * exceptions a `|` fallback or `exists:` catches, and the on-error `error` value.
 */
import { $py, PyAttributeError, PyKeyError, PyLookupError, PyNameError, PyTypeError, isFallbackError, errorName } from './pyruntime';
import { NAME2CODEPOINT } from './entities';

/** The value of `default`: the element's own content or attribute is kept. */
export const DEFAULT: unique symbol = Symbol('default');
/** A tal:switch value once one of its cases has matched. */
export const CANCEL: unique symbol = Symbol('cancel');

/**
 * A string that is already HTML: inserted as it is, never escaped (Chameleon's and
 * markupsafe's `Markup`). Any object with an `__html__()` method is treated the same way.
 *
 * @example
 * view.form = new Markup('<form>...</form>'); // ${view.form} inserts the form as HTML
 */
export class Markup {
  constructor(readonly text: string) {}
  __html__(): string {
    return this.text;
  }
  /** Python's truth: an empty Markup is false, as an empty str. */
  __bool__(): boolean {
    return this.text.length > 0;
  }
  toString(): string {
    return this.text;
  }
}

function htmlOf(value: unknown): string | undefined {
  const html = (value as { __html__?: unknown }).__html__;
  return typeof html === 'function' ? String(html.call(value)) : undefined;
}

const needsEscape = /[&<>"']/;

function escape(text: string, quote: string | null, entity: string): string {
  if (!needsEscape.test(text)) return text;
  if (text.includes('&')) text = text.replace(/&/g, '&amp;');
  if (text.includes('<')) text = text.replace(/</g, '&lt;');
  if (text.includes('>')) text = text.replace(/>/g, '&gt;');
  if (quote !== null && text.includes(quote)) {
    // An unquoted attribute's quote is '': Python's str.replace('', e) puts e around every character.
    text = quote === '' ? entity + [...text].join(entity) + entity : text.split(quote).join(entity);
  }
  return text;
}

/**
 * A value as text, escaped (Chameleon's `__quote`): None inserts nothing (null), `default`
 * gives `dflt`, numbers print as Python prints them, `__html__` objects are not escaped, other
 * values are Python's `str()` with `& < >` (and the attribute's quote) escaped.
 */
export function quote(value: unknown, q: string | null, entity: string, dflt: string | null): string | null {
  if (value === null || value === undefined) return null;
  if (value === DEFAULT) return dflt;
  if (typeof value === 'string') return escape(value, q, entity);
  if (typeof value === 'number') return Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : $py.str(value);
  if (typeof value === 'object' || typeof value === 'function') {
    const html = htmlOf(value);
    if (html !== undefined) return html;
  }
  return escape($py.str(value), q, entity);
}

/** A value as structure (Chameleon's `__convert`): as `quote` without escaping. */
export function convert(value: unknown, dflt: string | null = null): string | null {
  if (value === null || value === undefined) return null;
  if (value === DEFAULT) return dflt;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' || typeof value === 'function') {
    const html = htmlOf(value);
    if (html !== undefined) return html;
  }
  return $py.str(value);
}

/** `structure:` expressions: the value as Markup (Python's `Markup(value)`, so None is 'None'). */
export function markup(value: unknown): Markup {
  return value instanceof Markup ? value : new Markup(typeof value === 'string' ? value : $py.str(value));
}

/** Escapes text as Chameleon does in element content: `& < >`. */
export function escapeText(value: unknown): string {
  return quote(value, '\0', '&#0;', null) ?? '';
}

/** Escapes text as Chameleon does in a double-quoted attribute: `& < > "`. */
export function escapeAttr(value: unknown): string {
  return quote(value, '"', '&quot;', null) ?? '';
}

const entityRe = /&(#?)(x?)(\d{1,5}|\w{1,8});/g;

/** Decodes character references in TAL attribute values, as Chameleon's `decode_htmlentities`. */
export function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(entityRe, (whole, hash: string, x: string, ent: string) => {
    if (hash === '#') {
      if (x === '') return /^\d+$/.test(ent) ? String.fromCodePoint(Number(ent)) : whole;
      return /^[0-9a-fA-F]+$/.test(ent) ? String.fromCodePoint(parseInt(ent, 16)) : whole;
    }
    return Object.prototype.hasOwnProperty.call(NAME2CODEPOINT, ent) ? String.fromCodePoint(NAME2CODEPOINT[ent]) : whole;
  });
}

// --- repeat -----------------------------------------------------------------------------------

const ROMAN: Array<[number, string]> = [
  [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
  [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
];

/** `repeat.name` inside `tal:repeat="name ..."`: where the loop is. */
export class RepeatItem {
  index = -1;
  constructor(readonly length: number, private readonly items: unknown[] = []) {}

  private key(i: number, name: unknown): unknown {
    const item = this.items[i];
    return name === undefined || name === null ? item : $py.getattr(item, String(name));
  }

  /**
   * Zope's `first(name=None)`: whether this item starts a run of equal values (of the attribute
   * `name`, when given), for grouping a sorted list. Not in Chameleon 3.8 (there it is an
   * AttributeError); written `repeat['item'].first()` or `repeat.item.first('kind')`.
   */
  first(name?: unknown): boolean {
    return this.index === 0 || !$py.eq(this.key(this.index - 1, name), this.key(this.index, name));
  }

  /** Zope's `last(name=None)`: whether this item ends a run of equal values. */
  last(name?: unknown): boolean {
    return this.index === this.length - 1 || !$py.eq(this.key(this.index + 1, name), this.key(this.index, name));
  }

  get number(): number {
    return this.index + 1;
  }
  // Chameleon's start and end are ints (1 or 0), and render so.
  get start(): number {
    return this.index === 0 ? 1 : 0;
  }
  get end(): number {
    return this.index === this.length - 1 ? 1 : 0;
  }
  get even(): string {
    return this.index % 2 === 0 ? 'even' : '';
  }
  get odd(): string {
    return this.index % 2 === 1 ? 'odd' : '';
  }
  get parity(): string {
    return this.index % 2 === 0 ? 'even' : 'odd';
  }
  private lettered(base: number): string {
    let index = this.index;
    if (index < 0) throw new PyTypeError('No iteration position');
    let s = '';
    for (;;) {
      const off = index % 26;
      index = Math.floor(index / 26);
      s = String.fromCharCode(base + off) + s;
      if (!index) return s;
    }
  }
  get letter(): string {
    return this.lettered(97);
  }
  get Letter(): string {
    return this.lettered(65);
  }
  get Roman(): string {
    let n = this.index + 1;
    let s = '';
    for (const [v, r] of ROMAN) {
      s += r.repeat(Math.floor(n / v));
      n %= v;
    }
    return s;
  }
  get roman(): string {
    return this.Roman.toLowerCase();
  }
}

const LOOPS = Symbol('loops');

/**
 * The `repeat` variable: the loops running now, by name (`repeat.item`, `repeat['item']`). It has
 * no other properties, so that any loop name reads through `__getitem__`.
 */
export class RepeatDict {
  // Made by the first loop: most renders of most pages have none.
  [LOOPS]: Map<string, RepeatItem> | null = null;

  __getitem__(key: unknown): RepeatItem {
    const item = typeof key === 'string' ? this[LOOPS]?.get(key) : undefined;
    if (!item) throw new PyKeyError($py.repr(key));
    return item;
  }
}

/** Starts a loop: the items to iterate (Python's `list(iterable)`, None as no items) and its `repeat` entry. */
export function beginRepeat(repeat: unknown, key: string, iterable: unknown): { items: unknown[]; item: RepeatItem } {
  if (!(repeat instanceof RepeatDict)) throw new PyTypeError(`'${typeName(repeat)}' object is not callable`);
  const items = iterable === null || iterable === undefined ? [] : Array.from($py.iter(iterable));
  const item = new RepeatItem(items.length, items);
  (repeat[LOOPS] ??= new Map()).set(key, item);
  return { items, item };
}

/** `(a, b) expr`: the value unpacked into `count` names, as Python's tuple assignment. */
export function unpack(value: unknown, count: number): unknown[] {
  return $py.unpack(value, count);
}

// --- exceptions ---------------------------------------------------------------------------------

/** Whether `a | b` falls back to `b` after `a` raised `error` (Chameleon's TalesExpr.exceptions). */
export const fallsBack = isFallbackError;

/** Whether `exists:` answers 0 for `error` (AttributeError, LookupError, TypeError, NameError); otherwise it is raised. */
export function notExists(error: unknown): boolean {
  return error instanceof PyAttributeError || error instanceof PyLookupError || error instanceof PyTypeError || error instanceof PyNameError || error instanceof TypeError;
}

/** An exception class as templates see it (`error.type.__name__`). */
class ExceptionType {
  constructor(readonly __name__: string) {}
  toString(): string {
    return `<class '${this.__name__}'>`;
  }
}

/** `error` inside a tal:on-error handler: its type, value (the exception), line and column. */
export class ErrorInfo {
  readonly type: ExceptionType;
  readonly value: unknown;
  constructor(error: unknown, readonly lineno: number | null, readonly offset: number | null) {
    this.type = new ExceptionType(errorName(error));
    this.value = error;
  }
}

/** Chameleon's `simple_translate`: the default text with `${name}` replaced from the mapping. */
function simpleTranslate(msgid: unknown, options: { mapping?: Record<string, unknown> | null; default?: unknown } = {}): unknown {
  const dflt = options.default ?? msgid;
  const mapping = options.mapping;
  if (mapping && Object.keys(mapping).length && typeof dflt === 'string') {
    return dflt.replace(/(?<!\$)\$(?:([a-zA-Z][-a-zA-Z0-9_]*)|\{([a-zA-Z][-a-zA-Z0-9_]*)\})/g, (whole, p1?: string, p2?: string) => {
      const key = (p1 ?? p2)!;
      return Object.prototype.hasOwnProperty.call(mapping, key) ? $py.str(mapping[key]) : whole;
    });
  }
  return dflt;
}

/** Raises Python's NameError for a name the template does not know. */
export function nameError(name: string): never {
  throw new PyNameError(name);
}

// --- helpers the generated code calls -------------------------------------------------------------

export { locateRenderError } from './errors';

/** What a local define restores when the name was not defined before. */
export const MISSING: unique symbol = Symbol('missing');

/** The filling for a slot that a macro defines, if the caller filled it (the last one given). */
export function popSlot(econtext: Record<string, unknown>, key: string): MacroCallable | null {
  const fills = Object.prototype.hasOwnProperty.call(econtext, key) ? econtext[key] : undefined;
  return Array.isArray(fills) && fills.length ? (fills.pop() as MacroCallable) : null;
}

type MacroCallable = (econtext: Record<string, unknown>, rcontext: Record<string, unknown>) => string;

/** `metal:use-macro` / `extend-macro`: runs a template's page or a macro with the caller's namespace. */
export function include(macro: unknown, econtext: Record<string, unknown>, rcontext: Record<string, unknown>): string {
  const fn = macro !== null && macro !== undefined ? (macro as { include?: unknown }).include : undefined;
  if (typeof fn !== 'function') throw new PyAttributeError(`'${typeName(macro)}' object has no attribute 'include'`);
  return fn.call(macro, econtext, rcontext) as string;
}

/** Python's name for a value's type, for error messages. */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Map || Object.getPrototypeOf(value) === Object.prototype) return 'dict';
  if (typeof value === 'function') return 'function';
  return (value as object).constructor?.name ?? 'object';
}

function entries(value: unknown): Array<[string, unknown]> {
  if (value instanceof Map) return [...value.entries()].map(([k, v]) => [String(k), v]);
  if (value !== null && typeof value === 'object') return Object.entries(value);
  throw new PyAttributeError(`'${typeName(value)}' object has no attribute 'items'`);
}

/** `tal:attributes="python: {'class': 'a'}"`: a dict's attributes, except those named later on the element. */
export function dictAttributes(value: unknown, exclude: string[]): string {
  let out = '';
  for (const [name, v] of entries(value)) {
    if (exclude.includes(name) || v === null || v === undefined) continue;
    out += ' ' + name + '="' + quote(v, '"', '&quot;', null) + '"';
  }
  return out;
}

/** Whether an attribute is given by one of the dicts of a later `tal:attributes` entry. */
export function inDicts(name: string, dicts: unknown[]): boolean {
  return dicts.some((d) => entries(d).some(([k]) => k === name));
}

/** i18n: the namespace's `translate` function if it has one, else Chameleon's simple_translate. */
export function translate(econtext: Record<string, unknown>, msgid: unknown, options: Record<string, unknown>): unknown {
  const fn = Object.prototype.hasOwnProperty.call(econtext, 'translate') ? econtext.translate : undefined;
  if (typeof fn === 'function') return fn(msgid, options);
  return simpleTranslate(msgid, options as { mapping?: Record<string, unknown> | null; default?: unknown });
}
