/**
 * The `.pt` corpus: every template in tests/fixtures/chameleon/cases/ rendered by pyramid-ts with
 * its values must give, byte for byte, what the real Chameleon gave (expected.json, written by
 * make_expected.py with Debian's python3-chameleon). A case where Chameleon raised must raise the
 * same kind of error at the same line and column, naming the same expression. options.json gives
 * a case Chameleon's template options (`boolean_attributes` is our `booleanAttributes`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TemplateLookup, Markup, TemplateError } from '../../framework/chameleon';
import { PyZeroDivisionError } from '../../framework/chameleon/pyruntime';

const HERE = path.join(__dirname, '..', 'fixtures', 'chameleon');
const values = JSON.parse(fs.readFileSync(path.join(HERE, 'values.json'), 'utf-8')) as Record<string, unknown>;
const expected = JSON.parse(fs.readFileSync(path.join(HERE, 'expected.json'), 'utf-8')) as Record<string, Expected>;
const options = JSON.parse(fs.readFileSync(path.join(HERE, 'options.json'), 'utf-8')) as Record<string, { boolean_attributes?: string[] }>;

interface Expected {
  output?: string;
  error?: { type: string; message: string; line: number | null; column: number | null; expression: string | null };
}

/** An object with attributes (make_expected.py's Obj). */
class Obj {
  constructor(attrs: Record<string, unknown>) {
    Object.assign(this, attrs);
  }
}

/** make_expected.py's Request, with our camelCase names (templates call route_url, static_url). */
class Request extends Obj {
  applicationUrl = 'http://example.com';
  routeUrl(name: string, ...args: unknown[]): string {
    const last = args[args.length - 1];
    const kw = last !== null && typeof last === 'object' && !Array.isArray(last) ? (args.pop() as Record<string, unknown>) : {};
    let url = `http://example.com/${name}${args.map((e) => `/${e}`).join('')}`;
    const keys = Object.keys(kw).sort();
    if (keys.length) url += '?' + keys.map((k) => `${k}=${kw[k]}`).join('&');
    return url;
  }
  currentRouteUrl(...args: unknown[]): string {
    return this.routeUrl('current', ...args);
  }
  staticUrl(spec: string): string {
    return `http://example.com/static/${spec.split(':').pop()}`;
  }
}

/** make_expected.py's Thing: renders as 'Thing <name>'. */
class Thing {
  constructor(readonly name: string) {}
  toString(): string {
    return `Thing ${this.name}`;
  }
}

const FUNCTIONS: Record<string, Function> = {
  shout: (s: string) => s.toUpperCase() + '!',
  fail: () => {
    throw new PyZeroDivisionError('division by zero');
  },
  pair: (a: unknown, b: unknown = 2) => `${a}-${b}`,
  token: () => 'tok123',
};

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1) {
      const [tag, inner] = entries[0];
      if (tag === '$markup') return new Markup(inner as string);
      if (tag === '$obj') return new Obj(decode(inner) as Record<string, unknown>);
      if (tag === '$request') return new Request(decode(inner) as Record<string, unknown>);
      if (tag === '$fn') return FUNCTIONS[inner as string];
      if (tag === '$tuple') return decode(inner);
      if (tag === '$thing') return new Thing(inner as string);
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, decode(v)]));
  }
  return value;
}

const COMPILE_ERRORS = new Set(['ExpressionError', 'LanguageError', 'ParseError', 'CompilationError', 'TranslationError', 'TemplateError']);

const lookup = new TemplateLookup();

/** The lookup of a case: with its options, a lookup of its own (options apply to a lookup's every template). */
function lookupFor(name: string): TemplateLookup {
  const given = options[name];
  return given ? new TemplateLookup({ booleanAttributes: new Set(given.boolean_attributes) }) : lookup;
}
const names = Object.keys(expected).sort();

test('the corpus has every case rendered by Chameleon, and at least 150', () => {
  const files = fs.readdirSync(path.join(HERE, 'cases')).filter((f) => f.endsWith('.pt')).map((f) => f.slice(0, -3)).sort();
  expect(names).toEqual(files);
  expect(names.length).toBeGreaterThanOrEqual(150);
});

describe.each(names)('%s', (name) => {
  const want = expected[name];
  const render = () => lookupFor(name).get(path.join(HERE, 'cases', `${name}.pt`)).render(decode(values[name] ?? {}) as Record<string, unknown>);

  if (want.output !== undefined) {
    test('renders as Chameleon', () => {
      expect(render()).toBe(want.output);
    });
  } else {
    test(`raises ${want.error!.type} as Chameleon`, () => {
      let error: unknown = null;
      try {
        render();
      } catch (e) {
        error = e;
      }
      expect(error).not.toBeNull();
      const err = want.error!;
      if (COMPILE_ERRORS.has(err.type) || err.line === null) {
        // Compile errors (Chameleon gives a few of them, such as an unknown namespace prefix, no location).
        expect(error).toBeInstanceOf(TemplateError);
        const e = error as TemplateError;
        if (err.line !== null) expect([e.line, e.column]).toEqual([err.line, err.column]);
      } else {
        const e = error as Error & { template?: { line: number; column: number; expression: string } };
        expect(e.name).toBe(err.type);
        expect(e.template && [e.template.line, e.template.column, e.template.expression]).toEqual([err.line, err.column, err.expression]);
      }
    });
  }
});
