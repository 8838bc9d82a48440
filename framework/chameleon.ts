/**
 * `.pt` templates as Pyramid's docs write them, for nunjucks: `${expr}` and
 * `${structure: expr}` become nunjucks output tags, escaped as Chameleon escapes (`& < >` in
 * text, and `"` too inside attributes), with `None` rendering as nothing. The translation
 * keeps every line where it was, so a template error names the line of the `.pt` file.
 *
 * Python's spelling in expressions is mapped where nunjucks differs: `None`, `True`, `False`,
 * `x is None`, `x is not None`. Calls with keyword arguments (`route_url('hello', first='jane')`)
 * work as they are: nunjucks passes them as a trailing object.
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

/** Python spelling to nunjucks, outside string literals. */
export function translateExpression(expr: string): string {
  return expr.replace(/('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|\bis\s+not\s+None\b|\bis\s+None\b|\b(None|True|False)\b/g, (whole, str: string | undefined, word: string | undefined) => {
    if (str) return str;
    if (word) return word === 'None' ? 'none' : word.toLowerCase();
    return /\bnot\b/.test(whole) ? '!= none' : '== none';
  });
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

/** Translates a Chameleon template to nunjucks source, line for line. */
export function translate(source: string, name = '<template>'): string {
  let out = '';
  let text = '';
  let inTag = false;
  let quote: string | null = null;
  let counter = 0;
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
        const name = `_pt${++counter}`;
        out += literal(text.slice(0, attribute.index)) +
          `{% set ${name} = (${translateExpression(expr)}) %}{% if ${name} != none %}${attribute[0]}{{ ${name} | ${PT_ATTR} }}${quote}{% endif %}`;
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
