/**
 * peppercorn's protocol: a form's controls, in document order, with `__start__`/`__end__`
 * markers (`name:mapping`, `name:sequence`, `name:rename`, `name:ignore`) around nested
 * structures, parsed into nested objects and arrays. deform's widgets write the markers.
 */

/** A malformed run of markers (unknown type, unbalanced start and end). */
export class PeppercornError extends Error {
  name = 'PeppercornError';
}

type Parsed = string | Parsed[] | { [key: string]: Parsed } | unknown;

const types = new Set(['sequence', 'mapping', 'rename', 'ignore']);

/** `parse(request.POST.items())`: the controls as a structure. */
export function parse(controls: Iterable<readonly [string, unknown]>): Record<string, Parsed> {
  let target = '';
  let typ: string | null = null;
  let out: Array<[string, Parsed]> = [];
  const stack: Array<{ target: string; typ: string | null; out: Array<[string, Parsed]> }> = [];
  for (const [key, value] of controls) {
    if (key === '__start__') {
      stack.push({ target, typ, out });
      const text = String(value);
      const colon = text.lastIndexOf(':');
      target = colon === -1 ? '' : text.slice(0, colon).trim();
      typ = (colon === -1 ? text : text.slice(colon + 1)).trim();
      if (!types.has(typ)) throw new PeppercornError(`Unknown start marker ('${key}', '${text}')`);
      out = [];
    } else if (key === '__end__') {
      let parsed: Parsed | undefined;
      if (typ === 'sequence') parsed = out.map(([, v]) => v);
      else if (typ === 'mapping') parsed = Object.fromEntries(out);
      else if (typ === 'rename') parsed = out.length ? out[0][1] : '';
      else if (typ === 'ignore') parsed = undefined;
      else throw new PeppercornError('Too many end markers');
      const previous = stack.pop()!;
      out = previous.out;
      if (parsed !== undefined) out.push([target, parsed]);
      target = previous.target;
      typ = previous.typ;
    } else {
      out.push([key, value]);
    }
  }
  if (stack.length) throw new PeppercornError('Not enough end markers');
  return Object.fromEntries(out);
}
