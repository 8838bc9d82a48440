/**
 * `.pt` templates as Pyramid's docs write them, for nunjucks: `${expr}` and
 * `${structure: expr}` become nunjucks output tags, escaped as Chameleon escapes (`& < >` in
 * text, and `"` too inside attributes), with `None` rendering as nothing. The translation
 * keeps every line where it was, so a template error names the line of the `.pt` file.
 *
 * Python's spelling in expressions is mapped where nunjucks differs: `None`, `True`, `False`,
 * `x is None`, `x is not None`. Calls with keyword arguments (`route_url('hello', first='jane')`)
 * work as they are: nunjucks passes them as a trailing object.
 *
 * TAL attributes become nunjucks blocks around their element: `tal:define`, `tal:condition`,
 * `tal:repeat` (with `repeat.x.index`/`number`/`start`/`end`), `tal:content` and `tal:replace`
 * (`structure` for raw HTML), `tal:attributes` (None leaves the attribute out), `tal:omit-tag`,
 * and `<tal:block>` elements, which leave no tag. METAL macros and i18n are not translated.
 */

/** Nunjucks filter names the translation uses; the template environment defines them. */
export const PT_TEXT = 'pt_text';
export const PT_ATTR = 'pt_attr';
export const PT_STRUCTURE = 'pt_structure';

const textSpecials = /[&<>]/;

export function escapeText(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  if (!textSpecials.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(value: unknown): string {
  return escapeText(value).replace(/"/g, '&quot;');
}

// TAL's repeat variables (`repeat.page.number`), as nunjucks' `loop` of the innermost loop.
const repeatVariables: Record<string, string> = {
  index: 'loop.index0', number: 'loop.index', start: 'loop.first', end: 'loop.last', length: 'loop.length',
  even: '(loop.index0 % 2 == 0)', odd: '(loop.index0 % 2 == 1)',
};

/** Python spelling to nunjucks, outside string literals. */
export function translateExpression(expr: string): string {
  return expr.replace(
    /('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|\bis\s+not\s+None\b|\bis\s+None\b|\b(None|True|False)\b|\brepeat\.\w+\.(index|number|start|end|length|even|odd)\b/g,
    (whole, str: string | undefined, word: string | undefined, repeat: string | undefined) => {
      if (str) return str;
      if (word) return word === 'None' ? 'none' : word.toLowerCase();
      if (repeat) return repeatVariables[repeat];
      return /\bnot\b/.test(whole) ? '!= none' : '== none';
    },
  );
}

/** The end of a `${...}` expression starting at `start` (just after `${`): the index of its `}`. */
function expressionEnd(source: string, start: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < source.length; i++) {
    const ch = source[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '{') depth++;
    else if (ch === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

// Literal text that nunjucks would read as its own syntax.
const nunjucksSyntax = /\{[{%#]|[}%#]\}/;

function literal(text: string): string {
  return nunjucksSyntax.test(text) ? `{% raw %}${text}{% endraw %}` : text;
}

// The start of an attribute whose value has only just opened: ` href="`.
const wholeAttribute = /\s+[^\s=<>"'/]+\s*=\s*["']$/;

/** Names for the template variables a translation introduces (`_pt1`, `_pt2`, ...). */
class Names {
  private count = 0;
  next(): string {
    return `_pt${++this.count}`;
  }
}

/** `${...}` in a piece of markup (whole tags and text), line for line. */
function interpolate(source: string, name: string, names: Names): string {
  let out = '';
  let text = '';
  let inTag = false;
  let quote: string | null = null;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '$' && source[i + 1] === '{') {
      const end = expressionEnd(source, i + 2);
      if (end === -1) {
        const line = source.slice(0, i).split('\n').length;
        throw new Error(`${name}:${line}: '\${' is never closed`);
      }
      let expr = source.slice(i + 2, end).trim();
      let filter = inTag ? PT_ATTR : PT_TEXT;
      const structure = /^structure:\s*/.exec(expr);
      if (structure) {
        expr = expr.slice(structure[0].length);
        filter = PT_STRUCTURE;
      }
      const attribute = inTag && quote !== null && source[end + 1] === quote && filter === PT_ATTR ? wholeAttribute.exec(text) : null;
      if (attribute) {
        // An attribute that is just `${expr}` is left out when expr is None, as Chameleon does.
        const variable = names.next();
        out += literal(text.slice(0, attribute.index)) +
          `{% set ${variable} = (${translateExpression(expr)}) %}{% if ${variable} != none %}${attribute[0]}{{ ${variable} | ${PT_ATTR} }}${quote}{% endif %}`;
        text = '';
        i = end + 1;
        quote = null;
        continue;
      }
      out += literal(text) + `{{ (${translateExpression(expr)}) | ${filter} }}`;
      text = '';
      i = end;
      continue;
    }
    // Track whether we are inside a tag, so an expression in an attribute value escapes quotes.
    if (inTag) {
      if (quote) {
        if (ch === quote) quote = null;
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '>') inTag = false;
    } else if (ch === '<' && /[A-Za-z]/.test(source[i + 1] ?? '')) {
      inTag = true;
    }
    text += ch;
  }
  return out + literal(text);
}

// ---------------------------------------------------------------------------------------------
// TAL: tal:define, tal:condition, tal:repeat, tal:content, tal:replace, tal:attributes,
// tal:omit-tag, and <tal:block> elements, as nunjucks blocks around the element.

interface Attribute {
  name: string;
  value: string | null;
  raw: string;
}

interface Token {
  kind: 'text' | 'start' | 'end';
  raw: string;
  tag?: string;
  attributes?: Attribute[];
  selfClosing?: boolean;
}

const voidElements = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

/** Where a tag that starts at `start` ends (just past its `>`), skipping quotes and `${...}`. */
function tagEnd(source: string, start: number): number {
  let quote: string | null = null;
  for (let i = start + 1; i < source.length; i++) {
    const ch = source[i];
    if (ch === '$' && source[i + 1] === '{') {
      const end = expressionEnd(source, i + 2);
      if (end !== -1) i = end;
    } else if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '>') return i + 1;
  }
  return -1;
}

const attributeRe = /(\s+)([^\s=<>"'/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/y;

function parseStartTag(raw: string): { tag: string; attributes: Attribute[]; selfClosing: boolean } {
  const tag = /^<([^\s/>]+)/.exec(raw)![1];
  const attributes: Attribute[] = [];
  const body = raw.slice(tag.length + 1, raw.endsWith('/>') ? -2 : -1);
  attributeRe.lastIndex = 0;
  let m: RegExpExecArray | null;
  // Attribute values may hold ${...} with spaces: fall back to keeping the rest as it is.
  while ((m = attributeRe.exec(body)) !== null) {
    const value = m[3] === undefined ? null : /^["']/.test(m[3]) ? m[3].slice(1, -1) : m[3];
    attributes.push({ name: m[2], value, raw: m[0] });
  }
  const consumed = attributes.reduce((n, a) => n + a.raw.length, 0);
  if (consumed < body.trimEnd().length) attributes.push({ name: '', value: null, raw: body.slice(consumed) });
  return { tag, attributes, selfClosing: raw.endsWith('/>') };
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let text = '';
  for (let i = 0; i < source.length; ) {
    if (source[i] === '<' && /[A-Za-z/]/.test(source[i + 1] ?? '') && !source.startsWith('<!--', i)) {
      const end = tagEnd(source, i);
      if (end !== -1) {
        if (text) tokens.push({ kind: 'text', raw: text });
        text = '';
        const raw = source.slice(i, end);
        if (raw[1] === '/') tokens.push({ kind: 'end', raw, tag: raw.slice(2, -1).trim() });
        else tokens.push({ kind: 'start', raw, ...parseStartTag(raw) });
        i = end;
        continue;
      }
    }
    text += source[i++];
  }
  if (text) tokens.push({ kind: 'text', raw: text });
  return tokens;
}

/** The index of the end token matching the start token at `index`, or -1 for a void or self-closed one. */
function matchingEnd(tokens: Token[], index: number): number {
  const start = tokens[index];
  if (start.selfClosing || voidElements.has(start.tag!.toLowerCase())) return -1;
  let depth = 0;
  for (let i = index; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.tag !== start.tag) continue;
    if (t.kind === 'start' && !t.selfClosing) depth++;
    else if (t.kind === 'end' && --depth === 0) return i;
  }
  return -1;
}

/** A TAL expression (with `python:`, `not:`, `string:` or `structure` prefixes) as nunjucks. */
function talExpression(expr: string): { code: string; structure: boolean } {
  let text = expr.trim();
  let structure = false;
  const kind = /^(structure|text)\s+/.exec(text);
  if (kind) {
    structure = kind[1] === 'structure';
    text = text.slice(kind[0].length);
  }
  if (text.startsWith('python:')) text = text.slice(7);
  else if (text.startsWith('not:')) return { code: `not (${talExpression(text.slice(4)).code})`, structure };
  else if (text.startsWith('string:')) {
    const parts = text.slice(7).split(/(\$\{[^}]*\})/).filter((part) => part !== '');
    return { code: parts.map((part) => (part.startsWith('${') ? `(${translateExpression(part.slice(2, -1))})` : JSON.stringify(part))).join(' ~ ') || '""', structure };
  }
  return { code: translateExpression(text.trim()), structure };
}

/** `name expr; name2 expr2` (TAL's define and attributes lists; `;;` is a literal semicolon). */
function talPairs(value: string): Array<[string, string]> {
  return value
    .split(/;(?!;)/)
    .map((part) => part.replace(/;;/g, ';').trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^(?:(?:local|global)\s+)?([^\s]+)\s+([\s\S]*)$/.exec(part);
      if (!m) throw new Error(`TAL: ${JSON.stringify(part)} is not 'name expression'`);
      return [m[1], m[2]];
    });
}

/** Keeps a removed piece's line breaks, so that later lines keep their numbers. */
function lineKeeper(removed: string): string {
  const breaks = removed.split('\n').length - 1;
  return breaks ? `{#${'\n'.repeat(breaks)}#}` : '';
}

type Piece = { markup: string } | { code: string };

function talAttributes(token: Token): Map<string, string> {
  const tal = new Map<string, string>();
  const isTalElement = token.tag!.startsWith('tal:');
  for (const a of token.attributes ?? []) {
    if (a.name.startsWith('tal:')) tal.set(a.name.slice(4), a.value ?? '');
    else if (isTalElement && a.name) tal.set(a.name, a.value ?? '');
  }
  return tal;
}

/** The start tag without its TAL attributes, with tal:attributes applied. */
function startTag(token: Token, tal: Map<string, string>, names: Names): Piece[] {
  const setting = new Map(tal.has('attributes') ? talPairs(tal.get('attributes')!) : []);
  let markup = `<${token.tag}`;
  let removed = '';
  const pieces: Piece[] = [];
  for (const a of token.attributes ?? []) {
    if (a.name.startsWith('tal:') || setting.has(a.name)) removed += a.raw;
    else markup += a.raw;
  }
  pieces.push({ markup });
  for (const [name, expr] of setting) {
    const variable = names.next();
    pieces.push({ code: `{% set ${variable} = (${talExpression(expr).code}) %}{% if ${variable} != none %} ${name}="{{ ${variable} | ${PT_ATTR} }}"{% endif %}` });
  }
  pieces.push({ markup: token.selfClosing ? '/>' : '>' }, { code: lineKeeper(removed) });
  return pieces;
}

function translateTokens(tokens: Token[], from: number, to: number, names: Names, out: Piece[]): void {
  for (let i = from; i < Math.min(to, tokens.length); i++) {
    const token = tokens[i];
    const tal = token.kind === 'start' ? talAttributes(token) : null;
    if (!tal || (tal.size === 0 && !token.tag!.startsWith('tal:'))) {
      out.push({ markup: token.raw });
      continue;
    }
    const end = matchingEnd(tokens, i);
    const last = end === -1 ? i : end;
    const close: Piece[] = [];
    for (const [name, expr] of tal.has('define') ? talPairs(tal.get('define')!) : []) out.push({ code: `{% set ${name} = (${talExpression(expr).code}) %}` });
    if (tal.has('condition')) {
      out.push({ code: `{% if ${talExpression(tal.get('condition')!).code} %}` });
      close.unshift({ code: '{% endif %}' });
    }
    if (tal.has('repeat')) {
      const [[name, expr]] = talPairs(tal.get('repeat')!);
      out.push({ code: `{% for ${name} in (${talExpression(expr).code}) %}` });
      close.unshift({ code: '{% endfor %}' });
    }
    const omit = token.tag!.startsWith('tal:') || tal.has('replace') || (tal.has('omit-tag') && tal.get('omit-tag')!.trim() === '');
    const omitWhen = !omit && tal.has('omit-tag') ? talExpression(tal.get('omit-tag')!).code : null;
    const wrap = (pieces: Piece[]) => (omitWhen ? [{ code: `{% if not (${omitWhen}) %}` }, ...pieces, { code: '{% endif %}' }] : pieces);
    if (omit) out.push({ code: lineKeeper(token.raw) });
    else out.push(...wrap(startTag(token, tal, names)));
    const replacement = tal.get('replace') ?? tal.get('content');
    if (replacement !== undefined) {
      const { code, structure } = talExpression(replacement);
      out.push({ code: `{{ (${code}) | ${structure ? PT_STRUCTURE : PT_TEXT} }}` });
      // The element's own content is replaced; keep its lines.
      out.push({ code: lineKeeper(tokens.slice(i + 1, last).map((t) => t.raw).join('')) });
    } else if (end !== -1) {
      translateTokens(tokens, i + 1, end, names, out);
    }
    if (end !== -1) {
      if (omit) out.push({ code: lineKeeper(tokens[end].raw) });
      else out.push(...wrap([{ markup: tokens[end].raw }]));
    }
    out.push(...close);
    i = last;
  }
}

/** Translates a Chameleon template to nunjucks source, line for line. */
export function translate(source: string, name = '<template>'): string {
  const names = new Names();
  if (!/\btal:/.test(source)) return interpolate(source, name, names);
  const pieces: Piece[] = [];
  translateTokens(tokenize(source), 0, Infinity, names, pieces);
  return pieces.map((piece) => ('code' in piece ? piece.code : interpolate(piece.markup, name, names))).join('');
}
