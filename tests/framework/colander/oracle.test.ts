/**
 * colander's types and validators as the real colander 1.8.3 answers (written by
 * tests/fixtures/deform/make_expected.py to tests/fixtures/deform/expected/colander.json): each
 * value deserialized to the same data or the same message, each appstruct serialized to the same
 * string.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import * as colander from '../../../framework/api/colander';

interface Cases {
  deserialize: Array<{ type: string; validator: [string, unknown] | null; value: unknown; result?: unknown; error?: string }>;
  serialize: Array<{ type: string; value: unknown; result: string }>;
}

const cases = JSON.parse(fs.readFileSync(nodePath.join(__dirname, '../../fixtures/deform/expected/colander.json'), 'utf-8')) as Cases;

const types: Record<string, () => colander.SchemaType> = {
  String: () => new colander.String(),
  Integer: () => new colander.Integer(),
  Float: () => new colander.Float(),
  Boolean: () => new colander.Boolean(),
  Set: () => new colander.Set(),
};

// The Python script's named functions, as the tests write them.
const functions: Record<string, (value: unknown) => unknown> = {
  upper: (v) => String(v) === String(v).toUpperCase() && /[A-Z]/.test(String(v)),
  short: (v) => String(v).length < 3 || 'Too long: ${val}',
};

function validatorFor(spec: [string, unknown] | null): colander.Validator | undefined {
  if (!spec) return undefined;
  const [name, arg] = spec;
  switch (name) {
    case 'Range': return colander.Range(arg as { min?: number; max?: number });
    case 'Length': return colander.Length(arg as { min?: number; max?: number });
    case 'OneOf': return colander.OneOf(arg as unknown[]);
    case 'NoneOf': return colander.NoneOf(arg as unknown[]);
    case 'ContainsOnly': return colander.ContainsOnly(arg as unknown[]);
    case 'Email': return colander.Email();
    case 'Regex': return colander.Regex(arg as string);
    case 'Function': return colander.Function(functions[arg as string]);
  }
  throw new Error(`no validator ${name}`);
}

test.each(cases.deserialize.map((c) => [`${c.type} ${JSON.stringify(c.validator)} ${JSON.stringify(c.value)}`, c] as const))('deserialize %s', (_name, c) => {
  const node = new colander.SchemaNode(types[c.type](), { name: 'x', validator: validatorFor(c.validator) });
  let result: unknown;
  let error: string | undefined;
  try {
    result = node.deserialize(c.value);
  } catch (e) {
    if (!(e instanceof colander.Invalid)) throw e;
    error = e.messages().join('; ');
  }
  if (c.error !== undefined) {
    expect(error).toBe(c.error);
  } else {
    expect(error).toBeUndefined();
    expect(result instanceof Set ? [...result].sort() : result).toEqual(c.result);
  }
});

test.each(cases.serialize.map((c) => [`${c.type} ${JSON.stringify(c.value)}`, c] as const))('serialize %s', (_name, c) => {
  expect(new colander.SchemaNode(types[c.type]()).serialize(c.value)).toBe(c.result);
});
