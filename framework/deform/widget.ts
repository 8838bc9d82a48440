/**
 * deform's widgets: how a field is shown (a template rendered with the field and its cstruct)
 * and how what the browser posts for it becomes a cstruct again (`deserialize`). Options are
 * deform's keyword arguments camelCased: `new TextAreaWidget({ rows: 10, cssClass: 'wide' })`.
 */
import { Boolean as BooleanType, Invalid, Mapping, nullValue, Sequence, Set as SetType, type SchemaNode } from '../colander';
import { pyDumps } from '../pyjson';
import { quotePathSegment } from '../routes';
import type { Field } from './field';

/** A widget's need for static resources: a name in the resource registry, or the files themselves. */
export type Requirement = readonly [string, string | null] | { js?: string | readonly string[]; css?: string | readonly string[] };

export interface WidgetOptions {
  /** The template rendering the widget (a name in deform's templates folder, without `.pt`). */
  template?: string;
  /** CSS class(es) of the input itself. */
  cssClass?: string | null;
  /** CSS class(es) of the item (the form-group around label and input). */
  itemCssClass?: string | null;
  /** The input's `style` attribute. */
  style?: string | null;
  /** More attributes for the input (`{ placeholder: 'Title' }`). */
  attributes?: Record<string, string>;
  /** Text in a Bootstrap add-on before the input (`$`). */
  inputPrepend?: string | null;
  /** Text in a Bootstrap add-on after the input (`.00`). */
  inputAppend?: string | null;
  requirements?: readonly Requirement[];
}

type Values = Record<string, unknown>;

function isNull(value: unknown): boolean {
  return value === nullValue || value === null || value === undefined;
}

export class Widget {
  hidden = false;
  category: 'default' | 'structural' = 'default';
  errorClass: string | null = 'error';
  template = '';
  cssClass: string | null = null;
  itemCssClass: string | null = null;
  style: string | null = null;
  attributes: Record<string, string> = {};
  inputPrepend: string | null = null;
  inputAppend: string | null = null;
  requirements: readonly Requirement[] = [];

  constructor(options: WidgetOptions = {}) {
    Object.assign(this, options);
  }

  /** The HTML of the field showing `cstruct`. */
  serialize(field: Field, cstruct: unknown, kw: Values = {}): string {
    return field.renderer(this.template, this.templateValues(field, cstruct, kw));
  }

  /** The posted value (pstruct) as a cstruct; `nullValue` for nothing. */
  deserialize(_field: Field, pstruct: unknown): unknown {
    return pstruct;
  }

  /** Puts an error (and its children's) on the field (and its children, by position). */
  handleError(field: Field, error: Invalid): void {
    if (field.error === null) field.error = error;
    const fields = this.errorFields(field);
    for (const childError of error.children) {
      const subfield = childError.pos === null ? undefined : fields[childError.pos];
      if (subfield) subfield.widget.handleError(subfield, childError);
    }
  }

  /** The fields a child error's position counts in. */
  protected errorFields(field: Field): readonly Field[] {
    return field.children;
  }

  protected templateValues(field: Field, cstruct: unknown, kw: Values): Values {
    if (kw.readonly) throw new Error("deform's readonly rendering (its readonly/ templates) is not carried by pyramid-ts yet: render the values in your own template");
    const values: Values = { cstruct, field, ...kw };
    delete values.template;
    return values;
  }
}

/** A posted value that must be a string, stripped of surrounding space if `strip`; empty is null. */
function stringPstruct(field: Field, pstruct: unknown, strip: boolean): unknown {
  if (pstruct === nullValue) return nullValue;
  if (typeof pstruct !== 'string') throw new Invalid(field.schema, 'Pstruct is not a string');
  const value = strip ? pstruct.trim() : pstruct;
  return value ? value : nullValue;
}

export interface TextInputOptions extends WidgetOptions {
  /** Strip leading and trailing space from what is posted (default true). */
  strip?: boolean;
}

export class TextInputWidget extends Widget {
  template = 'textinput';
  strip = true;

  constructor(options: TextInputOptions = {}) {
    super(options);
    Object.assign(this, options);
  }

  serialize(field: Field, cstruct: unknown, kw: Values = {}): string {
    return super.serialize(field, isNull(cstruct) ? '' : cstruct, kw);
  }

  deserialize(field: Field, pstruct: unknown): unknown {
    return stringPstruct(field, pstruct, this.strip);
  }
}

export interface TextAreaOptions extends TextInputOptions {
  rows?: number | null;
  cols?: number | null;
}

export class TextAreaWidget extends TextInputWidget {
  template = 'textarea';
  rows: number | null = null;
  cols: number | null = null;

  constructor(options: TextAreaOptions = {}) {
    super(options);
    Object.assign(this, options);
  }
}

export interface RichTextOptions extends TextInputOptions {
  /** Show the content and start TinyMCE only on a click (not on a form shown again with errors). */
  delayedLoad?: boolean;
  /** TinyMCE options over the defaults (`{ height: 400 }`). */
  options?: Record<string, unknown> | null;
}

/** A TinyMCE editor in place of a textarea. */
export class RichTextWidget extends TextInputWidget {
  template = 'richtext';
  delayedLoad = false;
  options: Record<string, unknown> | null = null;
  requirements: readonly Requirement[] = [{ js: 'deform:static/tinymce/tinymce.min.js' }];
  /** deform's defaults for TinyMCE, in its order. */
  readonly defaultOptions: ReadonlyArray<readonly [string, unknown]> = [
    ['height', 240],
    ['width', 0],
    ['skin', 'lightgray'],
    ['theme', 'modern'],
    ['mode', 'exact'],
    ['strict_loading_mode', true],
    ['theme_advanced_resizing', true],
    ['theme_advanced_toolbar_align', 'left'],
    ['theme_advanced_toolbar_location', 'top'],
  ];

  constructor(options: RichTextOptions = {}) {
    super(options);
    Object.assign(this, options);
  }

  serialize(field: Field, cstruct: unknown, kw: Values = {}): string {
    const options = new Map<string, unknown>(this.defaultOptions);
    for (const [key, value] of Object.entries((kw.options as Record<string, unknown> | undefined) ?? this.options ?? {})) options.set(key, value);
    // The options as the members of a JSON object, without its braces (Python's json.dumps spacing).
    const tinymceOptions = [...options].map(([key, value]) => `${pyDumps(key)}: ${pyDumps(value ?? null)}`).join(', ');
    return super.serialize(field, cstruct, { ...kw, tinymce_options: tinymceOptions });
  }
}

export interface PasswordOptions extends TextInputOptions {
  /** Show the posted password again when the form is shown with errors (default false). */
  redisplay?: boolean;
}

export class PasswordWidget extends TextInputWidget {
  template = 'password';
  redisplay = false;

  constructor(options: PasswordOptions = {}) {
    super(options);
    Object.assign(this, options);
  }
}

export class HiddenWidget extends Widget {
  template = 'hidden';
  hidden = true;

  serialize(field: Field, cstruct: unknown, kw: Values = {}): string {
    return super.serialize(field, isNull(cstruct) ? '' : cstruct, kw);
  }

  deserialize(field: Field, pstruct: unknown): unknown {
    if (!pstruct || pstruct === nullValue) return nullValue;
    if (typeof pstruct !== 'string') throw new Invalid(field.schema, 'Pstruct is not a string');
    return pstruct;
  }
}

export interface CheckboxOptions extends WidgetOptions {
  trueVal?: string;
  falseVal?: string;
}

export class CheckboxWidget extends Widget {
  template = 'checkbox';
  trueVal = 'true';
  falseVal = 'false';

  constructor(options: CheckboxOptions = {}) {
    super(options);
    Object.assign(this, options);
  }

  deserialize(field: Field, pstruct: unknown): unknown {
    if (pstruct === nullValue) return this.falseVal;
    if (typeof pstruct !== 'string') throw new Invalid(field.schema, 'Pstruct is not a string');
    return pstruct === this.trueVal ? this.trueVal : this.falseVal;
  }
}

/** Options grouped under a label in a select (an `<optgroup>`). */
export class OptGroup {
  readonly options: ReadonlyArray<readonly [unknown, string]>;

  constructor(readonly label: string, ...options: Array<readonly [unknown, string]>) {
    this.options = options;
  }
}

export type Choice = readonly [unknown, string] | OptGroup;

export interface SelectOptions extends WidgetOptions {
  /** The choices: `[value, label]` pairs or `OptGroup`s. */
  values?: readonly Choice[];
  /** The value that means nothing was chosen (default ''). */
  nullValue?: string;
  size?: number | null;
  multiple?: boolean;
}

export class SelectWidget extends Widget {
  template = 'select';
  values: readonly Choice[] = [];
  nullValue = '';
  size: number | null = null;
  multiple = false;

  constructor(options: SelectOptions = {}) {
    super(options);
    Object.assign(this, options);
  }

  /** 'selected' when `value` is (one of) the field's value(s), as the template asks. */
  getSelectValue(cstruct: unknown, value: string): string | null {
    if (this.multiple) {
      const chosen = cstruct instanceof Set || Array.isArray(cstruct) ? [...cstruct].map(String) : [];
      return chosen.includes(value) ? 'selected' : null;
    }
    return value === String(cstruct) ? 'selected' : null;
  }

  isOptGroup(item: unknown): boolean {
    return item instanceof OptGroup;
  }

  serialize(field: Field, cstruct: unknown, kw: Values = {}): string {
    const values = (kw.values as readonly Choice[] | undefined) ?? this.values;
    if (!Array.isArray(values)) throw new TypeError('Values must be a sequence type (an array of [value, label] or OptGroup).');
    return super.serialize(field, isNull(cstruct) ? this.nullValue : cstruct, { ...kw, values: normalizeChoices(values) });
  }

  deserialize(field: Field, pstruct: unknown): unknown {
    if (pstruct === nullValue || pstruct === this.nullValue) return nullValue;
    if (this.multiple) {
      if (!Array.isArray(pstruct) || pstruct.some((v) => typeof v !== 'string')) throw new Invalid(field.schema, 'Invalid pstruct: not a sequence of strings');
      return pstruct;
    }
    if (typeof pstruct !== 'string') throw new Invalid(field.schema, 'Pstruct is not a string');
    return pstruct;
  }
}

/** Choice values as strings, as deform's `_normalize_choices`. */
function normalizeChoices(values: readonly Choice[]): Choice[] {
  return values.map((item) => (item instanceof OptGroup ? new OptGroup(item.label, ...normalizeChoices(item.options) as Array<readonly [string, string]>) : [String(item[0]), item[1]] as const));
}

export interface ChoiceOptions extends SelectOptions {
  /** The choices side by side rather than one under the other. */
  inline?: boolean;
}

/** One radio button per choice (peppercorn's rename markers give the field its name back). */
export class RadioChoiceWidget extends SelectWidget {
  template = 'radio_choice';
  inline = false;

  constructor(options: ChoiceOptions = {}) {
    super(options);
    Object.assign(this, options);
  }

  /** Whether the widget's attributes make it read-only (its unchosen buttons disabled). */
  get isReadonly(): boolean {
    return Object.prototype.hasOwnProperty.call(this.attributes, 'readonly');
  }
}

export interface CheckboxChoiceOptions extends WidgetOptions {
  /** The choices: `[value, label]` pairs. */
  values?: ReadonlyArray<readonly [unknown, string]>;
  inline?: boolean;
}

/** One checkbox per choice, for a colander.Set: the checked values. */
export class CheckboxChoiceWidget extends Widget {
  template = 'checkbox_choice';
  values: ReadonlyArray<readonly [unknown, string]> = [];
  inline = false;

  constructor(options: CheckboxChoiceOptions = {}) {
    super(options);
    Object.assign(this, options);
  }

  /** Whether `value` is among the field's values, as the template asks. */
  isChecked(cstruct: unknown, value: string): boolean {
    return (cstruct instanceof Set || Array.isArray(cstruct)) && [...cstruct].map(String).includes(value);
  }

  serialize(field: Field, cstruct: unknown, kw: Values = {}): string {
    const values = (kw.values as readonly Choice[] | undefined) ?? this.values;
    if (!Array.isArray(values)) throw new TypeError('Values must be a sequence type (an array of [value, label]).');
    return super.serialize(field, isNull(cstruct) ? [] : cstruct, { ...kw, values: normalizeChoices(values) });
  }

  deserialize(field: Field, pstruct: unknown): unknown {
    if (pstruct === nullValue) return nullValue;
    if (typeof pstruct === 'string') return [pstruct];
    if (!Array.isArray(pstruct) || pstruct.some((v) => typeof v !== 'string')) throw new Invalid(field.schema, 'Invalid pstruct: not a sequence of strings');
    return pstruct;
  }
}

export interface SequenceOptions extends WidgetOptions {
  itemTemplate?: string;
  /** At least this many items (shown empty when fewer are given). */
  minLen?: number | null;
  /** At most this many items (the add button hides). */
  maxLen?: number | null;
  /** Items can be dragged into another order (jquery-sortable). */
  orderable?: boolean;
  /** The add button's text; `${subitem_title}` is the item's title (default 'Add ${subitem_title}'). */
  addSubitemTextTemplate?: string;
}

/**
 * A sequence: its items, each the prototype child field cloned, with buttons to add (from a
 * prototype kept URL-quoted in the page) and remove them; deform.js does the adding.
 */
export class SequenceWidget extends Widget {
  template = 'sequence';
  itemTemplate = 'sequence_item';
  errorClass: string | null = null;
  minLen: number | null = null;
  maxLen: number | null = null;
  orderable = false;
  addSubitemTextTemplate = 'Add ${subitem_title}';
  requirements: readonly Requirement[] = [['deform', null], { js: 'deform:static/scripts/jquery-sortable.js' }];

  constructor(options: SequenceOptions = {}) {
    super(options);
    Object.assign(this, options);
  }

  /** The HTML of a new item, URL-quoted, for the page's add button. */
  prototype(field: Field): string {
    const item = field.children[0].clone();
    if (!item.name) throw new Error(`The item of sequence '${field.name}' has no name`);
    // Python's urllib.parse.quote (safe '/'), as deform quotes the prototype.
    return quotePathSegment(item.renderTemplate(this.itemTemplate, { parent: field }), '/');
  }

  serialize(field: Field, cstruct: unknown, kw: Values = {}): string {
    let values = isNull(cstruct) ? [] : [...(cstruct as Iterable<unknown>)];
    if (this.minLen !== null && values.length < this.minLen) values = [...values, ...Array(this.minLen - values.length).fill(nullValue)];
    const item = field.children[0];
    let subfields: Array<[unknown, Field]>;
    if (field.sequenceFields) {
      // Shown again after a failed validation: the fields that were validated, errors and all.
      subfields = values.map((value, i) => [value, field.sequenceFields![i]]);
    } else {
      subfields = values.map((value) => {
        const cloned = item.clone();
        if (value !== nullValue) cloned.cstruct = value;
        return [cloned.cstruct, cloned];
      });
    }
    const title = (kw.subitem_title as string | undefined) ?? item.title;
    const template = (kw.add_subitem_text_template as string | undefined) ?? this.addSubitemTextTemplate;
    const mapping: Record<string, string> = { subitem_title: title, subitem_description: item.description, subitem_name: item.name };
    // a function, so that a `$&` in a title stays as it is
    const addSubitemText = template.replace(/\$\{(subitem_title|subitem_description|subitem_name)\}/g, (_, key: string) => mapping[key]);
    return super.serialize(field, values, { subfields, add_subitem_text: addSubitemText, item_field: item, ...kw });
  }

  deserialize(field: Field, pstruct: unknown): unknown {
    let given = pstruct;
    if (given === nullValue) given = [];
    else if (!Array.isArray(given)) throw new Invalid(field.schema, 'Pstruct is not a list');
    const result: unknown[] = [];
    let error: Invalid | null = null;
    const item = field.children[0];
    field.sequenceFields = [];
    (given as unknown[]).forEach((substruct, num) => {
      const subfield = item.clone();
      let value: unknown;
      try {
        value = subfield.deserialize(substruct);
      } catch (e) {
        if (!(e instanceof Invalid)) throw e;
        value = e.value;
        error ??= new Invalid(field.schema, null, result);
        error.add(e, num);
      }
      subfield.cstruct = value;
      result.push(value);
      field.sequenceFields!.push(subfield);
    });
    if (error) throw error;
    return result;
  }

  protected errorFields(field: Field): readonly Field[] {
    return field.sequenceFields ?? [];
  }
}

export interface MappingOptions extends WidgetOptions {
  itemTemplate?: string;
}

/** A mapping: its children rendered one after the other, each in the item template. */
export class MappingWidget extends Widget {
  template = 'mapping';
  itemTemplate = 'mapping_item';
  errorClass: string | null = null;
  category: 'default' | 'structural' = 'structural';
  requirements: readonly Requirement[] = [['deform', null]];

  constructor(options: MappingOptions = {}) {
    super(options);
    Object.assign(this, options);
  }

  serialize(field: Field, cstruct: unknown, kw: Values = {}): string {
    return super.serialize(field, isNull(cstruct) ? {} : cstruct, kw);
  }

  deserialize(field: Field, pstruct: unknown): unknown {
    let given = pstruct;
    if (given === nullValue) given = {};
    else if (!given || typeof given !== 'object' || Array.isArray(given)) throw new Invalid(field.schema, 'Pstruct is not a dict');
    const values = given as Record<string, unknown>;
    const result: Record<string, unknown> = {};
    let error: Invalid | null = null;
    field.children.forEach((subfield, num) => {
      const subval = Object.prototype.hasOwnProperty.call(values, subfield.name) ? values[subfield.name] : nullValue;
      try {
        result[subfield.name] = subfield.deserialize(subval);
      } catch (e) {
        if (!(e instanceof Invalid)) throw e;
        result[subfield.name] = e.value;
        error ??= new Invalid(field.schema, null, result);
        error.add(e, num);
      }
    });
    if (error) throw error;
    return result;
  }
}

/** The whole form: a mapping in a `<form>`. */
export class FormWidget extends MappingWidget {
  template = 'form';

  constructor(options: MappingOptions = {}) {
    super(options);
    Object.assign(this, options);
  }
}

/** The widget a schema type gets when its node names none (deform's default_widget_makers). */
export function defaultWidgetFor(node: SchemaNode, itemCssClass: string | null): Widget {
  if (node.typ instanceof Mapping) return new MappingWidget({ itemCssClass });
  if (node.typ instanceof Sequence) return new SequenceWidget({ itemCssClass });
  if (node.typ instanceof BooleanType) return new CheckboxWidget({ itemCssClass });
  if (node.typ instanceof SetType) return new CheckboxChoiceWidget({ itemCssClass });
  return new TextInputWidget({ itemCssClass });
}

type Resources = { js: string[]; css: string[] };
type ResourceSpec = Record<string, Record<string, { js?: string | readonly string[]; css?: string | readonly string[] }>>;

/** Where the static files a requirement names are (asset specs), by name and version ('' for any). */
export class ResourceRegistry {
  readonly registry: ResourceSpec = {};

  constructor(useDefaults = true) {
    if (useDefaults) for (const [name, versions] of Object.entries(defaultResources)) this.registry[name] = { ...versions };
  }

  setJsResources(requirement: string, version: string | null, ...resources: string[]): void {
    ((this.registry[requirement] ??= {})[version ?? ''] ??= {}).js = resources;
  }

  setCssResources(requirement: string, version: string | null, ...resources: string[]): void {
    ((this.registry[requirement] ??= {})[version ?? ''] ??= {}).css = resources;
  }

  /** The js and css asset specs of the requirements, each once, in order. */
  resources(requirements: Iterable<readonly [string, string | null]>): Resources {
    const result: Resources = { js: [], css: [] };
    for (const [requirement, version] of requirements) {
      const versions = this.registry[requirement];
      if (!versions) throw new Error(`Cannot resolve widget requirement '${requirement}'`);
      const found = versions[version ?? ''];
      if (!found) throw new Error(`Cannot resolve widget requirement '${requirement}' (version '${version}')`);
      for (const kind of ['js', 'css'] as const) {
        const sources = found[kind];
        if (sources === undefined) continue;
        for (const source of typeof sources === 'string' ? [sources] : sources) if (!result[kind].includes(source)) result[kind].push(source);
      }
    }
    return result;
  }
}

/** deform's own requirements and their files, under `deform:static/`. */
const defaultResources: ResourceSpec = {
  'jquery.form': { '': { js: 'deform:static/scripts/jquery.form-3.09.js' } },
  deform: { '': { js: ['deform:static/scripts/jquery.form-3.09.js', 'deform:static/scripts/deform.js'] } },
};

export const defaultResourceRegistry = new ResourceRegistry();
