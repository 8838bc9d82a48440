/** deform's exceptions. */
import type { Invalid } from '../colander';
import type { Field } from './field';

/**
 * What `form.validate(controls)` throws when the data does not fit the schema: `render()` shows
 * the form again with the posted values and a message beside each field in error.
 */
export class ValidationFailure extends Error {
  name = 'ValidationFailure';

  constructor(readonly field: Field, readonly cstruct: unknown, readonly error: Invalid) {
    super(`The submission of form '${field.name || 'deform'}' has errors: ${JSON.stringify(error.asdict())}`);
  }

  /** The form again, with the posted values and error messages; `kw` goes to the templates. */
  render(kw: Record<string, unknown> = {}): string {
    return this.field.widget.serialize(this.field, this.cstruct, kw);
  }
}

/** A widget template that cannot be found or rendered. */
export class TemplateError extends Error {
  name = 'TemplateError';
}
