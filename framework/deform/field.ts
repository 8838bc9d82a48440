/**
 * deform's Field: a schema node as shown in one form, for one request. A field tree mirrors the
 * schema; each field has an id (`deformField1`, counted per form), its widget, the cstruct it
 * shows, and after a failed validation its error.
 */
import { Boolean as BooleanType, Float, Integer, Invalid, nullValue, Set as SetType, String as StringType, type SchemaNode, type SchemaType } from '../colander';
import { escapeAttr } from '../chameleon';
import { ValidationFailure } from './exception';
import { parse, PeppercornError } from './peppercorn';
import { defaultRenderer, zptRendererFactory, templatesDir, type Renderer } from './template';
import { defaultResourceRegistry, defaultWidgetFor, HiddenWidget, Widget, type Requirement, type ResourceRegistry } from './widget';

export interface FieldOptions {
  /** Renders a widget template: `(name, values) => html` (default: deform's templates). */
  renderer?: Renderer;
  /** Counts the fields of a form, for their ids; share one between forms on one page. */
  counter?: { next(): number };
  resourceRegistry?: ResourceRegistry;
  /** The application data the form shows until `render` is given other. */
  appstruct?: unknown;
  /** 'off': no field gets the focus when the page loads. */
  focus?: 'on' | 'off';
}

/** The types whose first field in a form gets the focus (deform's focusable_input_types, those colander here has). */
const focusableTypes: ReadonlyArray<new (...args: never[]) => SchemaType> = [BooleanType, Float, Integer, SetType, StringType];

/** A counter from 0, as Python's itertools.count(). */
export function counter(): { next(): number } {
  let n = 0;
  return { next: () => n++ };
}

interface Inherited {
  renderer: Renderer;
  counter: { next(): number };
  resourceRegistry: ResourceRegistry;
  focus: 'on' | 'off';
  haveFirstInput: boolean;
}

export class Field {
  /** The renderer of fields made without one (deform's templates, unless set otherwise). */
  static defaultRenderer: Renderer = defaultRenderer;
  static defaultResourceRegistry: ResourceRegistry = defaultResourceRegistry;

  /**
   * Templates looked for in `searchPath` first, then deform's own (deform's
   * `Form.set_zpt_renderer`): an app's folder with its own `textinput.pt` changes every text input.
   */
  static setZptRenderer(searchPath: string | readonly string[], options: { autoReload?: boolean } = {}): void {
    const dirs = typeof searchPath === 'string' ? [searchPath] : [...searchPath];
    Field.defaultRenderer = zptRendererFactory(dirs.includes(templatesDir) ? dirs : [...dirs, templatesDir], options);
  }

  static setDefaultRenderer(renderer: Renderer): void {
    Field.defaultRenderer = renderer;
  }

  static setDefaultResourceRegistry(registry: ResourceRegistry): void {
    Field.defaultResourceRegistry = registry;
  }

  readonly order: number;
  readonly oid: string;
  readonly typ: SchemaNode['typ'];
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly required: boolean;
  readonly renderer: Renderer;
  readonly counter: { next(): number };
  readonly resourceRegistry: ResourceRegistry;
  readonly children: Field[] = [];
  /** 'autofocus' for the field that gets the focus, else null. */
  autofocus: string | null;
  /** The error of the last validation, if it failed here. */
  error: Invalid | null = null;
  /** A sequence's item fields from the last validation (its widget shows them again). */
  sequenceFields: Field[] | null = null;
  private haveFirstInput: boolean;
  private ownWidget: Widget | null = null;
  private value: unknown = nullValue;

  constructor(readonly schema: SchemaNode, options: FieldOptions = {}, readonly parent: Field | null = null, inherited?: Inherited, autofocus?: unknown) {
    const given: Inherited = inherited ?? {
      renderer: options.renderer ?? Field.defaultRenderer,
      counter: options.counter ?? counter(),
      resourceRegistry: options.resourceRegistry ?? Field.defaultResourceRegistry,
      focus: options.focus === 'off' ? 'off' : 'on',
      haveFirstInput: false,
    };
    this.counter = given.counter;
    this.order = this.counter.next();
    this.oid = schema.oid ?? `deformField${this.order}`;
    this.typ = schema.typ;
    this.name = schema.name;
    this.title = schema.title;
    this.description = schema.description;
    this.required = schema.required;
    this.renderer = given.renderer;
    this.resourceRegistry = given.resourceRegistry;
    this.haveFirstInput = given.haveFirstInput;
    const off = autofocus === undefined || autofocus === null || autofocus === false || String(autofocus).toLowerCase() === 'off';
    this.autofocus = given.focus === 'off' || off ? null : 'autofocus';

    // As deform: the first focusable field gets the focus unless a field asks for it.
    let firstInput = -1;
    let focused = false;
    schema.children.forEach((child, index) => {
      if (given.focus === 'on' && !focused && focusableTypes.some((type) => child.typ.constructor === type) && !(child.widget instanceof HiddenWidget) && !this.haveFirstInput) {
        firstInput = index;
        this.foundFirst();
      }
      if (child.autofocus !== undefined) focused = true;
      this.children.push(new Field(child, {}, this, { ...given, haveFirstInput: this.haveFirstInput }, child.autofocus));
    });
    if (given.focus === 'on' && !focused && firstInput !== -1 && this.haveFirstInput) this.children[firstInput].autofocus = 'autofocus';
    this.setAppstruct(options.appstruct ?? nullValue);
  }

  private foundFirst(): void {
    this.haveFirstInput = true;
    this.parent?.foundFirst();
  }

  /** The root of the field tree (the form). */
  getRoot(): Field {
    let node: Field = this;
    while (node.parent) node = node.parent;
    return node;
  }

  [Symbol.iterator](): Iterator<Field> {
    return this.children[Symbol.iterator]();
  }

  /** The child field named `name`. */
  get(name: string): Field {
    const found = this.children.find((child) => child.name === name);
    if (!found) throw new Error(`No field named '${name}' in ${this.name ? `'${this.name}'` : 'the form'}. Fields: ${this.children.map((c) => c.name).join(', ')}`);
    return found;
  }

  has(name: string): boolean {
    return this.children.some((child) => child.name === name);
  }

  /** The widget: the schema node's, else the default for its type. */
  get widget(): Widget {
    if (!this.ownWidget) {
      const given = this.schema.widget;
      if (given !== undefined && !(given instanceof Widget)) throw new TypeError(`The widget of schema node '${this.name}' is not a deform widget`);
      this.ownWidget = given ?? defaultWidgetFor(this.schema, this.defaultItemCssClass());
    }
    return this.ownWidget;
  }

  set widget(widget: Widget) {
    this.ownWidget = widget;
  }

  /** `item-<name>`, the name reduced to lower-case ASCII letters, digits, '_' and '-'. */
  defaultItemCssClass(): string | null {
    if (!this.name) return null;
    const ascii = this.name.normalize('NFKD').replace(/[^\x00-\x7f]/g, '');
    const cleaned = ascii.replace(/[^\w\s-]/g, '').trim().toLowerCase();
    return `item-${cleaned.replace(/[-\s]+/g, '-')}`;
  }

  /** The error's message, if any. */
  get errormsg(): string | null {
    return this.error?.msg === undefined || this.error.msg === null ? null : Array.isArray(this.error.msg) ? this.error.msg.join('; ') : this.error.msg;
  }

  /** The cstruct the field shows; setting it sets the children's. */
  get cstruct(): unknown {
    return this.value;
  }

  set cstruct(cstruct: unknown) {
    this.value = cstruct;
    // A sequence's one child is the prototype of its items, which its widget clones.
    const childValues = this.schema.cstructChildren(cstruct);
    if (!childValues) return;
    this.children.forEach((child, n) => {
      child.cstruct = childValues[n];
    });
  }

  /**
   * A copy of the field and its children, with new ids from the form's counter (what a sequence
   * makes of its prototype item, once per value).
   */
  clone(): Field {
    const cloned = Object.assign(Object.create(Object.getPrototypeOf(this)) as Field, this);
    const order = this.counter.next();
    const children = this.children.map((child) => {
      const copy = child.clone();
      Object.assign(copy, { parent: cloned });
      return copy;
    });
    return Object.assign(cloned, { order, oid: `deformField${order}`, parent: null, children });
  }

  setAppstruct(appstruct: unknown): unknown {
    const cstruct = this.schema.serialize(appstruct);
    this.cstruct = cstruct;
    return cstruct;
  }

  /** The field's HTML for `cstruct` (its own by default); `kw` goes to the templates. */
  serialize(cstruct: unknown = this.cstruct, kw: Record<string, unknown> = {}): string {
    return this.widget.serialize(this, cstruct, kw);
  }

  deserialize(pstruct: unknown): unknown {
    return this.widget.deserialize(this, pstruct);
  }

  /** The HTML of the field (form) showing `appstruct` (or the one it was given). */
  render(appstruct?: unknown, kw: Record<string, unknown> = {}): string {
    if (appstruct !== undefined) this.setAppstruct(appstruct);
    return this.serialize(this.cstruct, kw);
  }

  /** Renders `template` with this field and its cstruct (what item templates call). */
  renderTemplate(template: string, kw: Record<string, unknown> = {}): string {
    return this.renderer(template, { field: this, cstruct: this.cstruct, ...kw });
  }

  /**
   * The posted controls (`request.POST.items()`, in document order) as application data;
   * `ValidationFailure` when they do not fit the schema, whose `render()` shows the errors.
   */
  validate(controls: Iterable<readonly [string, unknown]>, subcontrol?: string): unknown {
    let pstruct: unknown;
    try {
      pstruct = parse(controls);
    } catch (e) {
      if (!(e instanceof PeppercornError)) throw e;
      const error = new Invalid(this.schema, `Invalid peppercorn controls: ${e.message}`);
      this.widget.handleError(this, error);
      throw new ValidationFailure(this, nullValue, error);
    }
    if (subcontrol !== undefined) pstruct = (pstruct as Record<string, unknown>)[subcontrol] ?? nullValue;
    return this.validatePstruct(pstruct);
  }

  /** `validate` for an already parsed structure. */
  validatePstruct(pstruct: unknown): unknown {
    let failure: Invalid | null = null;
    let cstruct: unknown;
    try {
      cstruct = this.deserialize(pstruct);
    } catch (e) {
      if (!(e instanceof Invalid)) throw e;
      this.widget.handleError(this, e);
      cstruct = e.value;
      failure = e;
    }
    this.cstruct = cstruct;
    let appstruct: unknown;
    try {
      appstruct = this.schema.deserialize(cstruct);
    } catch (e) {
      if (!(e instanceof Invalid)) throw e;
      this.widget.handleError(this, e);
      failure = e;
    }
    if (failure) throw new ValidationFailure(this, cstruct, failure);
    return appstruct;
  }

  /** The requirements of this field's widget and its children's, each once. */
  getWidgetRequirements(): Requirement[] {
    const out: Requirement[] = [];
    for (const requirement of [...this.widget.requirements, ...this.children.flatMap((child) => child.getWidgetRequirements())]) {
      if (Array.isArray(requirement)) {
        if (!out.some((r) => Array.isArray(r) && r[0] === requirement[0] && r[1] === requirement[1])) out.push(requirement);
      } else {
        out.push(requirement);
      }
    }
    return out;
  }

  /** The js and css files (asset specs) the page needs for this form's widgets. */
  getWidgetResources(requirements: Requirement[] = this.getWidgetRequirements()): { js: string[]; css: string[] } {
    const named = requirements.filter((r): r is readonly [string, string | null] => Array.isArray(r));
    const resources = this.resourceRegistry.resources(named);
    for (const requirement of requirements) {
      if (Array.isArray(requirement)) continue;
      const files = requirement as { js?: string | readonly string[]; css?: string | readonly string[] };
      for (const kind of ['js', 'css'] as const) {
        const value = files[kind];
        if (value === undefined) continue;
        resources[kind].push(...(typeof value === 'string' ? [value] : value));
      }
    }
    return resources;
  }

  /** peppercorn's markers around this field's mapping, sequence or renamed value, for templates. */
  startMapping(name: string = this.name): string {
    return marker('__start__', name, 'mapping');
  }

  endMapping(name: string = this.name): string {
    return marker('__end__', name, 'mapping');
  }

  startSequence(name: string = this.name): string {
    return marker('__start__', name, 'sequence');
  }

  endSequence(name: string = this.name): string {
    return marker('__end__', name, 'sequence');
  }

  startRename(name: string = this.name): string {
    return marker('__start__', name, 'rename');
  }

  endRename(name: string = this.name): string {
    return marker('__end__', name, 'rename');
  }
}

/** A peppercorn marker: a hidden input `__start__`/`__end__` whose value is `name:type`. */
function marker(which: '__start__' | '__end__', name: string, type: 'mapping' | 'sequence' | 'rename'): string {
  return `<input type="hidden" name="${which}" value="${escapeAttr(name)}:${type}"/>`;
}
