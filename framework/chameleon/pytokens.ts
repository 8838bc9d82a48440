/**
 * The tokenizer of Python expressions (see pyexpr.ts): names, numbers, string literals with
 * their prefixes and escapes (f-strings keep their body for pyparser.ts), operators, and the
 * bracket matching that gives Python's "'(' was never closed" errors.
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
export interface Tok {
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

export const KEYWORDS = new Set([
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

export function tokenize(src: string): Tok[] {
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
    // A comment runs to the end; Chameleon has turned newlines into spaces, so that is the end of the expression.
    if (c === '#') break;
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
  for (;;) {
    if (i >= src.length) {
      throw new PythonSyntaxError(
        triple ? 'unterminated triple-quoted string literal' : 'unterminated string literal', start, src);
    }
    if (src.startsWith(quote, i)) break;
    if (!triple && src[i] === '\n') throw new PythonSyntaxError('unterminated string literal', start, src);
    i += src[i] === '\\' ? 2 : 1;
  }
  const body = src.slice(bodyPos, i);
  // Raw strings keep their backslashes; an f-string's literal parts are decoded by the parser.
  const value = raw || fstring ? body : decodeEscapes(body, bodyPos, src);
  const end = i + quote.length;
  return { kind: 'str', text: src.slice(start, end), pos: start, value, fstring, bodyPos, raw: raw ? 'r' : '' };
}

/** Python's escape sequences in the body of a string literal that starts at `bodyPos` of `src`. */
export function decodeEscapes(body: string, bodyPos: number, src: string): string {
  if (!body.includes('\\')) return body;
  let value = '';
  for (let i = 0; i < body.length; ) {
    const c = body[i];
    if (c !== '\\') {
      value += c;
      i++;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) {
      value += c;
      i++;
    } else if (e in SIMPLE_ESCAPES) {
      value += SIMPLE_ESCAPES[e];
      i += 2;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) {
        throw new PythonSyntaxError(`(unicode error) truncated \\${e}${'X'.repeat(len)} escape`, bodyPos + i, src);
      }
      value += String.fromCodePoint(parseInt(hex, 16));
      i += 2 + len;
    } else if (/[0-7]/.test(e)) {
      const m = /^[0-7]{1,3}/.exec(body.slice(i + 1))![0];
      value += String.fromCodePoint(parseInt(m, 8));
      i += 1 + m.length;
    } else if (e === 'N') {
      throw new PythonSyntaxError('\\N{...} escapes are not supported in templates', bodyPos + i, src);
    } else {
      value += '\\' + e;
      i += 2;
    }
  }
  return value;
}
