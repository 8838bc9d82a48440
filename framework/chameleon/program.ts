/**
 * Chameleon's MacroProgram (chameleon/zpt/program.py), ported: the parsed element tree becomes a
 * tree of nodes saying what to output and when (TAL's define, condition, repeat, content,
 * replace, attributes, omit-tag, on-error, switch/case; METAL's macros and slots; i18n), in
 * Chameleon's order of operations and with its whitespace rules. compiler.ts turns the nodes into
 * JavaScript.
 */
import { parse, nsKey, type Item, type Tag, type Mode, TAL, METAL, I18N, META, XMLNS_NS } from './parser';
import { sub, type Token } from './source';
import { TemplateError } from './errors';
import { decodeHtmlEntities } from './runtime';

/** How a value is escaped when converted to text: null for not at all (structure). */
export interface Escape {
  quote: string | null;
  entity: string;
}

const TEXT_ESCAPE: Escape = { quote: '\0', entity: '&#0;' };

/** An expression (identity matters: a cached expression is evaluated once). */
export type Expr =
  | { e: 'value'; tok: Token }
  | { e: 'subst'; tok: Token; escape: Escape | null; dflt: string | null }
  | { e: 'interp'; tok: Token; escape: Escape | null; braces: boolean }
  | { e: 'negate'; value: Expr }
  | { e: 'isDefault'; value: Expr }
  | { e: 'static'; js: string }
  /** A boolean attribute's value: its name when true, dropped when false, `dflt` for `default`. */
  | { e: 'bool'; tok: Token; name: string; dflt: string | null };

export interface Assignment {
  names: string[];
  expr: Expr;
  local: boolean;
  token: Token;
}

interface FillSlot {
  name: string;
  node: Node;
}

export type Node =
  | { k: 'seq'; items: Node[] }
  | { k: 'text'; s: string }
  | { k: 'interp'; expr: Expr }
  | { k: 'content'; expr: Expr; escape: boolean; translate: boolean }
  | { k: 'element'; start: Node; end: Node | null; content: Node }
  | { k: 'start'; head: string; suffix: string; attrs: Node[] }
  | { k: 'attr'; name: string; format: [string, string]; expr: Expr | null; text: string | null; filters: Expr[]; msgid?: string | null }
  | { k: 'dictattrs'; expr: Expr; exclude: string[] }
  | { k: 'cond'; test: Expr; body: Node; orelse?: Node }
  | { k: 'define'; aliases: Array<[string, Expr]>; assignments: Assignment[]; body: Node }
  | { k: 'repeat'; names: string[]; expr: Expr; local: boolean; whitespace: string; body: Node; token: Token }
  | { k: 'cache'; exprs: Expr[]; body: Node }
  | { k: 'case'; switchExpr: Expr; value: Expr; body: Node }
  | { k: 'useMacro'; expr: Expr; slots: FillSlot[]; extend: boolean }
  | { k: 'useInternal'; name: string }
  | { k: 'defineSlot'; name: string; body: Node }
  | { k: 'translate'; msgid: string | null; body: Node }
  | { k: 'i18nName'; name: string; body: Node; token: Token }
  | { k: 'i18nScope'; key: 'domain' | 'context'; name: string; body: Node }
  | { k: 'onError'; fallback: Node; body: Node };

const TAL_WHITELIST = new Set(['define', 'comment', 'condition', 'content', 'replace', 'repeat', 'attributes', 'on-error', 'omit-tag', 'script', 'switch', 'case', 'xmlns', 'xml']);
const METAL_WHITELIST = new Set(['define-macro', 'extend-macro', 'use-macro', 'define-slot', 'fill-slot', 'xmlns', 'xml']);
const I18N_WHITELIST = new Set(['translate', 'domain', 'context', 'target', 'source', 'attributes', 'data', 'name', 'mode', 'xmlns', 'xml', 'comment', 'ignore', 'ignore-attributes']);
const DROP_NS = new Set([TAL, METAL, I18N, META]);
const DISALLOWED_NAMES = new Set(['econtext', 'rcontext', 'str', 'int', 'float', 'long', 'len', 'None', 'True', 'False', 'RuntimeError']);

const NAME = '[a-zA-Z_][-a-zA-Z0-9_]*';
const DEFINE_RE = new RegExp(`^\\s*(?:(global|local)\\s+)?(${NAME}|\\(${NAME}(?:,\\s*${NAME})*\\))\\s+([\\s\\S]*)$`);
const SUBST_RE = /^\s*(?:(text|structure)\s+)?([\s\S]*)$/;
const ATTR_RE = /^\s*([^\s{}'"]+)\s+([^\s][\s\S]*)$/;
const ENTITY_RE = /(&(#?)(x?)(\d{1,5}|\w{1,8});)/;

/** Splits at undoubled semicolons (`;;` is a literal one), as Chameleon's `split_parts`. */
function splitParts(arg: Token): Token[] {
  // A character reference's ';' is doubled first, so that it does not split.
  let text = arg.text;
  for (let i = 0; i < text.length; ) {
    const m = ENTITY_RE.exec(text.slice(i));
    if (!m) break;
    const end = i + m.index + m[0].length;
    text = text.slice(0, end) + ';' + text.slice(end);
    i = end;
  }
  // Offsets are kept approximately: a doubled ';' shifts what follows by one.
  const parts: Token[] = [];
  let start = 0;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === ';' && text[i + 1] === ';') {
      current += ';';
      i++;
    } else if (text[i] === ';') {
      parts.push({ text: current, pos: arg.pos + start });
      current = '';
      start = i + 1;
    } else current += text[i];
  }
  parts.push({ text: current, pos: arg.pos + start });
  if (parts.length > 1 && !parts[parts.length - 1].text.trim()) parts.pop();
  return parts;
}

function groupToken(part: Token, m: RegExpExecArray, group: number): Token {
  // The group's offset: find it from the end, as every pattern here ends with its last group.
  const value = m[group];
  const at = group === m.length - 1 ? part.text.length - value.length : part.text.indexOf(value);
  return sub(part, at, at + value.length);
}

/** `tal:define` / `tal:repeat` clauses: [local?, names, expression]. */
function parseDefines(clause: Token): Array<{ local: boolean; names: string[]; expr: Token; name: Token }> {
  return splitParts(clause).map((part) => {
    const m = DEFINE_RE.exec(part.text);
    if (!m) throw new TemplateError('Invalid define syntax', part);
    const name = m[2];
    const names = name.startsWith('(') ? name.replace(/^\(+|\)+$/g, '').split(',').map((n) => n.trim()) : [name];
    const at = part.text.indexOf(name, m[1] ? part.text.indexOf(m[1]) + m[1].length : 0);
    return { local: m[1] !== 'global', names, expr: groupToken(part, m, 3), name: sub(part, at, at + name.length) };
  });
}

function parseSubstitution(clause: Token): { key: string; expr: Token } {
  const m = SUBST_RE.exec(clause.text)!;
  return { key: m[1] ?? 'text', expr: groupToken(clause, m, 2) };
}

function parseAttributes(clause: Token): Array<{ name: string | null; expr: Token }> {
  const seen = new Set<string | null>();
  return splitParts(clause).map((part) => {
    const m = ATTR_RE.exec(part.text);
    const attr = m ? { name: m[1], expr: groupToken(part, m, 2) } : { name: null, expr: { text: part.text.trim(), pos: part.pos + (part.text.length - part.text.trimStart().length) } };
    if (seen.has(attr.name)) throw new TemplateError('Duplicate attribute name in attributes.', part);
    seen.add(attr.name);
    return attr;
  });
}

function parseI18nAttributes(clause: string): Map<string, string | null> {
  const d = new Map<string, string | null>();
  for (const spec of clause.split(';').filter(Boolean)) {
    const parts = spec.trim().split(/\s+/);
    if (parts.length === 2) d.set(parts[0], parts[1]);
    else if (parts.length === 1 && parts[0]) d.set(parts[0], null);
    else throw new TemplateError('Illegal i18n:attributes specification.', { text: spec, pos: 0 });
  }
  return d;
}

type Prepared = { name: string | null; text: string | null; quote: string; space: string; eq: string; expr: Token | null; tok: Token | null };

function prepareAttributes(start: Tag, dynamic: Array<{ name: string | null; expr: Token }>, i18nAttributes: Map<string, string | null>): Prepared[] {
  const drop = new Set<string>();
  const nsValues = [...start.nsAttrs.keys()];
  start.attrs.forEach((attr, i) => {
    const ns = nsValues[i]?.split(' ')[0];
    if (ns !== undefined && (DROP_NS.has(ns) || (ns === XMLNS_NS && DROP_NS.has(attr.value.text)))) drop.add(attr.name.text);
  });
  const attributes: Prepared[] = [];
  const normalized = new Map<string, number>();
  for (const attr of start.attrs) {
    const name = attr.name.text;
    if (drop.has(name)) continue;
    attributes.push({ name, text: attr.value.text, quote: attr.quote, space: attr.space.text, eq: attr.eq, expr: null, tok: attr.value });
    normalized.set(name.toLowerCase(), attributes.length - 1);
  }
  for (const { name, expr } of dynamic) {
    const index = name !== null ? normalized.get(name.toLowerCase()) : undefined;
    if (index !== undefined) {
      attributes[index] = { ...attributes[index], name, expr };
    } else {
      if (name !== null) normalized.set(name.toLowerCase(), attributes.length - 1);
      attributes.push({ name, text: null, quote: '"', space: ' ', eq: '=', expr, tok: null });
    }
  }
  for (const name of i18nAttributes.keys()) {
    if (!normalized.has(name.toLowerCase())) {
      attributes.push({ name, text: name, quote: '"', space: ' ', eq: '=', expr: null, tok: null });
      normalized.set(name.toLowerCase(), attributes.length - 1);
    }
  }
  return attributes;
}

function decoded(token: Token): Token {
  return { text: decodeHtmlEntities(token.text), pos: token.pos };
}

function seq(items: Node[]): Node {
  return { k: 'seq', items };
}

/** How a template is compiled (Chameleon's template options that change the program). */
export interface CompileOptions {
  /**
   * Chameleon's `boolean_attributes`: a `tal:attributes` value for one of these names renders
   * as `name="name"` when true and drops the attribute when false. Names match as written in
   * `tal:attributes` (case-sensitive); a static value or `${...}` in attribute text is unaffected.
   */
  booleanAttributes?: Iterable<string>;
}

/** The option as a set; a lone string is refused (it would be taken for its letters). */
function booleanSet(names: Iterable<string> | undefined): ReadonlySet<string> {
  if (typeof names === 'string') throw new TypeError(`booleanAttributes must be a Set or an array of attribute names, not the string '${names}': write new Set(['${names}'])`);
  return names instanceof Set ? names : new Set(names ?? []);
}

/** The node program of one template: its body and the macros it defines. */
export class Program {
  readonly body: Node[] = [];
  readonly macros = new Map<string, Node>();

  private last: string | null = '';
  private whitespace = '\n';
  private readonly switches: Array<Expr | null> = [];
  private readonly useMacro: FillSlot[][] = [];
  private readonly interpolation: boolean[] = [true];

  /** Text (`& < >`) is escaped in markup; a text template escapes nothing, as Chameleon's. */
  private readonly textEscape: Escape | null;

  private readonly booleanAttributes: ReadonlySet<string>;

  constructor(source: string, mode: Mode = 'xml', options: CompileOptions = {}) {
    this.booleanAttributes = booleanSet(options.booleanAttributes);
    this.textEscape = mode === 'xml' ? TEXT_ESCAPE : null;
    for (const item of parse(source, mode)) {
      const node = this.visit(item);
      if (node) this.body.push(node);
    }
  }

  private visit(item: Item): Node | null {
    switch (item.kind) {
      case 'text':
        return this.visitText(item.token);
      case 'comment':
        return this.visitComment(item.token);
      case 'cdata':
        if (!this.interpolation[this.interpolation.length - 1] || !item.token.text.includes('${')) return { k: 'text', s: item.token.text };
        return { k: 'interp', expr: { e: 'interp', tok: item.token, escape: null, braces: true } };
      case 'default':
        return { k: 'text', s: item.token.text };
      case 'pi':
        if (item.name !== 'python') return this.visitText({ text: `<?${item.name}${item.text.text}?>`, pos: item.token.pos });
        throw new TemplateError('Python code blocks (<?python ... ?>) are not supported by pyramid-ts; compute the values in the view.', item.token);
      case 'element':
        return this.visitElement(item.start, item.end, item.children);
      case 'start_tag':
        return this.visitElement(item.start, null, []);
    }
  }

  private visitText(token: Token): Node {
    this.last = token.text;
    if (this.interpolation[this.interpolation.length - 1] && token.text.includes('${')) {
      return { k: 'interp', expr: { e: 'interp', tok: token, escape: this.textEscape, braces: true } };
    }
    return { k: 'text', s: token.text.replace(/\$\$/g, '$') };
  }

  private visitComment(token: Token): Node | null {
    const text = token.text;
    if (text.startsWith('<!--!')) return null;
    if (text.startsWith('<!--?')) return { k: 'text', s: '<!--' + text.replace(/^[<!\-?]+/, '') };
    if (!this.interpolation[this.interpolation.length - 1] || !text.includes('${')) return { k: 'text', s: text };
    return seq([
      { k: 'text', s: text.slice(0, 4) },
      { k: 'interp', expr: { e: 'interp', tok: sub(token, 4, text.length - 3), escape: this.textEscape, braces: true } },
      { k: 'text', s: text.slice(-3) },
    ]);
  }

  private visitElement(start: Tag, end: Tag | null, children: Item[]): Node {
    const ns = new Map<string, Token>();
    for (const [key, value] of start.nsAttrs) {
      const [prefix] = key.split(' ');
      ns.set(key, prefix === TAL || prefix === METAL ? decoded(value) : value);
    }
    const get = (namespace: string, name: string) => ns.get(nsKey(namespace, name));
    for (const key of ns.keys()) {
      const [namespace, name] = key.split(' ');
      const allowed = namespace === TAL ? TAL_WHITELIST : namespace === METAL ? METAL_WHITELIST : namespace === I18N ? I18N_WHITELIST : null;
      if (allowed && !allowed.has(name)) throw new TemplateError(`Bad attribute for namespace '${namespace}'`, start.nsNames.get(key) ?? start.name);
    }
    this.checkAttributes(start, get);

    if (this.last !== null) this.whitespace = '\n' + ' '.repeat(this.last.split('\n').pop()!.length);
    let whitespace = this.whitespace;

    const switchClause = get(TAL, 'switch');
    const switchExpr: Expr | null = switchClause ? { e: 'value', tok: switchClause } : null;
    this.switches.push(switchExpr);

    const body: Node[] = [];
    const useMacro = get(METAL, 'use-macro');
    const extendMacro = get(METAL, 'extend-macro');
    let inner: Node;
    let omit: boolean | Expr = false;
    let startNode: Node | null = null;
    let endNode: Node | null = null;
    let staticAttrs: Record<string, string> | null = null;
    if (useMacro || extendMacro) {
      omit = true;
      const slots: FillSlot[] = [];
      this.useMacro.push(slots);
      const clause = (useMacro ?? extendMacro)!;
      inner = { k: 'useMacro', expr: { e: 'value', tok: clause }, slots, extend: !useMacro };
    } else {
      let content: Node = seq(body);
      const contentClause = get(TAL, 'content');
      if (contentClause !== undefined) {
        const { key, expr } = parseSubstitution(contentClause);
        content = this.makeContent(expr, content, key, get(I18N, 'translate')?.text === '');
        if (end === null) {
          start = { ...start, suffix: '>' };
          end = { ...start, prefix: { text: '</', pos: start.prefix.pos }, space: '', suffix: '>', attrs: [] };
        }
      }
      const translateClause = get(I18N, 'translate');
      if (translateClause !== undefined && !get(TAL, 'content') && !get(TAL, 'replace')) {
        content = { k: 'translate', msgid: translateClause.text || null, body: content };
      }
      const talAttributes = get(TAL, 'attributes');
      const dynamic = talAttributes !== undefined ? parseAttributes(talAttributes) : [];
      const i18nClause = get(I18N, 'attributes');
      const i18nAttributes = i18nClause !== undefined ? parseI18nAttributes(i18nClause.text) : new Map<string, string | null>();
      const prepared = prepareAttributes(start, dynamic, i18nAttributes);
      staticAttrs = {};
      for (const p of prepared) if (p.name !== null) staticAttrs[p.name] = p.text !== null ? p.text : p.expr!.text;
      if (!Object.keys(staticAttrs).length) staticAttrs = null;
      const attrs = this.attributeNodes(prepared, i18nAttributes);
      startNode = { k: 'start', head: start.prefix.text + start.name.text, suffix: start.suffix, attrs };
      endNode = end !== null ? { k: 'text', s: end.prefix.text + end.name.text + end.space + end.suffix } : null;
      const omitClause = get(TAL, 'omit-tag');
      if (omitClause !== undefined) {
        const clause = omitClause.text.trim();
        if (clause === '') omit = true;
        else {
          const expr: Expr = { e: 'negate', value: { e: 'value', tok: omitClause } };
          omit = expr;
          startNode = { k: 'cond', test: expr, body: startNode };
          if (endNode) endNode = { k: 'cond', test: expr, body: endNode };
        }
      }
      if (omit === true || DROP_NS.has(start.namespace)) inner = content;
      else {
        inner = { k: 'element', start: startNode, end: endNode, content };
        if (omit !== false) inner = { k: 'cache', exprs: [omit], body: inner };
      }
      const replaceClause = get(TAL, 'replace');
      if (replaceClause !== undefined) {
        const { key, expr } = parseSubstitution(replaceClause);
        inner = this.makeContent(expr, inner, key, get(I18N, 'translate')?.text === '');
      }
    }

    const slotClause = get(METAL, 'define-slot');
    const defineClause = get(TAL, 'define');
    const defines = defineClause !== undefined ? parseDefines(defineClause) : [];
    const target = get(I18N, 'target');
    if (target !== undefined) defines.push({ local: true, names: ['target_language'], expr: { text: target.text.replace(/default/g, 'target_language'), pos: target.pos }, name: target });
    for (const d of defines) {
      for (const name of d.names) {
        if (DISALLOWED_NAMES.has(name)) throw new TemplateError('Name disallowed by compiler.', d.name);
        if (name.startsWith('__')) throw new TemplateError('Name disallowed by compiler (double underscore).', d.name);
      }
    }
    const assignments: Assignment[] = defines.map((d) => ({ names: d.names, expr: { e: 'value', tok: d.expr }, local: d.local, token: d.expr }));
    const aliases: Array<[string, Expr]> = [['attrs', { e: 'static', js: JSON.stringify(staticAttrs ?? {}) }]];
    if (useMacro || extendMacro) {
      // The macro sees the name it was called with as `macroname` (after the last '/').
      const clause = (useMacro ?? extendMacro)!;
      inner = { k: 'define', aliases: [], assignments: [{ names: ['macroname'], expr: { e: 'static', js: JSON.stringify(clause.text.split('/').pop()) }, local: true, token: clause }], body: inner };
    }

    let caseNode: ((n: Node) => Node) | null = null;
    const caseClause = get(TAL, 'case');
    if (caseClause !== undefined) {
      const sw = [...this.switches].reverse().find((s) => s !== null);
      if (!sw) throw new TemplateError('Must define switch on a parent element.', caseClause);
      const value: Expr = { e: 'value', tok: caseClause };
      caseNode = (n) => ({ k: 'case', switchExpr: sw, value, body: n });
    }

    let repeatNode: ((n: Node) => Node) | null = null;
    const repeatClause = get(TAL, 'repeat');
    if (repeatClause !== undefined) {
      const parsed = parseDefines(repeatClause);
      if (parsed.length !== 1) throw new TemplateError('Invalid repeat syntax: one name (or tuple of names) and one expression.', repeatClause);
      const [{ local, names, expr, name: nameToken }] = parsed;
      for (const name of names) if (DISALLOWED_NAMES.has(name)) throw new TemplateError('Name disallowed by compiler.', nameToken);
      if (start.namespace === TAL) {
        this.last = null;
        this.whitespace = whitespace.replace(/^\n+/, '');
        whitespace = '';
      }
      const ws = whitespace;
      repeatNode = (n) => ({ k: 'repeat', names, expr: { e: 'value', tok: expr }, local, whitespace: ws, body: n, token: expr });
    }

    const conditionClause = get(TAL, 'condition');
    const i18nDomain = get(I18N, 'domain');
    const i18nContext = get(I18N, 'context');
    const i18nName = get(I18N, 'name');

    // wrap(inner, DEFINE_SLOT, DEFINE, CASE, CONDITION, REPEAT, SWITCH, DOMAIN, CONTEXT): the first is outermost.
    let slot: Node = inner;
    if (i18nContext !== undefined) slot = { k: 'i18nScope', key: 'context', name: i18nContext.text, body: slot };
    if (i18nDomain !== undefined) slot = { k: 'i18nScope', key: 'domain', name: i18nDomain.text, body: slot };
    if (switchExpr) slot = { k: 'cache', exprs: [switchExpr], body: slot };
    if (repeatNode) slot = repeatNode(slot);
    if (conditionClause !== undefined) slot = { k: 'cond', test: { e: 'value', tok: conditionClause }, body: slot };
    if (caseNode) slot = caseNode(slot);
    slot = { k: 'define', aliases, assignments, body: slot };
    if (slotClause !== undefined) slot = { k: 'defineSlot', name: slotClause.text, body: slot };

    const fillClause = get(METAL, 'fill-slot');
    if (fillClause !== undefined) {
      if (!fillClause.text.trim()) throw new TemplateError('Must provide a non-trivial string for metal:fill-slot.', fillClause);
      const index = this.useMacro.length - 1 - (useMacro || extendMacro ? 1 : 0);
      if (index < 0) throw new TemplateError('Cannot use metal:fill-slot without metal:use-macro.', fillClause);
      this.useMacro[index].push({ name: fillClause.text, node: slot });
    }
    const macroClause = get(METAL, 'define-macro');
    if (macroClause !== undefined) {
      if (fillClause !== undefined) throw new TemplateError("Can't have 'fill-slot' and 'define-macro' on the same element.", macroClause);
      this.macros.set(macroClause.text, slot);
      slot = { k: 'useInternal', name: macroClause.text };
    }
    if (i18nName !== undefined && i18nName.text.trim()) slot = { k: 'i18nName', name: i18nName.text, body: slot, token: i18nName };

    const onErrorClause = get(TAL, 'on-error');
    if (onErrorClause !== undefined) {
      const { key, expr } = parseSubstitution(onErrorClause);
      let fallback = this.makeContent(expr, null, key, get(I18N, 'translate')?.text === '');
      if (omit === false && !DROP_NS.has(start.namespace) && startNode && startNode.k === 'start') {
        const staticOnly = startNode.attrs.filter((a) => a.k === 'attr' && a.expr === null);
        fallback = {
          k: 'element',
          start: { k: 'start', head: startNode.head, suffix: end === null ? '>' : startNode.suffix, attrs: staticOnly },
          end: endNode ?? { k: 'text', s: `</${start.name.text}>` },
          content: fallback,
        };
      }
      slot = { k: 'onError', fallback, body: slot };
    }

    const meta = get(META, 'interpolation')?.text;
    let interpolation: boolean;
    if (meta === 'false' || meta === 'off') interpolation = false;
    else if (meta === 'true' || meta === 'on') interpolation = true;
    else if (meta === undefined) interpolation = this.interpolation[this.interpolation.length - 1];
    else throw new TemplateError('Bad interpolation setting.', get(META, 'interpolation')!);
    this.interpolation.push(interpolation);

    for (const child of children) {
      const node = this.visit(child);
      if (node) body.push(node);
    }

    this.switches.pop();
    this.interpolation.pop();
    if (useMacro) this.useMacro.pop();
    return slot;
  }

  private checkAttributes(start: Tag, get: (ns: string, name: string) => Token | undefined): void {
    const attributes = get(TAL, 'attributes');
    if (DROP_NS.has(start.namespace) && attributes?.text) {
      throw new TemplateError(`Dynamic attributes not allowed on elements of the namespace: ${start.namespace}.`, attributes);
    }
    const script = get(TAL, 'script');
    if (script !== undefined) throw new TemplateError('The script attribute is unsupported.', script);
    const content = get(TAL, 'content');
    if (content?.text && get(TAL, 'replace')?.text) throw new TemplateError('You cannot use tal:content and tal:replace at the same time.', content);
    if (content?.text && get(I18N, 'translate')?.text) throw new TemplateError('You cannot use tal:content with non-trivial i18n:translate.', content);
  }

  private makeContent(expr: Token, dflt: Node | null, key: string, translate: boolean): Node {
    const value: Expr = { e: 'value', tok: expr };
    const content: Node = { k: 'content', expr: value, escape: key === 'text', translate };
    if (dflt === null) return content;
    return {
      k: 'define',
      aliases: [['default', { e: 'static', js: '$rt.DEFAULT' }]],
      assignments: [],
      body: { k: 'cache', exprs: [value], body: { k: 'cond', test: { e: 'isDefault', value }, body: dflt, orelse: content } },
    };
  }

  private attributeNodes(prepared: Prepared[], i18nAttributes: Map<string, string | null>): Node[] {
    const attributes: Node[] = [];
    const names = prepared.map((p) => p.name);
    const filtering: Expr[][] = [[]];
    prepared.forEach(({ name, text, quote, space, eq, expr, tok }, i) => {
      const escape: Escape = { quote, entity: quote === '"' ? '&quot;' : quote === "'" ? '&#39;' : '&#0;' };
      const msgid = name !== null && i18nAttributes.has(name) ? i18nAttributes.get(name)! : undefined;
      const attr = (value: Expr | null, shown: string | null): void => {
        attributes.push({ k: 'attr', name: name!, format: [space + name! + eq + quote, quote], expr: value, text: shown, filters: filtering[filtering.length - 1], msgid });
      };
      if (expr === null && text !== null && text.includes('${')) {
        attr({ e: 'interp', tok: tok ?? { text, pos: 0 }, escape, braces: true }, null);
        return;
      }
      if (expr !== null) {
        if (name === null) {
          const value: Expr = { e: 'value', tok: decoded(expr) };
          attributes.push({ k: 'dictattrs', expr: value, exclude: names.slice(i).filter((n): n is string => n !== null) });
          for (const fs of filtering) fs.push(value);
          filtering.push([]);
          return;
        }
        // As Chameleon, a boolean attribute's expression is not entity-decoded.
        attr(this.booleanAttributes.has(name) ? { e: 'bool', tok: expr, name, dflt: text } : { e: 'subst', tok: decoded(expr), escape, dflt: text }, text);
        return;
      }
      attr(null, text);
    });
    const dictExprs = filtering[0];
    return dictExprs.length ? [{ k: 'cache', exprs: dictExprs, body: seq(attributes) }] : attributes;
  }
}
