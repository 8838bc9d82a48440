/** colander's validators, with colander's messages. */
import { Invalid } from './invalid';
import { pyStr } from './types';
import type { SchemaNode } from './schema';

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
    if (options.min !== undefined && n < options.min) throw new Invalid(node, `${pyStr(n)} is less than minimum value ${options.min}`, value);
    if (options.max !== undefined && n > options.max) throw new Invalid(node, `${pyStr(n)} is greater than maximum value ${options.max}`, value);
  };
}

/** colander.OneOf: one of the given choices. */
export function OneOf(choices: readonly unknown[]): Validator {
  return (node, value) => {
    if (!choices.includes(value)) throw new Invalid(node, `"${pyStr(value)}" is not one of ${choices.map(pyStr).join(', ')}`, value);
  };
}

// colander's EMAIL_RE
const emailRe = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** colander.Email: an e-mail address, as colander's pattern has it. */
export function Email(options: { msg?: string } = {}): Validator {
  return (node, value) => {
    if (!emailRe.test(globalThis.String(value))) throw new Invalid(node, options.msg ?? 'Invalid email address', value);
  };
}

/** colander.All: every validator must pass; their messages are collected. */
export function All(...validators: Validator[]): Validator {
  return (node, value) => {
    const msgs: string[] = [];
    for (const validator of validators) {
      try {
        validator(node, value);
      } catch (e) {
        if (!(e instanceof Invalid)) throw e;
        msgs.push(...e.messages());
      }
    }
    if (msgs.length) throw new Invalid(node, msgs, value);
  };
}
