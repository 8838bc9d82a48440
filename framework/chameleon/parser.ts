/**
 * Chameleon's XML tokenizer and element parser, ported rule for rule (chameleon/tokenize.py and
 * parser.py), so that a template's source formatting survives exactly as Chameleon keeps it:
 * every token keeps its offset in the source (for errors' line and column), tags keep their
 * prefix, suffix and each attribute's space, `=` and quote, and unclosed start tags (`<br>`)
 * stay start tags whose following content stays at the parent's level.
 */
import { TemplateError } from './errors';
import { sub, type Token } from './source';

export type { Token };

// --- tokenize.py's regular expressions (Shallow Parsing with Regular Expressions, Cameron) -----
const TextSE = '[^<]+';
const UntilHyphen = '[^-]*-';
const Until2Hyphens = `${UntilHyphen}(?:[^-]${UntilHyphen})*-`;
const CommentCE = `${Until2Hyphens}>?`;
const UntilRSBs = '[^\\]]*](?:[^\\]]+])*]+';
const CDATA_CE = `${UntilRSBs}(?:[^\\]>]${UntilRSBs})*>`;
const S = '[ \\n\\t\\r]+';
const Simple = '[^"\'>/]+';
const NameStrt = '[A-Za-z_:@]|[^\\x00-\\x7F]';
const NameChar = '[A-Za-z0-9_:.-]|[^\\x00-\\x7F]';
const Name = `(?:${NameStrt})(?:${NameChar})*`;
const QuoteSE = '"[^"]*"|\'[^\']*\'';
const DT_IdentSE = `${S}${Name}(?:${S}(?:${Name}|${QuoteSE}))*`;
const MarkupDeclCE = `(?:[^\\]"'><]+|${QuoteSE})*>`;
const S1 = '[\\n\\r\\t ]';
const UntilQMs = '[^?]*\\?+';
const PI_Tail = `\\?>|${S1}${UntilQMs}(?:[^>?]${UntilQMs})*>`;
const DT_ItemSE = `<(?:!(?:--${Until2Hyphens}>|[^-]${MarkupDeclCE})|\\?${Name}(?:${PI_Tail}))|%${Name};|${S}`;
const DocTypeCE = `${DT_IdentSE}(?:${S})?(?:\\[(?:${DT_ItemSE})*](?:${S})?)?>?`;
const DeclCE = `--(?:${CommentCE})?|\\[CDATA\\[(?:${CDATA_CE})?|DOCTYPE(?:${DocTypeCE})?`;
const PI_CE = `${Name}(?:${PI_Tail})?`;
const EndTagCE = `${Name}(?:${S})?>?`;
const AttValSE = '"[^"]*"|\'[^\']*\'|[^\\s=<>`]+';
const ElemTagCE = `(?:${Name})(?:(?:${S})(?:${Name})(?:(?:(?:${S})?=(?:${S})?)(?:${AttValSE}|${Simple})|(?!(?:${S})?=)))*(?:${S})?(?:/?>)?`;
const MarkupSPE = `<(?:!(?:${DeclCE})?|\\?(?:${PI_CE})?|/(?:${EndTagCE})?|(?:${ElemTagCE})?)`;
const XML_SPE = new RegExp(`${TextSE}|${MarkupSPE}`, 'g');

/** Splits a template into text and markup tokens, as Chameleon's `iter_xml`. */
export function tokenize(body: string): Token[] {
  const tokens: Token[] = [];
  XML_SPE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = XML_SPE.exec(body)) !== null) {
    if (m[0] === '') {
      XML_SPE.lastIndex++;
      continue;
    }
    tokens.push({ text: m[0], pos: m.index });
  }
  return tokens;
}

// --- parser.py ------------------------------------------------------------------------------

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
export const TAL = 'http://xml.zope.org/namespaces/tal';
export const METAL = 'http://xml.zope.org/namespaces/metal';
export const I18N = 'http://xml.zope.org/namespaces/i18n';
export const META = 'http://xml.zope.org/namespaces/meta';

const DEFAULT_NAMESPACES: Record<string, string> = {
  xmlns: XMLNS_NS, xml: XML_NS, tal: TAL, metal: METAL, i18n: I18N, meta: META,
};

export interface Attribute {
  space: Token;
  name: Token;
  eq: string;
  quote: string;
  value: Token;
}

export interface Tag {
  prefix: Token;
  name: Token;
  suffix: string;
  space: string;
  attrs: Attribute[];
  /** The namespace URI of the element's prefix (XML_NS when none). */
  namespace: string;
  /** `namespace-uri localname` → value, in attribute order. */
  nsAttrs: Map<string, Token>;
  /** `namespace-uri localname` → the local name as written (for errors). */
  nsNames: Map<string, Token>;
}

export type Item =
  | { kind: 'text' | 'comment' | 'cdata' | 'default'; token: Token }
  | { kind: 'pi'; name: string; text: Token; token: Token }
  | { kind: 'element'; start: Tag; end: Tag | null; children: Item[] }
  | { kind: 'start_tag'; start: Tag };

const matchTagPrefixAndName = /^(<\/?)(([^:\n\r ]+:)?[^ \n\t\r>/]+)((\s*)\/?>)?/;
// `[ \\n\\t\\r]` (a space, a backslash, n, t, r) is as Chameleon writes it in a raw string.
const matchSingleAttribute = /(\s+)(?!\d)([^ =/>\n\t\r]+)(?:(\s*=\s*)(?:(['"])([\s\S]*?)\4|([^\s'">/]+))|(?![ \\n\\t\\r]*=))/g;
const matchDoubleHyphen = /--(?!(-)*>)/;
const matchProcessingInstruction = /^<\?(\w+)([\s\S]*?)\?>/;

/** The key of a namespaced attribute in `Tag.nsAttrs`. */
export function nsKey(ns: string, name: string): string {
  return `${ns} ${name}`;
}

function matchTag(token: Token): Omit<Tag, 'namespace' | 'nsAttrs' | 'nsNames'> {
  const m = matchTagPrefixAndName.exec(token.text);
  if (!m) throw new TemplateError('A tag without a name.', token);
  const tag = {
    prefix: sub(token, 0, m[1].length),
    name: sub(token, m[1].length, m[1].length + m[2].length),
    suffix: m[4] ?? '',
    space: m[5] ?? '',
    attrs: [] as Attribute[],
  };
  const rest = sub(token, m[0].length);
  matchSingleAttribute.lastIndex = 0;
  let a: RegExpExecArray | null;
  while ((a = matchSingleAttribute.exec(rest.text)) !== null) {
    const at = a.index;
    const space = sub(rest, at, at + a[1].length);
    const name = sub(rest, at + a[1].length, at + a[1].length + a[2].length);
    const afterName = at + a[1].length + a[2].length;
    let attr: Attribute;
    if (a[3] === undefined) {
      attr = { space, name, eq: '', quote: '', value: { text: '', pos: rest.pos + afterName } };
    } else {
      const valueStart = afterName + a[3].length + (a[4] ? 1 : 0);
      const value = a[5] ?? a[6] ?? '';
      attr = { space, name, eq: a[3], quote: a[4] ?? '', value: sub(rest, valueStart, valueStart + value.length) };
    }
    tag.attrs.push(attr);
    tag.suffix = rest.text.slice(matchSingleAttribute.lastIndex);
    if (a[0] === '') matchSingleAttribute.lastIndex++;
  }
  return tag;
}

function parseTag(token: Token, namespace: Record<string, string>): Tag {
  const node = matchTag(token);
  for (const attr of node.attrs) {
    const name = attr.name.text;
    if (name === 'xmlns') namespace[''] = attr.value.text;
    else if (name.startsWith('xmlns:')) namespace[name.slice(6)] = attr.value.text;
  }
  const colon = node.name.text.indexOf(':');
  const prefix = colon === -1 ? '' : node.name.text.slice(0, colon);
  const ns = namespace[prefix] ?? XML_NS;
  const nsAttrs = new Map<string, Token>();
  const nsNames = new Map<string, Token>();
  for (const attr of node.attrs) {
    let name = attr.name.text;
    let attrNs = ns;
    const c = name.indexOf(':');
    nsNames.set(nsKey(attrNs, name), attr.name);
    if (c !== -1) {
      const p = name.slice(0, c);
      name = name.slice(c + 1);
      if (!(p in namespace)) throw new TemplateError(`Undefined namespace prefix: ${p}.`, attr.name);
      attrNs = namespace[p];
    }
    nsAttrs.set(nsKey(attrNs, name), attr.value);
    nsNames.set(nsKey(attrNs, name), sub(attr.name, c + 1));
  }
  return { ...node, namespace: ns, nsAttrs, nsNames };
}

function identify(text: string, token: Token): string {
  if (!text.startsWith('<')) return 'text';
  if (text.startsWith('<!--')) {
    const m = matchDoubleHyphen.exec(text.slice(4));
    if (m) throw new TemplateError("The string '--' is not allowed in a comment.", sub(token, 4 + m.index, 4 + m.index + m[0].length));
    return 'comment';
  }
  if (text.startsWith('<![CDATA[')) return 'cdata';
  if (text.startsWith('<!')) return 'declaration';
  if (text.startsWith('<?xml')) return 'xml_declaration';
  if (text.startsWith('<?')) return 'processing_instruction';
  if (text.startsWith('</')) return 'end_tag';
  if (text.endsWith('/>')) return 'empty_tag';
  if (text.endsWith('>')) return 'start_tag';
  return 'error';
}

/** How a template's source is read: markup (`.pt`) or plain text (`.txt`, only `${...}`). */
export type Mode = 'xml' | 'text';

/** Parses a template body into Chameleon's element tree (text mode: the body is one token). */
export function parse(body: string, mode: Mode = 'xml'): Item[] {
  const queue: Item[] = [];
  const index: Array<[string, number]> = [];
  const namespaces: Array<Record<string, string>> = [{ ...DEFAULT_NAMESPACES }];
  for (const token of mode === 'text' ? [{ text: body, pos: 0 }] : tokenize(body)) {
    const kind = identify(token.text, token);
    let item: Item;
    switch (kind) {
      case 'text':
      case 'comment':
      case 'cdata':
        item = { kind, token };
        break;
      case 'processing_instruction': {
        const m = matchProcessingInstruction.exec(token.text);
        item = m ? { kind: 'pi', name: m[1], text: sub(token, 2 + m[1].length, 2 + m[1].length + m[2].length), token } : { kind: 'default', token };
        break;
      }
      case 'start_tag': {
        const namespace = { ...namespaces[namespaces.length - 1] };
        namespaces.push(namespace);
        const start = parseTag(token, namespace);
        index.push([start.name.text, queue.length]);
        item = { kind: 'start_tag', start };
        break;
      }
      case 'end_tag': {
        const namespace = namespaces.pop();
        if (!namespace || namespaces.length === 0) throw new TemplateError('Unexpected end tag.', token);
        const end = parseTag(token, namespace);
        let found: Item | null = null;
        while (index.length) {
          const [name, pos] = index.pop()!;
          if (name === end.name.text) {
            const [startItem] = queue.splice(pos, 1);
            const children = queue.splice(pos);
            found = { kind: 'element', start: (startItem as { start: Tag }).start, end, children };
            break;
          }
        }
        if (!found) throw new TemplateError('Unexpected end tag.', token);
        item = found;
        break;
      }
      case 'empty_tag':
      case 'xml_declaration':
        item = { kind: 'element', start: parseTag(token, { ...namespaces[namespaces.length - 1] }), end: null, children: [] };
        break;
      default:
        item = { kind: 'default', token };
    }
    queue.push(item);
  }
  return queue;
}
