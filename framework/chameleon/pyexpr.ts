/**
 * Python expressions, as Chameleon's `python:` expressions are written, compiled once to the
 * source text of a JavaScript expression that evaluates them with Python's semantics over
 * JavaScript values (the helpers come from `$py`, see pyruntime.ts).
 *
 * The generated code reads every free name as `$lookup("name")`; the template engine provides
 * `$lookup` (falling back to `$py.builtins`) and `$py`. Names bound by comprehensions and lambdas
 * are JavaScript locals of the generated code (`$v_name`).
 *
 * @example
 *   compilePython("', '.join(xs)")   // '$py.callMethod(", ", "join", $lookup("xs"))'
 */
import { Comprehension, FField, Node, parseExpression, Target } from './pyparser';
import { PythonSyntaxError } from './pytokens';

export { PythonSyntaxError };

/** A JavaScript string literal for `s` (JSON is a subset of JS once U+2028/2029 are escaped). */
function jsString(s: string): string {
  return JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const BIN_HELPERS: Record<string, string> = {
  '+': 'add', '-': 'sub', '*': 'mul', '/': 'truediv', '//': 'floordiv', '%': 'mod', '**': 'pow',
  '<<': 'lshift', '>>': 'rshift', '&': 'and', '|': 'or', '^': 'xor',
};

const CMP_HELPERS: Record<string, string> = {
  '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge', in: 'in', 'not in': 'notIn',
};

class Scope {
  readonly names = new Set<string>();
  usesTemp = false;
  constructor(readonly parent: Scope | null) {}

  has(name: string): boolean {
    return this.names.has(name) || (this.parent !== null && this.parent.has(name));
  }
}

function local(name: string): string {
  return '$v_' + name;
}

class Compiler {
  private scope = new Scope(null);

  compileTop(node: Node): string {
    const body = this.expr(node);
    return this.scope.usesTemp ? `(($t) => ${body})()` : body;
  }

  private temp(): string {
    this.scope.usesTemp = true;
    return '$t';
  }

  private expr(n: Node): string {
    switch (n.k) {
      case 'name':
        return this.scope.has(n.id) ? local(n.id) : `$lookup(${jsString(n.id)})`;
      case 'const':
        return this.constant(n);
      case 'fstr':
        return this.fstring(n.parts);
      case 'tuple':
        return `$py.tuple(${this.sequence(n.elts)})`;
      case 'list':
        return this.sequence(n.elts);
      case 'set':
        return `new Set(${this.sequence(n.elts)})`;
      case 'star':
        throw new Error('starred expression outside a display or call');
      case 'dict':
        return this.dict(n.items);
      case 'bool': {
        const t = this.temp();
        // One temporary is enough: each value is tested right after it is assigned.
        let out = this.expr(n.values[n.values.length - 1]);
        for (let i = n.values.length - 2; i >= 0; i--) {
          const v = this.expr(n.values[i]);
          out = n.op === 'and'
            ? `(${t} = ${v}, $py.truthy(${t}) ? ${out} : ${t})`
            : `(${t} = ${v}, $py.truthy(${t}) ? ${t} : ${out})`;
        }
        return out;
      }
      case 'not':
        return `!$py.truthy(${this.expr(n.v)})`;
      case 'unary':
        return `$py.${n.op === '-' ? 'neg' : n.op === '+' ? 'pos' : 'invert'}(${this.expr(n.v)})`;
      case 'bin':
        return `$py.${BIN_HELPERS[n.op]}(${this.expr(n.l)}, ${this.expr(n.r)})`;
      case 'cmp':
        return this.comparison(n.left, n.ops, n.rights);
      case 'ifexp':
        return `($py.truthy(${this.expr(n.test)}) ? ${this.expr(n.body)} : ${this.expr(n.orelse)})`;
      case 'lambda':
        return this.lambda(n);
      case 'attr':
        return `$py.getattr(${this.expr(n.v)}, ${jsString(n.name)})`;
      case 'sub':
        if (n.index.k === 'slice') {
          const part = (p: Node | null) => (p ? this.expr(p) : 'null');
          return `$py.getslice(${this.expr(n.v)}, ${part(n.index.lo)}, ${part(n.index.hi)}, ${part(n.index.step)})`;
        }
        return `$py.getitem(${this.expr(n.v)}, ${this.expr(n.index)})`;
      case 'slice':
        return `$py.slice(${n.lo ? this.expr(n.lo) : 'null'}, ${n.hi ? this.expr(n.hi) : 'null'}, ${n.step ? this.expr(n.step) : 'null'})`;
      case 'call':
        return this.call(n);
      case 'comp':
        return this.comprehension(n);
    }
  }

  private constant(n: { v: null | boolean | number | string; float?: boolean }): string {
    const v = n.v;
    if (typeof v === 'string') return jsString(v);
    if (typeof v === 'number') {
      if (n.float && Number.isInteger(v)) return `$py.float(${Object.is(v, -0) ? '-0' : String(v)})`;
      if (v === Infinity) return 'Infinity';
      return Object.is(v, -0) ? '-0' : String(v);
    }
    return String(v);
  }

  /** `[a, *b]` as a JS array expression. */
  private sequence(elts: Node[]): string {
    return `[${elts.map((e) => (e.k === 'star' ? `...$py.each(${this.expr(e.v)})` : this.expr(e))).join(', ')}]`;
  }

  private dict(items: Array<{ key: Node | null; value: Node }>): string {
    // Fast path: string keys known at compile time that a plain object keeps in order.
    if (items.every((it) => it.key && it.key.k === 'const' && typeof it.key.v === 'string' && isPlainKey(it.key.v))) {
      const seen = new Set<string>();
      const unique = items.every((it) => !seen.has((it.key as { v: string }).v) && seen.add((it.key as { v: string }).v));
      if (unique) {
        return `{${items.map((it) => `${jsString((it.key as { v: string }).v)}: ${this.expr(it.value)}`).join(', ')}}`;
      }
    }
    const entries = items.map((it) => (it.key ? `[${this.expr(it.key)}, ${this.expr(it.value)}]` : `...$py.items(${this.expr(it.value)})`));
    return `$py.dictOf([${entries.join(', ')}])`;
  }

  private comparison(left: Node, ops: string[], rights: Node[]): string {
    const one = (op: string, a: string, b: string) => {
      if (op === 'is') return `$py.is(${a}, ${b})`;
      if (op === 'is not') return `!$py.is(${a}, ${b})`;
      return `$py.${CMP_HELPERS[op]}(${a}, ${b})`;
    };
    if (ops.length === 1) return one(ops[0], this.expr(left), this.expr(rights[0]));
    // a < b < c: b is evaluated once, c only when a < b.
    const t = this.temp();
    const parts: string[] = [];
    let prev = this.expr(left);
    for (let i = 0; i < ops.length; i++) {
      const isLast = i === ops.length - 1;
      const right = this.expr(rights[i]);
      parts.push(one(ops[i], prev, isLast ? right : `${t} = ${right}`));
      prev = t;
    }
    return `(${parts.join(' && ')})`;
  }

  private call(n: { f: Node; args: Node[]; kws: Array<{ name: string | null; value: Node }> }): string {
    const simpleArgs = n.args.every((a) => a.k !== 'star');
    const args = simpleArgs ? n.args.map((a) => this.expr(a)) : null;
    const kw = n.kws.length ? this.kwargs(n.kws) : null;
    if (n.f.k === 'attr') {
      const obj = this.expr(n.f.v);
      const name = jsString(n.f.name);
      if (args && !kw) return `$py.callMethod(${[obj, name, ...args].join(', ')})`;
      return `$py.callMethodKw(${obj}, ${name}, ${args ? `[${args.join(', ')}]` : this.sequence(n.args)}, ${kw ?? 'null'})`;
    }
    const f = this.expr(n.f);
    if (args && !kw) return `$py.call(${[f, ...args].join(', ')})`;
    return `$py.callKw(${f}, ${args ? `[${args.join(', ')}]` : this.sequence(n.args)}, ${kw ?? 'null'})`;
  }

  private kwargs(kws: Array<{ name: string | null; value: Node }>): string {
    if (kws.every((k) => k.name !== null)) {
      return `{${kws.map((k) => `${jsString(k.name!)}: ${this.expr(k.value)}`).join(', ')}}`;
    }
    return `$py.kwargs([${kws.map((k) => (k.name === null ? `$py.items(${this.expr(k.value)})` : `[[${jsString(k.name)}, ${this.expr(k.value)}]]`)).join(', ')}])`;
  }

  private withScope<T>(names: string[], body: (scope: Scope) => T): T {
    const outer = this.scope;
    this.scope = new Scope(outer);
    for (const name of names) this.scope.names.add(name);
    try {
      return body(this.scope);
    } finally {
      this.scope = outer;
    }
  }

  private fstring(parts: Array<string | FField>): string {
    if (!parts.length) return '""';
    const pieces = parts.map((p) => {
      if (typeof p === 'string') return jsString(p);
      let value = this.expr(p.expr);
      if (p.conv === 'r') value = `$py.repr(${value})`;
      else if (p.conv === 'a') value = `$py.ascii(${value})`;
      else if (p.conv === 's') value = `$py.str(${value})`;
      const formatted = p.spec ? `$py.format(${value}, ${this.expr(p.spec)})` : p.conv ? value : `$py.format(${value}, "")`;
      return p.debug !== null ? `${jsString(p.debug)} + ${formatted}` : formatted;
    });
    return `(${typeof parts[0] === 'string' ? '' : '"" + '}${pieces.join(' + ')})`;
  }

  private lambda(n: { params: string[]; defaults: Node[]; vararg: string | null; body: Node }): string {
    const defaults = n.defaults.map((d) => this.expr(d));
    const names = [...n.params, ...(n.vararg ? [n.vararg] : [])];
    return this.withScope(names, (scope) => {
      const body = this.expr(n.body);
      const params = n.params.map(local);
      if (n.vararg) params.push(local(n.vararg));
      const fn = scope.usesTemp ? `(${params.join(', ')}) => { let $t; return ${body}; }` : `(${params.join(', ')}) => (${body})`;
      return `$py.lambda(${fn}, [${n.params.map(jsString).join(', ')}], [${defaults.join(', ')}], ${n.vararg ? 'true' : 'false'})`;
    });
  }

  private comprehension(n: { kind: 'list' | 'set' | 'dict' | 'gen'; elt: Node; value?: Node; gens: Comprehension[] }): string {
    // The first iterable is evaluated in the enclosing scope, as in Python.
    const firstIter = this.expr(n.gens[0].iter);
    const names: string[] = [];
    for (const g of n.gens) collectTargetNames(g.target, names);
    return this.withScope(names, (scope) => {
      let inner: string;
      if (n.kind === 'list') inner = `$r.push(${this.expr(n.elt)});`;
      else if (n.kind === 'set') inner = `$r.add(${this.expr(n.elt)});`;
      else if (n.kind === 'dict') inner = `$r.push([${this.expr(n.elt)}, ${this.expr(n.value!)}]);`;
      else inner = `yield ${this.expr(n.elt)};`;
      for (let i = n.gens.length - 1; i >= 0; i--) {
        const g = n.gens[i];
        const conds = g.ifs.map((c) => `if (!$py.truthy(${this.expr(c)})) continue;`).join(' ');
        const iter = i === 0 ? '$it' : `$py.each(${this.expr(g.iter)})`;
        const target = g.target;
        const bind = typeof target === 'string' ? '' : `${unpackCode(target, '$e')} `;
        const loopVar = typeof target === 'string' ? local(target) : '$e';
        inner = `for (const ${loopVar} of ${iter}) { ${bind}${conds} ${inner} }`;
      }
      const temp = scope.usesTemp ? 'let $t; ' : '';
      if (n.kind === 'gen') return `$py.lazy("generator", (function* ($it) { ${temp}${inner} })($py.each(${firstIter})))`;
      const init = n.kind === 'set' ? 'new Set()' : '[]';
      const result = n.kind === 'dict' ? '$py.dictOf($r)' : '$r';
      return `(($it) => { ${temp}const $r = ${init}; ${inner} return ${result}; })($py.each(${firstIter}))`;
    });
  }
}

function isPlainKey(key: string): boolean {
  // Integer-like keys would be reordered by a JS object; __proto__ would not be an own key.
  return key !== '__proto__' && !/^(0|[1-9]\d*)$/.test(key);
}

function collectTargetNames(t: Target, out: string[]): void {
  if (typeof t === 'string') out.push(t);
  else for (const x of t) collectTargetNames(x, out);
}

/** `let [$v_a, $v_b] = $py.unpack(value, 2);` with nested targets unpacked in turn. */
function unpackCode(t: Target[], value: string, depth = 0): string {
  const tmp = (i: number) => `$u${depth}_${i}`;
  const names = t.map((x, i) => (typeof x === 'string' ? local(x) : tmp(i)));
  let code = `const [${names.join(', ')}] = $py.unpack(${value}, ${t.length});`;
  t.forEach((x, i) => {
    if (typeof x !== 'string') code += ' ' + unpackCode(x, tmp(i), depth + 1);
  });
  return code;
}

function prepare(source: string): string {
  // As Chameleon: line continuations and newlines become spaces (also inside string literals).
  // Same length, so that an error's offset is a column of the source given; the tokenizer
  // skips the outer whitespace Chameleon strips.
  return source.replace(/\\[ \t\r\f]*$/gm, (m) => ' '.repeat(m.length)).replace(/\n/g, ' ');
}

/**
 * Compiles a Python expression to the source of a JavaScript expression over `$lookup` and `$py`.
 * Throws `PythonSyntaxError` for invalid or unsupported syntax.
 */
export function compilePython(source: string): string {
  const src = prepare(source);
  const node = parseExpression(src, src, 0);
  return new Compiler().compileTop(node);
}

/**
 * The assignment target of `tal:define` / `tal:repeat`: Chameleon allows a name or a
 * parenthesized list of names, `(a, b)` (its DEFINE_RE), names may hold `-`.
 * Returns the names and whether the value is unpacked.
 */
export function compileTarget(source: string): { names: string[]; unpack: boolean } {
  const text = source.trim();
  const NAME = '[a-zA-Z_][-a-zA-Z0-9_]*';
  if (new RegExp(`^${NAME}$`).test(text)) return { names: [text], unpack: false };
  const m = new RegExp(`^\\((${NAME}(?:\\s*,\\s*${NAME})*)\\s*,?\\s*\\)$`).exec(text);
  if (m) return { names: m[1].split(',').map((s) => s.trim()), unpack: true };
  throw new PythonSyntaxError(`invalid assignment target: ${JSON.stringify(text)} (a name or (a, b))`, 0, source);
}

/**
 * Splits a TALES expression on its top-level `|` (outside strings, brackets and parentheses),
 * Chameleon's fallback operator: `x | default`. `\|` is a literal `|`. Once a part starts with a
 * prefix (`string:`, `exists:`...), the rest of the expression belongs to it, as in Chameleon.
 */
export function splitPipes(source: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let depth = 0;
  let quote: string | null = null;
  let i = 0;
  const PREFIX = /^\s*[a-z][a-z0-9\-_]*:/;
  while (i < source.length) {
    const c = source[i];
    if (!quote && depth === 0 && parts.length > 0 && cur === '' && PREFIX.test(source.slice(i))) {
      cur = source.slice(i);
      i = source.length;
      break;
    }
    if (c === '\\' && source[i + 1] === '|') {
      cur += '|';
      i += 2;
      continue;
    }
    if (quote) {
      if (c === '\\') {
        cur += c + (source[i + 1] ?? '');
        i += 2;
        continue;
      }
      if (source.startsWith(quote, i)) {
        cur += quote;
        i += quote.length;
        quote = null;
        continue;
      }
      cur += c;
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = source.startsWith(c + c + c, i) ? c + c + c : c;
      cur += quote;
      i += quote.length;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    else if (c === '|' && depth === 0) {
      parts.push(cur);
      cur = '';
      i++;
      continue;
    }
    cur += c;
    i++;
  }
  parts.push(cur);
  return parts;
}
