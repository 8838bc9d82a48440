/**
 * Schemas, as colander's: a tree of `SchemaNode`s, each with a type (`String`, `Integer`,
 * `Mapping`), a title, an optional `missing` value, and validators. `deserialize(cstruct)` turns
 * what a form posted (strings) into application data, or throws `Invalid`, whose `asdict()`
 * maps each failing field's path to its message, in colander's words ("Required",
 * "Shorter than minimum length 3", '"abc" is not a number'), so a form can show them beside
 * the fields. This is the schema half of deform/colander; forms rendered from it come next.
 */

/** colander's `required`: a node without `missing` must be given. */
export const required = Symbol('required');
/** colander's `null`: no value (an empty string from a form). */
export const nullValue = Symbol('null');

export class Invalid extends Error {
  name = 'Invalid';
  readonly children: Invalid[] = [];
  /** Set for a child of a mapping: its position there. */
  positional = false;

  constructor(readonly node: SchemaNode, readonly msg: string | null = null, readonly value: unknown = undefined) {
    super(msg ?? `invalid ${node.name || 'value'}`);
  }

  add(child: Invalid): void {
    this.children.push(child);
  }

  /** Each failing leaf's dotted path to its messages joined by '; ', as colander's `asdict()`. */
  asdict(): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (error: Invalid, prefix: string[], messages: string[]) => {
      const path = error.node.name ? [...prefix, error.node.name] : prefix;
      const here = error.msg === null ? messages : [...messages, error.msg];
      if (!error.children.length) out[path.join('.')] = here.join('; ');
      for (const child of error.children) walk(child, path, here);
    };
    walk(this, [], []);
    return out;
  }
}

export interface SchemaType {
  deserialize(node: SchemaNode, cstruct: unknown): unknown;
  serialize(node: SchemaNode, appstruct: unknown): unknown;
}

export class String implements SchemaType {
  deserialize(node: SchemaNode, cstruct: unknown): unknown {
    if (cstruct === nullValue || cstruct === '' || cstruct === undefined || cstruct === null) return nullValue;
    if (typeof cstruct !== 'string') throw new Invalid(node, `${JSON.stringify(cstruct)} is not a string`, cstruct);
    return cstruct;
  }

  serialize(_node: SchemaNode, appstruct: unknown): unknown {
    return appstruct === nullValue || appstruct === undefined || appstruct === null ? nullValue : globalThis.String(appstruct);
  }
}

export class Integer implements SchemaType {
  deserialize(node: SchemaNode, cstruct: unknown): unknown {
    if (cstruct === nullValue || cstruct === '' || cstruct === undefined || cstruct === null) return nullValue;
    const text = globalThis.String(cstruct).trim();
    if (!/^[+-]?\d+$/.test(text)) throw new Invalid(node, `"${globalThis.String(cstruct)}" is not a number`, cstruct);
    return Number.parseInt(text, 10);
  }

  serialize(_node: SchemaNode, appstruct: unknown): unknown {
    return appstruct === nullValue || appstruct === undefined || appstruct === null ? nullValue : globalThis.String(appstruct);
  }
}

export class Mapping implements SchemaType {
  deserialize(node: SchemaNode, cstruct: unknown): unknown {
    if (cstruct === nullValue || cstruct === undefined || cstruct === null) return nullValue;
    if (typeof cstruct !== 'object') throw new Invalid(node, `"${globalThis.String(cstruct)}" is not a mapping type: Does not implement dict-like functionality.`, cstruct);
    const given = cstruct as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const error = new Invalid(node, null, cstruct);
    for (const child of node.children) {
      try {
        out[child.name] = child.deserialize(given[child.name]);
      } catch (e) {
        if (!(e instanceof Invalid)) throw e;
        error.add(e);
      }
    }
    if (error.children.length) throw error;
    return out;
  }

  serialize(node: SchemaNode, appstruct: unknown): unknown {
    const given = (appstruct && typeof appstruct === 'object' ? appstruct : {}) as Record<string, unknown>;
    return Object.fromEntries(node.children.map((child) => [child.name, child.serialize(given[child.name])]));
  }
}

export type Validator = (node: SchemaNode, value: unknown) => void;

/** colander.Length: a string's (or list's) length within bounds. */
export function Length(options: { min?: number; max?: number }): Validator {
  return (node, value) => {
    const length = (value as { length: number }).length;
    if (options.min !== undefined && length < options.min) throw new Invalid(node, `Shorter than minimum length ${options.min}`, value);
    if (options.max !== undefined && length > options.max) throw new Invalid(node, `Longer than maximum length ${options.max}`, value);
  };
}

/** colander.Range: a number within bounds. */
export function Range(options: { min?: number; max?: number }): Validator {
  return (node, value) => {
    const n = value as number;
    if (options.min !== undefined && n < options.min) throw new Invalid(node, `${n} is less than minimum value ${options.min}`, value);
    if (options.max !== undefined && n > options.max) throw new Invalid(node, `${n} is greater than maximum value ${options.max}`, value);
  };
}

/** colander.OneOf: one of the given choices. */
export function OneOf(choices: readonly unknown[]): Validator {
  return (node, value) => {
    if (!choices.includes(value)) throw new Invalid(node, `"${globalThis.String(value)}" is not one of ${choices.map(globalThis.String).join(', ')}`, value);
  };
}

export interface SchemaNodeOptions {
  name?: string;
  title?: string;
  description?: string;
  /** The value when none is given; without it the node is required. */
  missing?: unknown;
  validator?: Validator;
  /** How a form shows the node (deform's widget), read by the form renderer. */
  widget?: unknown;
  children?: SchemaNode[];
}

export class SchemaNode {
  name: string;
  title: string;
  readonly description: string;
  readonly missing: unknown;
  readonly validator?: Validator;
  readonly widget?: unknown;
  readonly children: SchemaNode[];

  constructor(readonly typ: SchemaType, options: SchemaNodeOptions = {}) {
    this.name = options.name ?? '';
    this.title = options.title ?? titleFor(this.name);
    this.description = options.description ?? '';
    this.missing = 'missing' in options ? options.missing : required;
    this.validator = options.validator;
    this.widget = options.widget;
    this.children = options.children ?? [];
  }

  get required(): boolean {
    return this.missing === required;
  }

  /** Form data in, application data out; `Invalid` when it does not fit. */
  deserialize(cstruct: unknown = nullValue): unknown {
    const appstruct = this.typ.deserialize(this, cstruct);
    if (appstruct === nullValue) {
      if (this.missing === required) throw new Invalid(this, 'Required', cstruct);
      return this.missing;
    }
    this.validator?.(this, appstruct);
    return appstruct;
  }

  serialize(appstruct: unknown): unknown {
    return this.typ.serialize(this, appstruct);
  }
}

/** colander's default title: `name.replace('_', ' ').title()`. */
function titleFor(name: string): string {
  return name.replace(/_/g, ' ').replace(/[A-Za-z]+/g, (word) => word[0].toUpperCase() + word.slice(1).toLowerCase());
}

/** A mapping schema from named children, as a colander.MappingSchema subclass declares them. */
export function MappingSchema(children: Record<string, SchemaNode>, options: SchemaNodeOptions = {}): SchemaNode {
  const nodes = Object.entries(children).map(([name, node]) => {
    if (!node.name) {
      node.name = name;
      if (!node.title) node.title = titleFor(name);
    }
    return node;
  });
  return new SchemaNode(new Mapping(), { ...options, children: nodes });
}
