/**
 * colander's schemas: a tree of `SchemaNode`s, each with a type (`String`, `Integer`, `Mapping`),
 * a title, an optional `missing` value, and validators. `deserialize(cstruct)` turns what a form
 * posted (strings) into application data or throws `Invalid`; `serialize(appstruct)` the way back.
 *
 * @example
 * class WikiPage extends colander.MappingSchema({ title: new colander.SchemaNode(new colander.String()) }) {}
 * new WikiPage().deserialize({ title: 'x' });
 */
import { Invalid, drop, nullValue, required } from './invalid';
import { Mapping, Sequence, type SchemaType } from './types';
import type { Validator } from './validators';

export interface SchemaNodeOptions {
  name?: string;
  title?: string;
  description?: string;
  /** The value when none is given (colander.drop leaves it out); without it the node is required. */
  missing?: unknown;
  /** The message when a required value is missing ('Required'). */
  missingMsg?: string;
  /** The value `serialize` uses for a missing appstruct (a form's initial value). */
  default?: unknown;
  validator?: Validator;
  /** How a form shows the node (a deform widget), read by deform. */
  widget?: unknown;
  /** The HTML id deform gives the field (instead of deformFieldN). */
  oid?: string;
  /** Give this field the focus when its form loads (deform). */
  autofocus?: boolean | string;
  /** The text beside a checkbox (deform's CheckboxWidget). */
  label?: string;
  children?: SchemaNode[];
}

export class SchemaNode {
  name: string;
  title: string;
  readonly description: string;
  readonly missing: unknown;
  readonly missingMsg: string;
  readonly default: unknown;
  readonly validator?: Validator;
  widget?: unknown;
  readonly oid?: string;
  readonly autofocus?: boolean | string;
  readonly label?: string;
  readonly children: SchemaNode[];
  private titleGiven: boolean;

  constructor(readonly typ: SchemaType, options: SchemaNodeOptions = {}) {
    this.name = options.name ?? '';
    this.titleGiven = options.title !== undefined;
    this.title = options.title ?? titleFor(this.name);
    this.description = options.description ?? '';
    this.missing = 'missing' in options ? options.missing : required;
    this.missingMsg = options.missingMsg ?? 'Required';
    this.default = 'default' in options ? options.default : nullValue;
    this.validator = options.validator;
    this.widget = options.widget;
    this.oid = options.oid;
    this.autofocus = options.autofocus;
    this.label = options.label;
    this.children = options.children ?? [];
  }

  /** Names a node declared as a field of its parent (colander does this for class attributes). */
  nameAs(name: string): void {
    if (this.name) return;
    this.name = name;
    if (!this.titleGiven) this.title = titleFor(name);
  }

  get required(): boolean {
    return this.missing === required;
  }

  /** Form data in, application data out; `Invalid` when it does not fit. */
  deserialize(cstruct: unknown = nullValue): unknown {
    const appstruct = this.typ.deserialize(this, cstruct);
    if (appstruct === nullValue) {
      if (this.missing === required) throw new Invalid(this, this.missingMsg, cstruct);
      return this.missing;
    }
    this.validator?.(this, appstruct);
    return appstruct;
  }

  /** Application data out to strings for a form (the node's `default` when none is given). */
  serialize(appstruct: unknown = nullValue): unknown {
    return this.typ.serialize(this, appstruct === nullValue || appstruct === undefined ? this.default : appstruct);
  }

  /** The cstruct of each child, in order (deform hands them to the child fields); null for a sequence, whose one child is a prototype. */
  cstructChildren(cstruct: unknown): unknown[] | null {
    if (this.typ instanceof Sequence) return null;
    const given = (cstruct && typeof cstruct === 'object' ? cstruct : {}) as Record<string, unknown>;
    return this.children.map((child) => (Object.prototype.hasOwnProperty.call(given, child.name) ? given[child.name] : nullValue));
  }
}

/** colander's default title: `name.replace('_', ' ').title()`. */
function titleFor(name: string): string {
  return name.replace(/_/g, ' ').replace(/[A-Za-z]+/g, (word) => word[0].toUpperCase() + word.slice(1).toLowerCase());
}

/** Named fields as child nodes, in order, each named (and titled) after its field. */
function declare(fields: Record<string, SchemaNode>): SchemaNode[] {
  return Object.entries(fields).map(([name, node]) => {
    node.nameAs(name);
    return node;
  });
}

/**
 * colander.MappingSchema: the base of a mapping schema declared by its named fields, which become
 * its children in order (named, and titled, after the fields). A TypeScript class cannot hold
 * fields named `title` or `name` beside the node's own, so the fields are given to the base:
 *
 * @example
 * class WikiPage extends colander.MappingSchema({
 *   title: new colander.SchemaNode(new colander.String()),
 * }) {}
 */
export function MappingSchema(fields: Record<string, SchemaNode> = {}): new (options?: SchemaNodeOptions) => SchemaNode {
  const declared = declare(fields);
  return class MappingSchema extends SchemaNode {
    constructor(options: SchemaNodeOptions = {}) {
      super(new Mapping(), { ...options, children: [...declared, ...(options.children ?? [])] });
    }
  };
}

/**
 * colander.SequenceSchema: a sequence of its one declared field.
 *
 * @example
 * class Friends extends colander.SequenceSchema({ friend: new colander.SchemaNode(new colander.String()) }) {}
 */
export function SequenceSchema(fields: Record<string, SchemaNode>): new (options?: SchemaNodeOptions) => SchemaNode {
  const declared = declare(fields);
  if (declared.length !== 1) throw new Error(`A SequenceSchema declares exactly one field (the item); given: ${declared.map((n) => n.name).join(', ') || 'none'}`);
  return class SequenceSchema extends SchemaNode {
    constructor(options: SchemaNodeOptions = {}) {
      super(new Sequence(), { ...options, children: declared });
    }
  };
}

export { drop };
