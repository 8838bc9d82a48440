/** colander's validators, with colander's messages. */
import { Invalid } from './invalid';
import { pyStr } from './types';
import type { SchemaNode } from './schema';

export type Validator = (node: SchemaNode, value: unknown) => void;

/** colander.Length: a string's, array's or set's length within bounds (Python's len()). */
export function Length(options: { min?: number; max?: number }): Validator {
  return (node, value) => {
    const length = value instanceof Set || value instanceof Map ? value.size : (value as { length: number }).length;
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

/** colander.NoneOf: none of the given values. */
export function NoneOf(forbidden: readonly unknown[]): Validator {
  return (node, value) => {
    if (forbidden.includes(value)) throw new Invalid(node, `"${pyStr(value)}" must not be one of ${forbidden.map(pyStr).join(', ')}`, value);
  };
}

/** colander.ContainsOnly: every element of a set or array is one of the choices. */
export function ContainsOnly(choices: readonly unknown[]): Validator {
  return (node, value) => {
    if ([...(value as Iterable<unknown>)].some((v) => !choices.includes(v))) throw new Invalid(node, 'One or more of the choices you made was not acceptable', value);
  };
}

/**
 * colander.Regex: the pattern matches at the start of the value (Python's re.match); the pattern
 * is a JavaScript one (a RegExp, or its source).
 */
export function Regex(pattern: RegExp | string, options: { msg?: string } = {}): Validator {
  const source = typeof pattern === 'string' ? pattern : pattern.source;
  const anchored = new RegExp(`^(?:${source})`, typeof pattern === 'string' ? '' : pattern.flags.replace('g', ''));
  return (node, value) => {
    if (!anchored.test(globalThis.String(value))) throw new Invalid(node, options.msg ?? 'String does not match expected pattern', value);
  };
}

/**
 * colander.Function: `fn(value)` false (or a string: the message) fails; `${val}` in the message
 * is the value.
 */
export function Function(fn: (value: unknown) => unknown, options: { msg?: string } = {}): Validator {
  return (node, value) => {
    const result = fn(value);
    if (!result || typeof result === 'string') {
      const msg = typeof result === 'string' && result ? result : options.msg ?? 'Invalid value';
      throw new Invalid(node, msg.replace(/\$\{val\}/g, pyStr(value)), value);
    }
  };
}
