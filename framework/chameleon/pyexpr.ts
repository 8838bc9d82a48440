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

/** A syntax error in a Python expression, found when it is compiled; `offset` is the 0-based column. */
export class PythonSyntaxError extends Error {
  constructor(message: string, readonly offset: number, readonly source: string) {
    super(message);
    this.name = 'PythonSyntaxError';
  }
}

// ---------------------------------------------------------------------------------------------
// Tokens

type TokKind = 'name' | 'num' | 'str' | 'op' | 'end';
interface Tok {
  kind: TokKind;
  text: string;
  pos: number;
  /** For strings: the decoded value and prefix flags. */
  value?: string;
  fstring?: boolean;
  /** For f-strings: the offset in the source where the body starts (after prefix and quotes). */
  bodyPos?: number;
  raw?: string;
}

const KEYWORDS = new Set([
  'and', 'or', 'not', 'in', 'is', 'if', 'else', 'for', 'lambda', 'None', 'True', 'False',
  'async', 'await', 'yield', 'from', 'import', 'def', 'class', 'return', 'del', 'pass', 'raise',
  'try', 'except', 'finally', 'while', 'with', 'as', 'assert', 'break', 'continue', 'global',
  'nonlocal', 'elif',
]);

// Longest first, so that `**` wins over `*`.
const OPERATORS = [
  '**=', '//=', '>>=', '<<=', '...', '!=', '==', '<=', '>=', '**', '//', '<<', '>>', '->', ':=',
  '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=',
  '+', '-', '*', '/', '%', '@', '<', '>', '(', ')', '[', ']', '{', '}', ',', ':', '.', ';', '=',
  '~', '&', '|', '^',
];

// Python's identifiers (XID_Start XID_Continue*), read by code point: a subset of JS's.
const NAME_RE = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const NAME_CHAR = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_]/u;
const NUMBER_RE =
  /(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:\d(?:_?\d)*)?\.?\d(?:_?\d)*(?:[eE][+-]?\d(?:_?\d)*)?|\d(?:_?\d)*\.)(?:[jJ])?/y;
const STRING_PREFIX_RE = /(?:[rR][bBfF]?|[bBfF][rR]?|[uU])?(?='|")/y;

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  const brackets: Array<{ ch: string; pos: number }> = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if (c === '\\' && /^\\[ \t]*(\r?\n|$)/.test(src.slice(i, i + 80))) {
      i++;
      continue;
    }
    if (c === '#') throw new PythonSyntaxError('comments are not allowed in an expression', i, src);
    STRING_PREFIX_RE.lastIndex = i;
    const pm = STRING_PREFIX_RE.exec(src);
    if (pm) {
      toks.push(readString(src, i, pm[0]));
      i = toks[toks.length - 1].pos + toks[toks.length - 1].text.length;
      continue;
    }
    NAME_RE.lastIndex = i;
    const name = NAME_RE.exec(src);
    if (name) {
      toks.push({ kind: 'name', text: name[0].normalize('NFKC'), pos: i });
      i += name[0].length;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      NUMBER_RE.lastIndex = i;
      const m = NUMBER_RE.exec(src);
      if (!m) throw new PythonSyntaxError('invalid decimal literal', i, src);
      const end = i + m[0].length;
      if (end < n && NAME_CHAR.test(src[end])) throw new PythonSyntaxError('invalid decimal literal', i, src);
      toks.push({ kind: 'num', text: m[0], pos: i });
      i = end;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (!op) throw new PythonSyntaxError(`invalid character '${c}' (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`, i, src);
    if (op === '(' || op === '[' || op === '{') brackets.push({ ch: op, pos: i });
    else if (op === ')' || op === ']' || op === '}') {
      const open = brackets.pop();
      const want = open && { '(': ')', '[': ']', '{': '}' }[open.ch];
      if (want !== op) {
        throw new PythonSyntaxError(
          open ? `closing parenthesis '${op}' does not match opening parenthesis '${open.ch}'` : `unmatched '${op}'`, i, src);
      }
    }
    toks.push({ kind: 'op', text: op, pos: i });
    i += op.length;
  }
  if (brackets.length) {
    const open = brackets[brackets.length - 1];
    throw new PythonSyntaxError(`'${open.ch}' was never closed`, open.pos, src);
  }
  toks.push({ kind: 'end', text: '', pos: n });
  return toks;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\n': '', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

function readString(src: string, start: number, prefix: string): Tok {
  const lower = prefix.toLowerCase();
  if (lower.includes('b')) throw new PythonSyntaxError('bytes literals are not supported in templates', start, src);
  const raw = lower.includes('r');
  const fstring = lower.includes('f');
  let i = start + prefix.length;
  const q = src[i];
  const triple = src.startsWith(q + q + q, i);
  const quote = triple ? q + q + q : q;
  i += quote.length;
  const bodyPos = i;
  let value = '';
  for (;;) {
    if (i >= src.length) {
      throw new PythonSyntaxError(
        triple ? 'unterminated triple-quoted string literal' : 'unterminated string literal', start, src);
    }
    if (src.startsWith(quote, i)) break;
    const c = src[i];
    if (c === '\\') {
      if (raw || fstring) {
        // Raw strings keep the backslash; f-strings decode escapes per literal part later.
        value += c + (src[i + 1] ?? '');
        i += 2;
        continue;
      }
      const e = src[i + 1];
      if (e === undefined) continue;
      if (e in SIMPLE_ESCAPES) {
        value += SIMPLE_ESCAPES[e];
        i += 2;
      } else if (e === 'x' || e === 'u' || e === 'U') {
        const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = src.slice(i + 2, i + 2 + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) {
          throw new PythonSyntaxError(`(unicode error) truncated \\${e}${'X'.repeat(len)} escape`, i, src);
        }
        value += String.fromCodePoint(parseInt(hex, 16));
        i += 2 + len;
      } else if (/[0-7]/.test(e)) {
        const m = /^[0-7]{1,3}/.exec(src.slice(i + 1))![0];
        value += String.fromCodePoint(parseInt(m, 8));
        i += 1 + m.length;
      } else if (e === 'N') {
        throw new PythonSyntaxError('\\N{...} escapes are not supported', i, src);
      } else {
        value += '\\' + e;
        i += 2;
      }
      continue;
    }
    if (!triple && c === '\n') throw new PythonSyntaxError('unterminated string literal', start, src);
    value += c;
    i++;
  }
  const end = i + quote.length;
  return { kind: 'str', text: src.slice(start, end), pos: start, value, fstring, bodyPos, raw: raw ? 'r' : '' };
}

/** Decodes the escapes of one literal part of a non-raw f-string. */
function decodeEscapes(text: string, pos: number, src: string): string {
  if (!text.includes('\\')) return text;
  const tok = readString(text.replace(/"/g, '\\"') + '"', 0, '');
  void pos;
  void src;
  return tok.value!;
}

// ---------------------------------------------------------------------------------------------
// Syntax tree

type Target = string | Target[];

interface Comprehension {
  target: Target;
  iter: Node;
  ifs: Node[];
}

type Node =
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

interface FField {
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
      return typeof t === 'string' ? t : t;
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

function parseExpression(text: string, src: string, base: number): Node {
  let toks: Tok[];
  try {
    toks = tokenize(text);
  } catch (e) {
    if (e instanceof PythonSyntaxError) throw new PythonSyntaxError(e.message, e.offset + base, src);
    throw e;
  }
  return new Parser(toks, src, base).parseTop();
}

// ---------------------------------------------------------------------------------------------
// Code generation

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
  // As Chameleon: strip, line continuations become newlines, newlines become spaces.
  return source.trim().replace(/\\\s*$/gm, '\n').replace(/\n/g, ' ');
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
