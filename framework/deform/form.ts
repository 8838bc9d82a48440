/** deform's Form: the root field, rendered as a `<form>` with its buttons. */
import type { SchemaNode } from '../colander';
import { Field, type FieldOptions } from './field';
import { FormWidget, Widget } from './widget';

export interface ButtonOptions {
  name?: string;
  /** The button's text (default: the name, capitalized). */
  title?: string;
  /** 'submit', 'reset', 'button', or 'link' (an `<a>` styled as a button, `value` its href). */
  type?: 'submit' | 'reset' | 'button' | 'link';
  value?: string;
  disabled?: boolean;
  cssClass?: string | null;
  /** A glyphicon name shown before the title. */
  icon?: string | null;
  attributes?: Record<string, string>;
}

/** A button at the foot of a form. */
export class Button {
  readonly name: string;
  readonly title: string;
  readonly type: NonNullable<ButtonOptions['type']>;
  readonly value: string;
  readonly disabled: boolean;
  readonly cssClass: string | null;
  readonly icon: string | null;
  readonly attributes: Record<string, string>;

  constructor(options: ButtonOptions | string = {}) {
    const given = typeof options === 'string' ? { name: options } : options;
    this.name = given.name ?? 'submit';
    // Python's str.capitalize(): the first letter upper-case, the rest lower-case.
    this.title = given.title ?? this.name.charAt(0).toUpperCase() + this.name.slice(1).toLowerCase();
    this.type = given.type ?? 'submit';
    this.value = given.value ?? this.name;
    this.disabled = given.disabled ?? false;
    this.cssClass = given.cssClass ?? null;
    this.icon = given.icon ?? null;
    this.attributes = given.attributes ?? {};
  }
}

export interface FormOptions extends FieldOptions {
  /** The form's `action` URL (default: none, post back to the page). */
  action?: string;
  method?: string;
  /** Buttons at the foot: names (`['submit']`) or `Button`s. */
  buttons?: ReadonlyArray<string | Button>;
  /** The form's HTML id and its `__formid__` value (default 'deform'). */
  formid?: string;
  /** Submit by AJAX, replacing the form with the answer (needs jquery.form on the page). */
  useAjax?: boolean;
  /** More jquery.form options, as a JavaScript object literal. */
  ajaxOptions?: string;
  /** The form's autocomplete attribute: true 'on', false 'off', undefined none. */
  autocomplete?: boolean;
}

/**
 * A form from a schema (deform's `Form(schema, buttons=('submit',))`).
 *
 * @example
 * const form = new deform.Form(new WikiPage(), { buttons: ['submit'] });
 * form.render();                       // the empty form
 * form.validate(request.POST.items()); // the data, or throws deform.ValidationFailure
 */
export class Form extends Field {
  readonly action: string;
  readonly method: string;
  readonly buttons: Button[];
  readonly formid: string;
  readonly useAjax: boolean;
  readonly ajaxOptions: string;
  readonly autocomplete: 'on' | 'off' | null;
  readonly focus: 'on' | 'off';
  readonly cssClass = 'deform';

  constructor(schema: SchemaNode, options: FormOptions = {}) {
    super(schema, options);
    this.focus = options.focus === 'off' ? 'off' : 'on';
    this.autocomplete = options.autocomplete === undefined ? null : options.autocomplete ? 'on' : 'off';
    this.action = options.action ?? '';
    this.method = options.method ?? 'POST';
    this.buttons = (options.buttons ?? []).map((button) => (typeof button === 'string' ? new Button(button) : button));
    this.formid = options.formid ?? 'deform';
    this.useAjax = options.useAjax ?? false;
    this.ajaxOptions = (options.ajaxOptions ?? '{}').trim();
    const given = schema.widget;
    if (given !== undefined && !(given instanceof Widget)) throw new TypeError('The widget of a form\'s schema must be a deform widget');
    this.widget = given ?? new FormWidget();
  }
}
