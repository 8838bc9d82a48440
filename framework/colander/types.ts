/**
 * colander's types: how a node turns application data (appstruct) into strings for a form
 * (cstruct: `serialize`) and back (`deserialize`), in colander's words when it cannot.
 */
import { pyFloatRepr } from '../pyjson';
import { Invalid, drop, nullValue } from './invalid';
import type { SchemaNode } from './schema';

export interface SchemaType {
  deserialize(node: SchemaNode, cstruct: unknown): unknown;
  serialize(node: SchemaNode, appstruct: unknown): unknown;
}

/** Python's str() of a value, for messages: true/false as True/False, null as None (colander's null says `<colander.null>` itself). */
export function pyStr(value: unknown): string {
  if (typeof value === 'number' && !Number.isInteger(value)) return pyFloat(value);
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return 'None';
  return globalThis.String(value);
}

function isNull(value: unknown): boolean {
  return value === nullValue || value === undefined;
}

export class String implements SchemaType {
  /** `allowEmpty`: an empty string is a value (''), not `null`. */
  constructor(readonly options: { allowEmpty?: boolean } = {}) {}

  serialize(_node: SchemaNode, appstruct: unknown): unknown {
    return isNull(appstruct) ? nullValue : pyStr(appstruct);
  }

  deserialize(node: SchemaNode, cstruct: unknown): unknown {
    if (cstruct === '' && this.options.allowEmpty) return '';
    if (isNull(cstruct) || cstruct === null || cstruct === '') return nullValue;
    if (typeof cstruct !== 'string') throw new Invalid(node, `${pyStr(cstruct)} is not a string`, cstruct);
    return cstruct;
  }
}

export class Integer implements SchemaType {
  serialize(node: SchemaNode, appstruct: unknown): unknown {
    if (isNull(appstruct) || appstruct === null) return nullValue;
    // Python's str(int(x)): a number is truncated, a string must be an integer's digits
    const text = globalThis.String(appstruct).trim();
    if (typeof appstruct === 'number' ? !Number.isFinite(appstruct) : !/^[+-]?\d+(_\d+)*$/.test(text)) {
      throw new Invalid(node, `"${pyStr(appstruct)}" is not a number`, appstruct);
    }
    return globalThis.String(typeof appstruct === 'number' ? Math.trunc(appstruct) : Number.parseInt(text.replace(/_/g, ''), 10));
  }

  deserialize(node: SchemaNode, cstruct: unknown): unknown {
    if (cstruct !== 0 && !cstruct || isNull(cstruct)) return nullValue;
    const text = globalThis.String(cstruct).trim();
    // Python's int(): optional sign, digits, underscores between digits
    if (!/^[+-]?\d+(_\d+)*$/.test(text)) throw new Invalid(node, `"${pyStr(cstruct)}" is not a number`, cstruct);
    return Number.parseInt(text.replace(/_/g, ''), 10);
  }
}

/** Python's str() of a float: pyjson's repr(), which spells NaN and the infinities as JSON does. */
function pyFloat(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  return pyFloatRepr(n);
}

export class Float implements SchemaType {
  serialize(node: SchemaNode, appstruct: unknown): unknown {
    if (isNull(appstruct) || appstruct === null) return nullValue;
    const n = typeof appstruct === 'number' ? appstruct : pythonFloat(globalThis.String(appstruct));
    if (n === null) throw new Invalid(node, `"${pyStr(appstruct)}" is not a number`, appstruct);
    return pyFloat(n);
  }

  deserialize(node: SchemaNode, cstruct: unknown): unknown {
    if (cstruct !== 0 && !cstruct || isNull(cstruct)) return nullValue;
    const n = typeof cstruct === 'number' ? cstruct : pythonFloat(globalThis.String(cstruct));
    if (n === null) throw new Invalid(node, `"${pyStr(cstruct)}" is not a number`, cstruct);
    return n;
  }
}

/** Python's float() of a string: a decimal or exponent number, inf or nan, space around; else null. */
function pythonFloat(text: string): number | null {
  const t = text.trim().replace(/(\d)_(?=\d)/g, '$1');
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return Number(t);
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(t)) return Number.NaN;
  return null;
}

export class Boolean implements SchemaType {
  constructor(readonly options: { falseChoices?: string[]; trueChoices?: string[]; falseVal?: string; trueVal?: string } = {}) {}

  serialize(_node: SchemaNode, appstruct: unknown): unknown {
    if (isNull(appstruct)) return nullValue;
    return appstruct ? (this.options.trueVal ?? 'true') : (this.options.falseVal ?? 'false');
  }

  deserialize(node: SchemaNode, cstruct: unknown): unknown {
    if (isNull(cstruct)) return nullValue;
    const result = pyStr(cstruct).toLowerCase();
    const falseChoices = this.options.falseChoices ?? ['false', '0'];
    const trueChoices = this.options.trueChoices ?? [];
    if (falseChoices.includes(result)) return false;
    if (trueChoices.length && !trueChoices.includes(result)) {
      const reprs = (list: string[]) => list.map((c) => `'${c}'`).join(', ');
      throw new Invalid(node, `"${pyStr(cstruct)}" is neither in (${reprs(falseChoices)}) nor in (${reprs(trueChoices)})`, cstruct);
    }
    return true;
  }
}

/** colander.Set: an iterable of values (a multiple select's choices) as a JavaScript Set. */
export class Set implements SchemaType {
  serialize(_node: SchemaNode, appstruct: unknown): unknown {
    return isNull(appstruct) ? nullValue : appstruct;
  }

  deserialize(node: SchemaNode, cstruct: unknown): unknown {
    if (isNull(cstruct)) return nullValue;
    if (typeof cstruct === 'string' || cstruct === null || typeof (cstruct as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new Invalid(node, `${pyStr(cstruct)} is not iterable`, cstruct);
    }
    return new globalThis.Set(cstruct as Iterable<unknown>);
  }
}

/** colander.Sequence: a list of values of the node's one child. */
export class Sequence implements SchemaType {
  serialize(node: SchemaNode, appstruct: unknown): unknown {
    if (isNull(appstruct)) return nullValue;
    const item = node.children[0];
    return [...iterable(node, appstruct)].map((value) => item.serialize(value));
  }

  deserialize(node: SchemaNode, cstruct: unknown): unknown {
    if (isNull(cstruct)) return nullValue;
    const item = node.children[0];
    const out: unknown[] = [];
    const error = new Invalid(node, null, out);
    [...iterable(node, cstruct)].forEach((value, pos) => {
      try {
        const result = item.deserialize(value);
        if (result !== drop) out.push(result);
      } catch (e) {
        if (!(e instanceof Invalid)) throw e;
        error.add(e, pos);
      }
    });
    if (error.children.length) throw error;
    return out;
  }
}

function iterable(node: SchemaNode, value: unknown): Iterable<unknown> {
  if (typeof value === 'string' || value === null || typeof (value as Iterable<unknown>)[Symbol.iterator] !== 'function' || (value instanceof Object && !Array.isArray(value) && !(value instanceof globalThis.Set))) {
    throw new Invalid(node, `"${pyStr(value)}" is not iterable`, value);
  }
  return value as Iterable<unknown>;
}

export class Mapping implements SchemaType {
  serialize(node: SchemaNode, appstruct: unknown): unknown {
    const given = (appstruct && typeof appstruct === 'object' ? appstruct : {}) as Record<string, unknown>;
    return Object.fromEntries(node.children.map((child) => [child.name, child.serialize(given[child.name] ?? nullValue)]));
  }

  deserialize(node: SchemaNode, cstruct: unknown): unknown {
    if (isNull(cstruct)) return nullValue;
    if (typeof cstruct !== 'object' || cstruct === null || Array.isArray(cstruct)) {
      throw new Invalid(node, `"${pyStr(cstruct)}" is not a mapping type: Does not implement dict-like functionality.`, cstruct);
    }
    const given = cstruct as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const error = new Invalid(node, null, out);
    node.children.forEach((child, pos) => {
      try {
        const value = child.deserialize(Object.prototype.hasOwnProperty.call(given, child.name) ? given[child.name] : nullValue);
        if (value !== drop) out[child.name] = value;
      } catch (e) {
        if (!(e instanceof Invalid)) throw e;
        error.add(e, pos);
      }
    });
    if (error.children.length) throw error;
    return out;
  }
}
