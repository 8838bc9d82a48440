/**
 * The parser of Python expressions (see pyexpr.ts): Python 3.11's expression grammar, minus
 * `await`, `yield` and `:=`, to a small syntax tree; f-strings are parsed into their parts here.
 */
import { decodeEscapes, KEYWORDS, PythonSyntaxError, Tok, tokenize } from './pytokens';

export type Target = string | Target[];

export interface Comprehension {
  target: Target;
  iter: Node;
  ifs: Node[];
}

export type Node =
  | { k: 'name'; id: string; pos: number }
  | { k: 'const'; v: null | boolean | number | string; float?: boolean }
  | { k: 'fstr'; parts: Array<string | FField> }
  | { k: 'tuple' | 'list' | 'set'; elts: Node[] }
  | { k: 'star'; v: Node }
  | { k: 'dict'; items: Array<{ key: Node | null; value: Node }> }
  | { k: 'bool'; op: 'and' | 'or'; values: Node[] }
  | { k: 'not'; v: Node }
  | { k: 'unary'; op: string; v: Node }
  | { k: 'bin'; op: string; l: Node; r: Node }
  | { k: 'cmp'; left: Node; ops: string[]; rights: Node[] }
  | { k: 'ifexp'; test: Node; body: Node; orelse: Node }
  | { k: 'lambda'; params: string[]; defaults: Node[]; vararg: string | null; body: Node }
  | { k: 'attr'; v: Node; name: string }
  | { k: 'sub'; v: Node; index: Node }
  | { k: 'slice'; lo: Node | null; hi: Node | null; step: Node | null }
  | { k: 'call'; f: Node; args: Node[]; kws: Array<{ name: string | null; value: Node }> }
  | { k: 'comp'; kind: 'list' | 'set' | 'dict' | 'gen'; elt: Node; value?: Node; gens: Comprehension[] };

export interface FField {
  expr: Node;
  conv: string | null;
  spec: Node | null;
  /** `f'{x=}'`: the text before the value. */
  debug: string | null;
}

// ---------------------------------------------------------------------------------------------
// Parser: Python 3.11's expression grammar, minus `await`, `yield` and `:=`.

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[], private readonly src: string, private readonly base = 0) {}

  private get tok(): Tok {
    return this.toks[this.i];
  }

  private fail(message: string, tok: Tok = this.tok): never {
    throw new PythonSyntaxError(message, tok.pos + this.base, this.src);
  }

  private isOp(text: string): boolean {
    const t = this.tok;
    return t.kind === 'op' && t.text === text;
  }

  private isKw(text: string): boolean {
    const t = this.tok;
    return t.kind === 'name' && t.text === text;
  }

  private eat(text: string): boolean {
    if (this.isOp(text) || this.isKw(text)) {
      this.i++;
      return true;
    }
    return false;
  }

  private expect(text: string): void {
    if (!this.eat(text)) this.fail((this.tok as Tok).kind === 'end' ? `expected '${text}'` : 'invalid syntax');
  }

  parseTop(): Node {
    if (this.tok.kind === 'end') this.fail('invalid syntax: empty expression');
    const node = this.exprList(true);
    if ((this.tok as Tok).kind !== 'end') this.fail('invalid syntax');
    return node;
  }

  /** `a, b` as a tuple; a single expression as itself. */
  private exprList(allowStar: boolean): Node {
    const first = allowStar ? this.starOrTest() : this.test();
    if (!this.isOp(',')) {
      if (first.k === 'star') this.fail("can't use starred expression here");
      return first;
    }
    const elts = [first];
    while (this.eat(',')) {
      if (this.atExprEnd()) break;
      elts.push(allowStar ? this.starOrTest() : this.test());
    }
    return { k: 'tuple', elts };
  }

  private atExprEnd(): boolean {
    const t = this.tok;
    return t.kind === 'end' || (t.kind === 'op' && [')', ']', '}', '=', ':'].includes(t.text)) ||
      (t.kind === 'name' && (t.text === 'for' || t.text === 'in'));
  }

  private starOrTest(): Node {
    if (this.eat('*')) return { k: 'star', v: this.orTest() };
    return this.test();
  }

  private test(): Node {
    if (this.isKw('lambda')) return this.lambda();
    const body = this.orTest();
    if (this.isKw('if')) {
      this.i++;
      const cond = this.orTest();
      if (!this.eat('else')) this.fail("expected 'else' after 'if' expression");
      return { k: 'ifexp', test: cond, body, orelse: this.test() };
    }
    if (this.isOp(':=')) this.fail("assignment expressions (':=') are not supported in templates");
    return body;
  }

  private testNoCond(): Node {
    return this.isKw('lambda') ? this.lambda(true) : this.orTest();
  }

  private lambda(noCond = false): Node {
    this.expect('lambda');
    const params: string[] = [];
    const defaults: Node[] = [];
    let vararg: string | null = null;
    while (!this.isOp(':')) {
      if (this.eat('*')) {
        vararg = this.identifier();
      } else if (this.isOp('**')) {
        this.fail('**kwargs in a lambda is not supported in templates');
      } else {
        if (vararg !== null) this.fail('keyword-only lambda parameters are not supported in templates');
        const name = this.identifier();
        if (params.includes(name)) this.fail(`duplicate argument '${name}' in function definition`);
        params.push(name);
        if (this.eat('=')) defaults.push(this.test());
        else if (defaults.length) this.fail('non-default argument follows default argument');
      }
      if (!this.eat(',')) break;
    }
    this.expect(':');
    return { k: 'lambda', params, defaults, vararg, body: noCond ? this.testNoCond() : this.test() };
  }

  private identifier(): string {
    const t = this.tok;
    if (t.kind !== 'name' || KEYWORDS.has(t.text)) this.fail('invalid syntax');
    this.i++;
    return t.text;
  }

  private orTest(): Node {
    const first = this.andTest();
    if (!this.isKw('or')) return first;
    const values = [first];
    while (this.eat('or')) values.push(this.andTest());
    return { k: 'bool', op: 'or', values };
  }

  private andTest(): Node {
    const first = this.notTest();
    if (!this.isKw('and')) return first;
    const values = [first];
    while (this.eat('and')) values.push(this.notTest());
    return { k: 'bool', op: 'and', values };
  }

  private notTest(): Node {
    if (this.eat('not')) return { k: 'not', v: this.notTest() };
    return this.comparison();
  }

  private compOp(): string | null {
    const t = this.tok;
    if (t.kind === 'op' && ['<', '>', '==', '>=', '<=', '!='].includes(t.text)) {
      this.i++;
      return t.text;
    }
    if (this.isKw('in')) {
      this.i++;
      return 'in';
    }
    if (this.isKw('not') && this.toks[this.i + 1].kind === 'name' && this.toks[this.i + 1].text === 'in') {
      this.i += 2;
      return 'not in';
    }
    if (this.isKw('is')) {
      this.i++;
      return this.eat('not') ? 'is not' : 'is';
    }
    return null;
  }

  private comparison(): Node {
    const left = this.binary(0);
    const ops: string[] = [];
    const rights: Node[] = [];
    for (let op = this.compOp(); op; op = this.compOp()) {
      ops.push(op);
      rights.push(this.binary(0));
    }
    return ops.length ? { k: 'cmp', left, ops, rights } : left;
  }

  private static readonly LEVELS = [['|'], ['^'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '/', '//', '%', '@']];

  private binary(level: number): Node {
    if (level === Parser.LEVELS.length) return this.factor();
    let l = this.binary(level + 1);
    const ops = Parser.LEVELS[level];
    while (this.tok.kind === 'op' && ops.includes(this.tok.text)) {
      const op = this.tok.text;
      if (op === '@') this.fail("the '@' operator is not supported in templates");
      this.i++;
      l = { k: 'bin', op, l, r: this.binary(level + 1) };
    }
    return l;
  }

  private factor(): Node {
    const t = this.tok;
    if (t.kind === 'op' && (t.text === '-' || t.text === '+' || t.text === '~')) {
      this.i++;
      const v = this.factor();
      if (t.text === '-' && v.k === 'const' && typeof v.v === 'number') return { k: 'const', v: -v.v, float: v.float };
      return { k: 'unary', op: t.text, v };
    }
    return this.power();
  }

  private power(): Node {
    const base = this.primary();
    if (this.eat('**')) return { k: 'bin', op: '**', l: base, r: this.factor() };
    return base;
  }

  private primary(): Node {
    let node = this.atom();
    for (;;) {
      if (this.eat('.')) {
        node = { k: 'attr', v: node, name: this.identifier() };
      } else if (this.isOp('(')) {
        this.i++;
        node = this.callArgs(node);
      } else if (this.eat('[')) {
        node = { k: 'sub', v: node, index: this.subscripts() };
        this.expect(']');
      } else {
        return node;
      }
    }
  }

  private callArgs(f: Node): Node {
    const args: Node[] = [];
    const kws: Array<{ name: string | null; value: Node }> = [];
    while (!this.isOp(')')) {
      if (this.eat('**')) {
        kws.push({ name: null, value: this.test() });
      } else if (this.eat('*')) {
        if (kws.length && kws.some((k) => k.name === null)) this.fail('iterable argument unpacking follows keyword argument unpacking');
        args.push({ k: 'star', v: this.test() });
      } else if (this.tok.kind === 'name' && this.toks[this.i + 1].kind === 'op' && this.toks[this.i + 1].text === '=') {
        const name = this.identifier();
        this.i++;
        if (kws.some((k) => k.name === name)) this.fail(`keyword argument repeated: ${name}`);
        kws.push({ name, value: this.test() });
      } else {
        const start = this.tok;
        const value = this.test();
        if (this.isKw('for')) {
          const gen: Node = { k: 'comp', kind: 'gen', elt: value, gens: this.compFor() };
          if (args.length || kws.length || !this.isOp(')')) this.fail('Generator expression must be parenthesized');
          args.push(gen);
          break;
        }
        if (kws.length) this.fail(kws.some((k) => k.name === null)
          ? 'positional argument follows keyword argument unpacking' : 'positional argument follows keyword argument', start);
        args.push(value);
      }
      if (!this.eat(',')) break;
    }
    this.expect(')');
    return { k: 'call', f, args, kws };
  }

  private subscripts(): Node {
    const first = this.subscript();
    if (!this.isOp(',')) return first;
    const elts = [first];
    while (this.eat(',')) {
      if (this.isOp(']')) break;
      elts.push(this.subscript());
    }
    return { k: 'tuple', elts };
  }

  private subscript(): Node {
    let lo: Node | null = null;
    if (!this.isOp(':')) {
      lo = this.test();
      if (!this.isOp(':')) return lo;
    }
    this.expect(':');
    const hi = this.isOp(':') || this.isOp(']') || this.isOp(',') ? null : this.test();
    let step: Node | null = null;
    if (this.eat(':') && !this.isOp(']') && !this.isOp(',')) step = this.test();
    return { k: 'slice', lo, hi, step };
  }

  private compFor(): Comprehension[] {
    const gens: Comprehension[] = [];
    while (this.isKw('for')) {
      this.i++;
      const target = this.targetList();
      this.expect('in');
      const iter = this.orTest();
      const ifs: Node[] = [];
      while (this.isKw('if')) {
        this.i++;
        ifs.push(this.testNoCond());
      }
      gens.push({ target, iter, ifs });
      if (this.isKw('async')) this.fail('asynchronous comprehensions are not supported');
    }
    return gens;
  }

  private targetList(): Target {
    const first = this.targetAtom();
    if (!this.isOp(',')) return first;
    const items = [first];
    while (this.eat(',')) {
      if (this.isKw('in') || this.isOp('=')) break;
      items.push(this.targetAtom());
    }
    return items;
  }

  private targetAtom(): Target {
    if (this.eat('(')) {
      const t = this.isOp(')') ? [] : this.targetList();
      this.expect(')');
      return t;
    }
    if (this.eat('[')) {
      const t = this.isOp(']') ? [] : this.targetList();
      this.expect(']');
      return typeof t === 'string' ? [t] : t;
    }
    if (this.isOp('*')) this.fail('starred assignment targets are not supported in templates');
    const t = this.tok;
    if (t.kind !== 'name' || KEYWORDS.has(t.text)) this.fail('cannot assign to expression here');
    this.i++;
    if (this.isOp('.') || this.isOp('[')) this.fail('only names can be assigned to in templates');
    return t.text;
  }

  private atom(): Node {
    const t = this.tok;
    switch (t.kind) {
      case 'name': {
        if (t.text === 'None') return this.advance({ k: 'const', v: null });
        if (t.text === 'True') return this.advance({ k: 'const', v: true });
        if (t.text === 'False') return this.advance({ k: 'const', v: false });
        if (KEYWORDS.has(t.text)) this.fail('invalid syntax');
        return this.advance({ k: 'name', id: t.text, pos: t.pos + this.base });
      }
      case 'num':
        return this.advance(parseNumber(t, this.src, this.base));
      case 'str':
        return this.strings();
      case 'op':
        if (t.text === '(') return this.parenthesized();
        if (t.text === '[') return this.listDisplay();
        if (t.text === '{') return this.dictOrSet();
        if (t.text === '...') this.fail('Ellipsis is not supported in templates');
        return this.fail('invalid syntax');
      default:
        return this.fail('invalid syntax');
    }
  }

  private advance<T>(node: T): T {
    this.i++;
    return node;
  }

  private strings(): Node {
    const parts: Array<string | FField> = [];
    let isF = false;
    while (this.tok.kind === 'str') {
      const t = this.tok;
      this.i++;
      if (t.fstring) {
        isF = true;
        for (const p of parseFString(t.value!, t.raw === 'r', t.bodyPos! + this.base, this.src)) pushPart(parts, p);
      } else {
        pushPart(parts, t.value!);
      }
    }
    if (!isF) return { k: 'const', v: (parts[0] as string | undefined) ?? '' };
    return { k: 'fstr', parts };
  }

  private parenthesized(): Node {
    this.expect('(');
    if (this.eat(')')) return { k: 'tuple', elts: [] };
    const first = this.starOrTest();
    if (this.isKw('for')) {
      const node: Node = { k: 'comp', kind: 'gen', elt: first, gens: this.compFor() };
      this.expect(')');
      return node;
    }
    if (this.eat(')')) {
      if (first.k === 'star') this.fail("can't use starred expression here");
      return first;
    }
    const elts = [first];
    while (this.eat(',')) {
      if (this.isOp(')')) break;
      elts.push(this.starOrTest());
    }
    this.expect(')');
    return { k: 'tuple', elts };
  }

  private listDisplay(): Node {
    this.expect('[');
    const elts: Node[] = [];
    if (!this.isOp(']')) {
      const first = this.starOrTest();
      if (this.isKw('for')) {
        const node: Node = { k: 'comp', kind: 'list', elt: first, gens: this.compFor() };
        this.expect(']');
        return node;
      }
      elts.push(first);
      while (this.eat(',')) {
        if (this.isOp(']')) break;
        elts.push(this.starOrTest());
      }
    }
    this.expect(']');
    return { k: 'list', elts };
  }

  private dictOrSet(): Node {
    this.expect('{');
    if (this.eat('}')) return { k: 'dict', items: [] };
    if (this.eat('**')) return this.dictRest({ key: null, value: this.binary(0) });
    const first = this.starOrTest();
    if (this.eat(':')) {
      const value = this.test();
      if (this.isKw('for')) {
        const node: Node = { k: 'comp', kind: 'dict', elt: first, value, gens: this.compFor() };
        this.expect('}');
        return node;
      }
      return this.dictRest({ key: first, value });
    }
    if (this.isKw('for')) {
      const node: Node = { k: 'comp', kind: 'set', elt: first, gens: this.compFor() };
      this.expect('}');
      return node;
    }
    const elts = [first];
    while (this.eat(',')) {
      if (this.isOp('}')) break;
      elts.push(this.starOrTest());
    }
    this.expect('}');
    return { k: 'set', elts };
  }

  private dictRest(first: { key: Node | null; value: Node }): Node {
    const items = [first];
    while (this.eat(',')) {
      if (this.isOp('}')) break;
      if (this.eat('**')) {
        items.push({ key: null, value: this.binary(0) });
      } else {
        const key = this.test();
        this.expect(':');
        items.push({ key, value: this.test() });
      }
    }
    this.expect('}');
    return { k: 'dict', items };
  }
}

function pushPart(parts: Array<string | FField>, p: string | FField): void {
  if (typeof p === 'string' && typeof parts[parts.length - 1] === 'string') parts[parts.length - 1] += p;
  else parts.push(p);
}

function parseNumber(t: Tok, src: string, base: number): Node {
  const text = t.text.replace(/_/g, '');
  if (/[jJ]$/.test(text)) throw new PythonSyntaxError('complex numbers are not supported in templates', t.pos + base, src);
  if (/^0[xX]/.test(text)) return { k: 'const', v: parseInt(text.slice(2), 16) };
  if (/^0[oO]/.test(text)) return { k: 'const', v: parseInt(text.slice(2), 8) };
  if (/^0[bB]/.test(text)) return { k: 'const', v: parseInt(text.slice(2), 2) };
  if (/[.eE]/.test(text)) return { k: 'const', v: Number(text), float: true };
  if (/^0\d/.test(text) && /[1-9]/.test(text)) {
    throw new PythonSyntaxError('leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers', t.pos + base, src);
  }
  return { k: 'const', v: Number(text) };
}

/**
 * Splits an f-string body into literal text and replacement fields, as Python 3.11 does:
 * `{{`/`}}` are braces, `{expr!conv:spec}` a field whose spec may hold nested fields.
 */
function parseFString(body: string, raw: boolean, bodyPos: number, src: string): Array<string | FField> {
  const parts: Array<string | FField> = [];
  let lit = '';
  let i = 0;
  const flush = () => {
    if (lit) parts.push(raw ? lit : decodeEscapes(lit, bodyPos, src));
    lit = '';
  };
  while (i < body.length) {
    const c = body[i];
    if (c === '{' && body[i + 1] === '{') {
      lit += '{';
      i += 2;
    } else if (c === '}' && body[i + 1] === '}') {
      lit += '}';
      i += 2;
    } else if (c === '}') {
      throw new PythonSyntaxError("f-string: single '}' is not allowed", bodyPos + i, src);
    } else if (c === '{') {
      flush();
      const [field, end] = parseFField(body, i + 1, raw, bodyPos, src);
      parts.push(field);
      i = end;
    } else {
      lit += c;
      i++;
    }
  }
  flush();
  return parts;
}

/** Reads one `{...}` field starting after its `{`; returns the field and the index after its `}`. */
function parseFField(body: string, start: number, raw: boolean, bodyPos: number, src: string): [FField, number] {
  // Find the end of the expression: the first top-level `!`, `:`, `=` (self-documenting) or `}`.
  let depth = 0;
  let i = start;
  let quote: string | null = null;
  for (; i < body.length; i++) {
    const c = body[i];
    if (quote) {
      if (body.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = null;
      }
      continue;
    }
    if (c === '\\') throw new PythonSyntaxError('f-string expression part cannot include a backslash', bodyPos + i, src);
    if (c === "'" || c === '"') {
      quote = body.startsWith(c + c + c, i) ? c + c + c : c;
      i += quote.length - 1;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || (c === '}' && depth > 0)) depth--;
    else if (depth === 0) {
      if (c === '}' || c === ':') break;
      if (c === '!' && body[i + 1] !== '=') break;
      if (c === '=' && !/[=!<>]/.test(body[i - 1] ?? '') && body[i + 1] !== '=') break;
    }
  }
  if (i >= body.length) throw new PythonSyntaxError("f-string: expecting '}'", bodyPos + start - 1, src);
  const exprText = body.slice(start, i);
  if (!exprText.trim()) throw new PythonSyntaxError('f-string: empty expression not allowed', bodyPos + start, src);
  const expr = parseExpression(exprText, src, bodyPos + start);
  let debug: string | null = null;
  if (body[i] === '=') {
    i++;
    const wsEnd = /^\s*/.exec(body.slice(i))![0].length;
    debug = exprText + '=' + body.slice(i, i + wsEnd);
    i += wsEnd;
  }
  let conv: string | null = null;
  if (body[i] === '!') {
    conv = body[i + 1];
    if (!conv || !'rsa'.includes(conv)) {
      throw new PythonSyntaxError("f-string: invalid conversion character: expected 's', 'r', or 'a'", bodyPos + i, src);
    }
    i += 2;
  }
  let spec: Node | null = null;
  if (body[i] === ':') {
    i++;
    const specParts: Array<string | FField> = [];
    let lit = '';
    while (i < body.length && body[i] !== '}') {
      if (body[i] === '{') {
        if (lit) specParts.push(lit);
        lit = '';
        const [field, end] = parseFField(body, i + 1, raw, bodyPos, src);
        specParts.push(field);
        i = end;
      } else {
        lit += body[i++];
      }
    }
    if (lit) specParts.push(raw ? lit : decodeEscapes(lit, bodyPos, src));
    spec = specParts.length === 1 && typeof specParts[0] === 'string'
      ? { k: 'const', v: specParts[0] }
      : { k: 'fstr', parts: specParts };
  }
  if (body[i] !== '}') throw new PythonSyntaxError("f-string: expecting '}'", bodyPos + i, src);
  if (debug !== null && conv === null && spec === null) conv = 'r';
  return [{ expr, conv, spec, debug }, i + 1];
}

export function parseExpression(text: string, src: string, base: number): Node {
  let toks: Tok[];
  try {
    toks = tokenize(text);
  } catch (e) {
    if (e instanceof PythonSyntaxError) throw new PythonSyntaxError(e.message, e.offset + base, src);
    throw e;
  }
  return new Parser(toks, src, base).parseTop();
}
