/**
 * colander's `Invalid`: what `deserialize` throws when data does not fit the schema. A mapping's
 * error holds its children's, each at its position (`pos`), so deform can put every message
 * beside its field; `asdict()` flattens them to dotted paths.
 */
import type { SchemaNode } from './schema';

/** colander's `required`: a node whose `missing` is this must be given. */
export const required: unique symbol = Symbol('colander.required');
/** The type of colander's `null`: false to a template's truth test and `<colander.null>` as text, as Python's. */
class ColanderNull {
  __bool__(): boolean {
    return false;
  }
  toString(): string {
    return '<colander.null>';
  }
}

/**
 * colander's `null`: no value (an empty field). Exported as `colander.null`. An object, not a
 * symbol, so that an app's deform template testing `cstruct` sees it false, as in deform.
 */
export const nullValue: ColanderNull = Object.freeze(new ColanderNull());
/** colander's `drop`: as `missing`, leaves the key out of the result. */
export const drop: unique symbol = Symbol('colander.drop');

export class Invalid extends Error {
  name = 'Invalid';
  readonly children: Invalid[] = [];
  /** Set for a child of a mapping: it stands at `pos` there. */
  positional = false;
  pos: number | null = null;

  constructor(readonly node: SchemaNode, readonly msg: string | string[] | null = null, public value: unknown = undefined) {
    super(Array.isArray(msg) ? msg.join('; ') : msg ?? `invalid ${node.name || 'value'}`);
  }

  /** Adds a child's error, at its position among the node's children. */
  add(child: Invalid, pos: number | null = null): void {
    if (pos !== null) {
      child.positional = true;
      child.pos = pos;
    }
    this.children.push(child);
  }

  /** The messages of this error alone (not its children's), as colander's `messages()`. */
  messages(): string[] {
    if (this.msg === null) return [];
    return Array.isArray(this.msg) ? this.msg : [this.msg];
  }

  /** Each failing leaf's dotted path to its messages joined by '; ', as colander's `asdict()`. */
  asdict(): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (error: Invalid, prefix: string[], messages: string[]) => {
      const path = error.node.name ? [...prefix, error.node.name] : prefix;
      const here = [...messages, ...error.messages()];
      if (!error.children.length) out[path.join('.')] = here.join('; ');
      for (const child of error.children) walk(child, path, here);
    };
    walk(this, [], []);
    return out;
  }
}
