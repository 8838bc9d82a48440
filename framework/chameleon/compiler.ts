/**
 * Compiles a template's node program (program.ts) into one JavaScript module, once: a function
 * per macro (and one for the whole page) that builds the output as a string. Expressions become
 * JavaScript through compilePython (pyexpr.ts); TALES' `string:`, `not:`, `exists:`,
 * `structure:`, `load:` and the `|` fallback are compiled here, as Chameleon compiles them
 * (chameleon/compiler.py, tales.py), including its interpolation rules for `${...}`.
 */
import { Program, type Node, type Expr, type Escape, type Assignment, type CompileOptions } from './program';
import type { Mode } from './parser';
import { decodeHtmlEntities } from './runtime';
import { TemplateError } from './errors';
import { location, sub, strip, type Token } from './source';
import { compilePython, PythonSyntaxError } from './pyexpr';

/** A compile error in an expression (Chameleon's ExpressionError); `${...}` retries a shorter one. */
export class ExpressionError extends TemplateError {}

/** What a compiled template's functions take: its namespace (with local defines) and globals. */
export type MacroFunction = (econtext: Namespace, rcontext: Namespace) => string;

/** A render's names (Chameleon's econtext) and its globals (rcontext): plain objects, copied with a spread. */
export type Namespace = Record<string, unknown>;

/** Where each expression is, for errors: indexed by the generated code's `$t`. */
interface TokenInfo {
  expression: string;
  filename: string;
  line: number;
  column: number;
}

export interface CompiledTemplate {
  /** Builds the functions for one template object (`$tpl` gives `template`, `macros`, `load:`). */
  factory: (rt: unknown, py: unknown, tpl: unknown, tokens: TokenInfo[]) => Record<string, MacroFunction>;
  tokens: TokenInfo[];
  source: string;
}

type Piece = string | { t: string };

const MATCH_PREFIX = /^\s*([a-z][a-z0-9\-_]*):/;
const RE_NAME = /^[a-zA-Z_][-a-zA-Z0-9_]*$/;
const BRACES_REQUIRED = /(\$)?\$(\{([\s\S]*)\})/;
const BRACES_OPTIONAL = /(\$)?\$(?:\{([\s\S]*)\}|([A-Za-z][A-Za-z0-9_]*))/;

/**
 * Where `a | b` splits: the first `|` outside string literals and brackets, not escaped as `\|`.
 * (Chameleon 3.8 splits at any unescaped `|`, so that `'|'.join(xs)` is a syntax error there; a
 * template Chameleon compiles splits the same way here.)
 */
function pipeAt(text: string): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = null;
      }
    } else if (c === '\\' && text[i + 1] === '|') i++;
    else if (c === "'" || c === '"') {
      quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      i += quote.length - 1;
    }
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === '|' && depth === 0) return i;
  }
  return -1;
}

/** Joins pieces into statements, writing neighbouring text as one `$o +=`. */
function flatten(pieces: Piece[]): string {
  let out = '';
  let text = '';
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      if (text) out += `$o += ${JSON.stringify(text)};\n`;
      text = '';
      out += piece + '\n';
    } else text += piece.t;
  }
  if (text) out += `$o += ${JSON.stringify(text)};\n`;
  return out;
}

const JS_IDENT = /[^A-Za-z0-9_]/g;

/** Chameleon's identifier mangling for macro and slot names. */
function mangle(name: string): string {
  return name.replace(JS_IDENT, '_');
}

class Compiler {
  private counter = 0;
  readonly tokens: TokenInfo[] = [];
  private readonly cache = new Map<Expr, string>();
  private readonly aliases: Array<Map<string, string>> = [new Map()];
  private slots: Set<string> = new Set();
  private readonly translations: Array<Set<string>> = [];
  private readonly i18n: { domain: string | null; context: string | null } = { domain: null, context: null };

  constructor(private readonly source: string, private readonly filename: string) {}

  private fresh(prefix = 'v'): string {
    return `$${prefix}${++this.counter}`;
  }

  private token(tok: Token): number {
    const [line, column] = location(this.source, tok.pos);
    this.tokens.push({ expression: tok.text, filename: this.filename, line, column });
    return this.tokens.length - 1;
  }

  /** One function: the body of a macro (or the page, or a fill-slot callback). */
  fn(node: Node, isMacro: boolean): string {
    const outerSlots = this.slots;
    if (isMacro) this.slots = new Set();
    const body = flatten(this.gen(node));
    const slotDecls = isMacro ? [...this.slots].map((s) => `const $slot_${mangle(s)} = $rt.popSlot(econtext, ${JSON.stringify('__slot_' + mangle(s))});\n`).join('') : '';
    if (isMacro) this.slots = outerSlots;
    return `(econtext, rcontext) => {
let $o = '';
let $t = -1;
const $lookup = (n) => ($has.call(econtext, n) ? econtext[n] : $tpl.builtin(n));
${slotDecls}try {
${body}} catch ($e) { throw $rt.locateRenderError($e, $tokens[$t]); }
return $o;
}`;
  }

  // --- nodes --------------------------------------------------------------------------------

  private gen(node: Node): Piece[] {
    switch (node.k) {
      case 'seq':
        return node.items.flatMap((n) => this.gen(n));
      case 'text':
        return node.s ? [{ t: node.s }] : [];
      case 'interp': {
        const v = this.fresh();
        return [`let ${v};`, this.evaluate(node.expr, v), `if (${v} != null) $o += ${v};`];
      }
      case 'content': {
        const v = this.fresh();
        const out = [`let ${v};`, this.evaluate(node.expr, v)];
        if (node.translate) out.push(`${v} = ${this.translateCall(v, 'null', null)};`);
        out.push(node.escape ? `${v} = $rt.quote(${v}, null, '', null);` : `${v} = $rt.convert(${v});`);
        out.push(`if (${v} != null) $o += ${v};`);
        return out;
      }
      case 'element':
        return [...this.gen(node.start), ...this.gen(node.content), ...(node.end ? this.gen(node.end) : [])];
      case 'start':
        if (!node.attrs.length) return [{ t: node.head + node.suffix }];
        return [{ t: node.head }, ...node.attrs.flatMap((a) => this.gen(a)), { t: node.suffix }];
      case 'attr':
        return this.genAttr(node);
      case 'dictattrs': {
        const v = this.fresh();
        const exclude = JSON.stringify(node.exclude);
        return [`let ${v};`, this.evaluate(node.expr, v), `$o += $rt.dictAttributes(${v}, ${exclude});`];
      }
      case 'cond': {
        const v = this.fresh();
        const orelse = node.orelse ? ` else {\n${flatten(this.gen(node.orelse))}}` : '';
        return [`let ${v};`, this.evaluate(node.test, v), `if ($py.truth(${v})) {\n${flatten(this.gen(node.body))}}${orelse}`];
      }
      case 'define':
        return this.genDefine(node.aliases, node.assignments, node.body);
      case 'repeat':
        return this.genRepeat(node);
      case 'cache': {
        const out: Piece[] = [];
        for (const expr of node.exprs) {
          if (this.cache.has(expr)) continue;
          const v = this.fresh('c');
          out.push(`let ${v};`, this.evaluate(expr, v));
          this.cache.set(expr, v);
        }
        return [...out, ...this.gen(node.body)];
      }
      case 'case': {
        const sw = this.cache.get(node.switchExpr);
        if (!sw) throw new Error('tal:case outside its tal:switch');
        const v = this.fresh();
        const value = this.withAlias('default', '$rt.DEFAULT', () => this.evaluate(node.value, v));
        return [`let ${v};`, `if (${sw} !== $rt.CANCEL) {\n${value}\nif ($py.eq(${v}, ${sw}) || ${v} === $rt.DEFAULT) {\n${sw} = $rt.CANCEL;\n${flatten(this.gen(node.body))}}\n}`];
      }
      case 'useMacro':
        return this.genUseMacro(node);
      case 'useInternal':
        return [`$t = -1;`, `$o += $macros[${JSON.stringify(mangle(node.name))}]({ ...econtext }, rcontext);`, `Object.assign(econtext, rcontext);`];
      case 'defineSlot': {
        this.slots.add(node.name);
        const slot = `$slot_${mangle(node.name)}`;
        return [`if (${slot} === null) {\n${flatten(this.gen(node.body))}} else {\n$o += ${slot}({ ...econtext }, rcontext);\n}`];
      }
      case 'translate':
        return this.genTranslate(node.msgid, node.body);
      case 'i18nName': {
        const names = this.translations[this.translations.length - 1];
        if (!names) throw new TemplateError('Not allowed outside of translation.', node.token);
        if (names.has(node.name)) throw new TemplateError(`Duplicate translation name: ${node.name}.`, node.token);
        names.add(node.name);
        const saved = this.fresh('s');
        const map = `$map${this.translations.length}`;
        return [`const ${saved} = $o; $o = '';`, ...this.gen(node.body), `${map}[${JSON.stringify(node.name)}] = $o; $o = ${saved};`, { t: '${' + node.name + '}' }];
      }
      case 'i18nScope': {
        const before = this.i18n[node.key];
        this.i18n[node.key] = node.name;
        const out = this.gen(node.body);
        this.i18n[node.key] = before;
        return out;
      }
      case 'onError': {
        const mark = this.fresh('m');
        const e = this.fresh('e');
        return [
          `const ${mark} = $o.length;`,
          `try {\n${flatten(this.gen(node.body))}} catch (${e}) {\nconst $ti = $tokens[$t];\necontext.error = new $rt.ErrorInfo(${e}, $ti ? $ti.line : null, $ti ? $ti.column : null);\n$o = $o.slice(0, ${mark});\n${flatten(this.gen(node.fallback))}}`,
        ];
      }
    }
  }

  /** Code generated with `name` bound at compile time to a JavaScript expression (Chameleon's Alias). */
  private withAlias<T>(name: string, js: string, fn: () => T): T {
    const scope = new Map(this.aliases[this.aliases.length - 1]);
    scope.set(name, js);
    this.aliases.push(scope);
    try {
      return fn();
    } finally {
      this.aliases.pop();
    }
  }

  private genAttr(node: Extract<Node, { k: 'attr' }>): Piece[] {
    // Every computed attribute sees `default` (its static value).
    return node.expr === null && node.msgid === undefined ? this.genAttrWith(node) : this.withAlias('default', '$rt.DEFAULT', () => this.genAttrWith(node));
  }

  private genAttrWith(node: Extract<Node, { k: 'attr' }>): Piece[] {
    const [before, after] = node.format;
    const filter = node.filters.length ? `!$rt.inDicts(${JSON.stringify(node.name)}, [${node.filters.map((f) => this.cache.get(f)).join(', ')}])` : '';
    if (node.expr === null && node.msgid === undefined) {
      const s = before + (node.text ?? '') + after;
      return filter ? [`if (${filter}) $o += ${JSON.stringify(s)};`] : [{ t: s }];
    }
    const v = this.fresh();
    const out: Piece[] = [`let ${v};`];
    if (node.expr) out.push(this.evaluate(node.expr, v));
    else out.push(`${v} = ${JSON.stringify(node.text)};`);
    if (node.msgid !== undefined) out.push(`${v} = ${this.translateCall(node.msgid === null ? v : JSON.stringify(node.msgid), 'null', v)};`);
    out.push(`if (${v} != null${filter ? ' && ' + filter : ''}) $o += ${JSON.stringify(before)} + ${v} + ${JSON.stringify(after)};`);
    return out;
  }

  private genDefine(aliases: Array<[string, Expr]>, assignments: Assignment[], body: Node): Piece[] {
    const scope = new Map(this.aliases[this.aliases.length - 1]);
    for (const [name, expr] of aliases) if (expr.e === 'static') scope.set(name, expr.js);
    this.aliases.push(scope);
    const out: Piece[] = [];
    const restore: string[] = [];
    for (const a of assignments) {
      if (a.local) {
        for (const name of a.names) {
          const bk = this.fresh('b');
          out.push(...this.backup(name, bk, restore));
        }
      }
      const v = this.fresh();
      out.push(`let ${v};`, this.evaluate(a.expr, v));
      out.push(...this.assign(a.names, v, a.local));
    }
    out.push(...this.gen(body), ...restore);
    this.aliases.pop();
    return out;
  }

  /** Saves a name's value before a local define or loop; `restore` gets the statement that puts it back. */
  private backup(name: string, bk: string, restore: string[]): string[] {
    const key = JSON.stringify(name);
    restore.push(`if (${bk} === $rt.MISSING) delete econtext[${key}]; else econtext[${key}] = ${bk};`);
    return [`const ${bk} = $has.call(econtext, ${key}) ? econtext[${key}] : $rt.MISSING;`];
  }

  private assign(names: string[], v: string, local: boolean): string[] {
    const out: string[] = [];
    if (names.length === 1) {
      out.push(`econtext[${JSON.stringify(names[0])}] = ${v};`);
      if (!local) out.push(`rcontext[${JSON.stringify(names[0])}] = ${v};`);
      return out;
    }
    const u = this.fresh('u');
    out.push(`const ${u} = $rt.unpack(${v}, ${names.length});`);
    names.forEach((name, i) => {
      out.push(`econtext[${JSON.stringify(name)}] = ${u}[${i}];`);
      if (!local) out.push(`rcontext[${JSON.stringify(name)}] = ${u}[${i}];`);
    });
    return out;
  }

  private genRepeat(node: Extract<Node, { k: 'repeat' }>): Piece[] {
    const out: Piece[] = [];
    const restore: string[] = [];
    // A local loop puts its names back afterwards; a `global` one leaves the last item defined.
    if (node.local) {
      for (const name of node.names) out.push(...this.backup(name, this.fresh('b'), restore));
    }
    const it = this.fresh('i');
    const r = this.fresh('r');
    const n = this.fresh('n');
    const key = node.names.length === 1 ? node.names[0] : `(${node.names.join(', ')})`;
    out.push(`let ${it};`, this.evaluate(node.expr, it));
    out.push(`const ${r} = $rt.beginRepeat($lookup('repeat'), ${JSON.stringify(key)}, ${it});`);
    for (const name of node.names) out.push(`econtext[${JSON.stringify(name)}] = null;`);
    const ws = node.whitespace ? `if (${n} < ${r}.items.length - 1) $o += ${JSON.stringify(node.whitespace)};\n` : '';
    out.push(`for (let ${n} = 0; ${n} < ${r}.items.length; ${n}++) {\n${r}.item.index = ${n};\n${this.assign(node.names, `${r}.items[${n}]`, node.local).join('\n')}\n${flatten(this.gen(node.body))}${ws}}`);
    out.push(...restore);
    return out;
  }

  private genUseMacro(node: Extract<Node, { k: 'useMacro' }>): Piece[] {
    const out: Piece[] = [];
    for (const slot of node.slots) {
      const key = JSON.stringify('__slot_' + mangle(slot.name));
      const fill = this.fresh('fill');
      out.push(`const ${fill} = ${this.fn(slot.node, false)};`);
      if (node.extend) out.push(`if ($has.call(econtext, ${key})) econtext[${key}].unshift(${fill}); else econtext[${key}] = [${fill}];`);
      else out.push(`econtext[${key}] = [${fill}];`);
    }
    const m = this.fresh('mac');
    out.push(`let ${m};`, this.evaluate(node.expr, m));
    const tok = node.expr.e === 'value' ? this.token(strip(node.expr.tok)) : -1;
    out.push(`$t = ${tok};`, `$o += $rt.include(${m}, { ...econtext }, rcontext);`, `Object.assign(econtext, rcontext);`);
    return out;
  }

  private genTranslate(msgid: string | null, body: Node): Piece[] {
    this.translations.push(new Set());
    const saved = this.fresh('s');
    const map = `$map${this.translations.length}`;
    const inner = this.gen(body);
    const names = this.translations.pop()!;
    const msg = this.fresh('msg');
    const init = `const ${map} = {${[...names].map((n) => `${JSON.stringify(n)}: ''`).join(', ')}};`;
    return [
      `const ${saved} = $o; $o = '';`,
      ...(names.size ? [init] : []),
      ...inner,
      `const ${msg} = $o.replace(/\\s+/g, ' ').trim(); $o = ${saved};`,
      `if (${msg}) $o += $py.str(${this.translateCall(msgid === null ? msg : JSON.stringify(msgid), names.size ? map : 'null', msg)});`,
    ];
  }

  private translateCall(msgid: string, mapping: string, dflt: string | null): string {
    const options = `{ mapping: ${mapping}, default: ${dflt ?? 'null'}, domain: ${JSON.stringify(this.i18n.domain)}, context: ${JSON.stringify(this.i18n.context)}, target_language: $lookup('target_language') }`;
    return `$rt.translate(econtext, ${msgid}, ${options})`;
  }

  // --- expressions --------------------------------------------------------------------------

  /** Statements that assign an expression's value (converted as the expression says) to `target`. */
  private evaluate(expr: Expr, target: string): string {
    const cached = this.cache.get(expr);
    if (cached) return `${target} = ${cached};`;
    switch (expr.e) {
      case 'value':
        return this.tales(expr.tok, target, null, undefined);
      case 'subst':
        return this.tales(expr.tok, target, null, { escape: expr.escape, dflt: expr.dflt });
      case 'interp':
        return this.interpolate(expr.tok, expr.braces, expr.escape, target, true);
      case 'negate':
        return `${this.evaluate(expr.value, target)}\n${target} = !$py.truth(${target});`;
      case 'isDefault':
        return `${this.evaluate(expr.value, target)}\n${target} = ${target} === $rt.DEFAULT;`;
      case 'static':
        return `${target} = ${expr.js};`;
      case 'bool':
        return `${this.tales(expr.tok, target, null, undefined)}\n${target} = ${target} === $rt.DEFAULT ? ${JSON.stringify(expr.dflt)} : $py.truth(${target}) ? ${JSON.stringify(expr.name)} : null;`;
    }
  }

  /**
   * A TALES expression (`python:` by default, or `string:`, `not:`, `exists:`, `structure:`,
   * `load:`) assigned to `target`; with `text`, converted to text as Chameleon's assign_text.
   */
  private tales(tok: Token, target: string, engineEscape: Escape | null, text: { escape: Escape | null; dflt: string | null } | undefined, handleErrors = true): string {
    const m = MATCH_PREFIX.exec(tok.text);
    const prefix = m ? m[1] : 'python';
    const rest = m ? sub(tok, m[0].length) : tok;
    let code: string;
    switch (prefix) {
      case 'python':
        code = this.pipes(rest, target, engineEscape, true, (part) => this.python(part, target));
        break;
      case 'string':
        code = this.interpolate(rest, false, engineEscape, target, false);
        break;
      case 'not':
        code = `${this.tales(rest, target, engineEscape, undefined)}\n${target} = !$py.truth(${target});`;
        break;
      case 'exists': {
        const ignore = this.fresh();
        const e = this.fresh('e');
        code = `try {\nlet ${ignore};\n${this.tales(rest, ignore, engineEscape, undefined, false)}\n${target} = 1;\n} catch (${e}) {\nif (!$rt.notExists(${e})) throw ${e};\n${target} = 0;\n}`;
        break;
      }
      case 'structure':
        code = `${this.tales(rest, target, engineEscape, undefined)}\n${target} = $rt.markup(${target});`;
        break;
      case 'load':
        code = this.pipes(rest, target, engineEscape, false, (part) => `${this.interpolate(part, false, engineEscape, target, false)}\n${target} = $tpl.load(${target});`);
        break;
      case 'import':
        throw new ExpressionError('import: expressions are not supported by pyramid-ts (there are no Python modules to import); pass the value from the view.', strip(tok));
      default:
        throw new TemplateError(`Unknown expression type: '${prefix}'.`, strip(tok));
    }
    if (text) code += '\n' + this.convert(target, text.escape, text.dflt);
    if (handleErrors) code = `$t = ${this.token(strip(tok))};\n` + code;
    return code;
  }

  private convert(target: string, escape: Escape | null, dflt: string | null): string {
    if (escape === null) return `${target} = $rt.convert(${target}, ${JSON.stringify(dflt)});`;
    return `${target} = $rt.quote(${target}, ${JSON.stringify(escape.quote)}, ${JSON.stringify(escape.entity)}, ${JSON.stringify(dflt)});`;
  }

  /** Chameleon's TalesExpr: `a | b | c`, each tried in turn while the one before raises a lookup error. */
  private pipes(tok: Token, target: string, engineEscape: Escape | null, ignorePrefix: boolean, translate: (part: Token) => string): string {
    let remaining = tok;
    const assignments: string[] = [];
    while (remaining.text) {
      if (ignorePrefix && MATCH_PREFIX.test(remaining.text)) {
        assignments.push(this.tales(remaining, target, engineEscape, undefined));
        break;
      }
      const at = pipeAt(remaining.text);
      let part: Token;
      if (at !== -1) {
        part = sub(remaining, 0, at);
        remaining = sub(remaining, at + 1);
      } else {
        part = remaining;
        remaining = { text: '', pos: remaining.pos + remaining.text.length };
      }
      assignments.push(translate({ text: part.text.replace(/\\\|/g, '|'), pos: part.pos }));
    }
    if (!assignments.length) throw new ExpressionError('No input:', tok);
    let body = assignments[assignments.length - 1];
    for (let i = assignments.length - 2; i >= 0; i--) {
      const e = this.fresh('e');
      body = `try {\n${assignments[i]}\n} catch (${e}) {\nif (!$rt.fallsBack(${e})) throw ${e};\n${body}\n}`;
    }
    return body;
  }

  private python(part: Token, target: string): string {
    const tok = strip(part);
    const source = tok.text.replace(/\\\s*$/gm, '\n').replace(/\n/g, ' ');
    let js: string;
    try {
      js = compilePython(source);
    } catch (error) {
      if (error instanceof PythonSyntaxError) throw new ExpressionError(error.message, tok);
      throw error;
    }
    const aliases = this.aliases[this.aliases.length - 1];
    if (aliases.size) {
      js = js.replace(/\$lookup\("([A-Za-z_][A-Za-z0-9_]*)"\)/g, (whole, name: string) => aliases.get(name) || whole);
    }
    return `${target} = ${js};`;
  }

  /** Chameleon's Interpolator: `${...}` (and `$name` where braces are optional) in text. */
  private interpolate(tok: Token, bracesRequired: boolean, escape: Escape | null, target: string, decode: boolean): string {
    const regex = bracesRequired ? BRACES_REQUIRED : BRACES_OPTIONAL;
    const nodes: Array<{ s: string } | { v: string }> = [];
    const code: string[] = [];
    let text = tok;
    while (text.text) {
      let matched = text;
      let m = regex.exec(matched.text);
      if (!m) {
        nodes.push({ s: text.text.replace(/\$\$/g, '$') });
        break;
      }
      let part = text.text.slice(0, m.index);
      text = sub(text, m.index);
      const skip = text.text.startsWith('$$');
      if (skip) part += '$';
      if (part) nodes.push({ s: part.replace(/\$\$/g, '$') });
      if (skip) {
        text = sub(text, 2);
        continue;
      }
      // `matched` is searched again from the `$` on, shorter each time a candidate does not compile.
      matched = text;
      m = regex.exec(matched.text)!;
      const v = this.fresh();
      for (;;) {
        const group = bracesRequired ? m[3] : m[2] ?? m[3];
        let string = group ?? '';
        const offset = m.index + (m[1] ? 1 : 0) + (m[0].startsWith('${', m[1] ? 1 : 0) ? 2 : 1);
        if (decode) string = decodeHtmlEntities(string);
        if (string) {
          try {
            code.push(`let ${v};`, this.tales({ text: string, pos: matched.pos + offset }, v, escape, { escape: escape, dflt: null }));
          } catch (error) {
            if (!(error instanceof ExpressionError)) throw error;
            matched = sub(matched, m.index, m.index + m[0].length - 1);
            const again = regex.exec(matched.text);
            if (!again) throw error;
            m = again;
            continue;
          }
        } else code.push(`let ${v} = ${JSON.stringify(m[0])};`);
        break;
      }
      nodes.push({ v });
      text = sub(text, m[0].length);
    }
    if (nodes.length === 1) {
      const only = nodes[0];
      code.push('s' in only ? `${target} = ${JSON.stringify(only.s)};` : `${target} = ${only.v};`);
    } else {
      code.push(`${target} = ${nodes.map((n) => ('s' in n ? JSON.stringify(n.s) : `(${n.v} ?? '')`)).join(' + ') || "''"};`);
    }
    return code.join('\n');
  }
}

/** Compiles a template's source once; the result makes render functions for a template object. */
export function compileTemplate(source: string, filename: string, mode: Mode = 'xml', options: CompileOptions = {}): CompiledTemplate {
  let program: Program;
  let compiler: Compiler;
  let code: string;
  try {
    program = new Program(source, mode, options);
    compiler = new Compiler(source, filename);
    const functions: string[] = [`"": ${compiler.fn({ k: 'seq', items: program.body }, true)}`];
    for (const [name, node] of program.macros) functions.push(`${JSON.stringify(mangle(name))}: ${compiler.fn(node, true)}`);
    code = `const $has = Object.prototype.hasOwnProperty;\nconst $macros = {\n${functions.join(',\n')}\n};\nreturn $macros;`;
  } catch (error) {
    if (error instanceof TemplateError) throw error.locate(source, filename);
    throw error;
  }
  let factory: CompiledTemplate['factory'];
  try {
    factory = new Function('$rt', '$py', '$tpl', '$tokens', code) as CompiledTemplate['factory'];
  } catch (error) {
    throw new Error(`Internal error compiling ${filename}: ${(error as Error).message}\n${code}`);
  }
  return { factory, tokens: compiler.tokens, source: code };
}
