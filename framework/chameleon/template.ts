/**
 * Page templates: a `.pt` source compiled once (compiler.ts) and rendered with a namespace, as
 * Chameleon's PageTemplate and PageTemplateFile. A file template loads others with `load:`
 * (relative to its own folder, or an asset spec) through its lookup, which keeps one compiled
 * template per file and, with `autoReload`, compiles a file again once it changed.
 *
 * @example
 * const lookup = new TemplateLookup({ autoReload: false });
 * lookup.get('/app/templates/home.pt').render({ name: 'World' });
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { compileTemplate, type MacroFunction, type CompiledTemplate, type Namespace } from './compiler';
import type { CompileOptions } from './program';
import type { Mode } from './parser';
import * as rt from './runtime';
import { $py, PyKeyError, PyValueError } from './pyruntime';
import { locateAsset, resolveInside } from '../path';
import { fileSignature } from '../reloader';

/** A macro of a template (`template.macros['name']`): what `metal:use-macro` includes. */
export class Macro {
  constructor(readonly include: MacroFunction) {}
}

/** `template.macros`: the macros a template defines, by name (`-` and `_` alike, as Chameleon). */
export class Macros {
  constructor(private readonly template: PageTemplate) {}

  __getitem__(name: unknown): Macro {
    const key = String(name).replace(/[^A-Za-z0-9_]/g, '_');
    const fn = this.template.functions()[key];
    if (key === '' || !fn) throw new PyKeyError(`Macro does not exist: '${String(name)}'.`);
    return new Macro(fn);
  }

  /** The names of the macros the template defines. */
  get names(): string[] {
    return Object.keys(this.template.functions()).filter((k) => k !== '');
  }
}

/** A render's namespace: Chameleon's defaults (`target_language`, `repeat`), then `names` over them. */
export function renderNamespace(names: Record<string, unknown>, more?: Record<string, unknown>): Namespace {
  return { target_language: null, repeat: new rt.RepeatDict(), ...names, ...more };
}

/**
 * A template compiled from a string: markup (`mode` 'xml', Chameleon's PageTemplate) or plain
 * text where only `${...}` is replaced and nothing escaped ('text', PageTextTemplate). `options`
 * are Chameleon's compile-time template options (`booleanAttributes`).
 *
 * @example
 * new PageTemplate('<input tal:attributes="checked on"/>', '<string>', 'xml', { booleanAttributes: new Set(['checked']) }).render({ on: true });
 * // '<input checked="checked"/>'
 */
export class PageTemplate {
  readonly macros = new Macros(this);
  protected compiled: CompiledTemplate | null = null;
  private fns: Record<string, MacroFunction> | null = null;

  constructor(protected body: string | null, readonly filename = '<string>', readonly mode: Mode = 'xml', readonly options: CompileOptions = {}) {}

  /** The compiled functions ('' for the page, else macro names), compiling on first use. */
  functions(): Record<string, MacroFunction> {
    this.check();
    return this.fns!;
  }

  /** Compiles now: a syntax error is raised here, with the file and line. */
  check(): void {
    if (this.fns) return;
    this.compiled = compileTemplate(this.source(), this.filename, this.mode, this.options);
    this.fns = this.compiled.factory(rt, $py, this, this.compiled.tokens);
  }

  protected source(): string {
    return this.body ?? '';
  }

  protected invalidate(): void {
    this.fns = null;
    this.compiled = null;
  }

  /** Renders the page (or one of its macros) with `namespace` (an object or a Map of names). */
  render(namespace: Record<string, unknown> | Map<string, unknown> = {}, macro = ''): string {
    return this.renderContext(renderNamespace(namespace instanceof Map ? Object.fromEntries(namespace) : namespace), macro);
  }

  /** Renders with `econtext` (made by `renderNamespace()`), which the render takes over. */
  renderContext(econtext: Namespace, macro = ''): string {
    const fn = this.functions()[macro];
    if (!fn) throw new PyKeyError(`Macro does not exist: '${macro}'.`);
    return fn(econtext, {});
  }

  /** `metal:use-macro` on a whole template: renders its page into the caller's output. */
  include(econtext: Namespace, rcontext: Namespace): string {
    return this.functions()[''](econtext, rcontext);
  }

  /** A name the namespace does not define: the template's own names, then Python's builtins. */
  builtin(name: string): unknown {
    switch (name) {
      case 'template':
        return this;
      case 'macros':
        return this.macros;
      case 'nothing':
        return null;
    }
    if (Object.prototype.hasOwnProperty.call($py.builtins, name)) return ($py.builtins as Record<string, unknown>)[name];
    return rt.nameError(name);
  }

  /** `load: name` (only file templates can load others). */
  load(spec: unknown): PageTemplate {
    throw new PyValueError(`Template not found: ${String(spec)}. (A template made from a string has no folder to load from.)`);
  }

  /** The generated JavaScript (for debugging). */
  get code(): string {
    this.check();
    return this.compiled!.source;
  }
}

interface LookupOptions extends CompileOptions {
  /** Compile a file again when it changed (checked on each render and include). */
  autoReload?: boolean;
  /** Called with each template file read (pserve's reloader watches them). */
  onRead?: (file: string) => void;
}

/**
 * A template compiled from a file; `load:` finds others next to it (then along the search path
 * of the template that loaded it, as Chameleon), never outside `root`: the folder of the
 * configured renderer name (as for Jinja2 includes), or the package of an asset spec.
 */
export class PageTemplateFile extends PageTemplate {
  private lastRead: string | null = null;
  /** Without autoReload, each `load:` name found once: no asset lookup or stat on later renders. */
  private readonly loaded = new Map<string, PageTemplate>();

  constructor(
    filename: string,
    private readonly lookup: TemplateLookup,
    private readonly searchPath: string[] = [nodePath.dirname(filename)],
    mode: Mode = 'xml',
    readonly root: string = nodePath.dirname(filename),
  ) {
    super(null, filename, mode, { booleanAttributes: lookup.options.booleanAttributes });
  }

  protected source(): string {
    // The version is taken before the read: an edit in between is seen at the next render.
    this.lastRead = fileSignature(this.filename);
    let body = fs.readFileSync(this.filename, 'utf-8');
    if (body.charCodeAt(0) === 0xfeff) body = body.slice(1);
    if (!body.startsWith('<?xml') && body.includes('\r')) body = body.replace(/\r\n/g, '\n').replace(/\r/g, '\n');
    this.lookup.options.onRead?.(this.filename);
    return body;
  }

  check(): void {
    if (this.lookup.options.autoReload && this.lastRead !== null && fileSignature(this.filename) !== this.lastRead) this.invalidate();
    super.check();
  }

  load(spec: unknown): PageTemplate {
    const name = String(spec).trim();
    let template = this.loaded.get(name);
    if (!template) {
      template = this.find(name);
      // With autoReload a file may appear (earlier on the search path) or go: looked for each time.
      if (!this.lookup.options.autoReload) this.loaded.set(name, template);
    }
    return template;
  }

  private find(name: string): PageTemplate {
    try {
      if (/^[^/\\]{2,}:/.test(name)) {
        const { file, root } = locateAsset(name, nodePath.dirname(this.filename));
        return this.lookup.get(file, this.searchPath, this.mode, root);
      }
      // Each folder of the search path in turn; a file found outside the root is refused.
      const found = this.searchPath.map((dir) => nodePath.resolve(dir, name)).find((p) => fs.existsSync(p));
      if (!found) throw new PyValueError(`Template not found: ${name}.`);
      return this.lookup.get(resolveInside(this.root, found, found), this.searchPath, this.mode, this.root);
    } catch (error) {
      if (error instanceof PyValueError) throw error;
      throw new PyValueError((error as Error).message);
    }
  }
}

/** One compiled template per file, shared by every renderer and `load:` of an application. */
export class TemplateLookup {
  private readonly templates = new Map<string, PageTemplateFile>();

  constructor(readonly options: LookupOptions = {}) {}

  /**
   * The template for an absolute file name (a markup template unless `mode` is 'text'), whose
   * `load:` names stay inside `root` (by default its own folder).
   */
  get(file: string, searchPath?: string[], mode: Mode = 'xml', root?: string): PageTemplateFile {
    const key = mode === 'xml' ? file : `${mode}:${file}`;
    let template = this.templates.get(key);
    if (!template) {
      if (!fs.existsSync(file)) throw new PyValueError(`Missing template file: ${file}`);
      const dir = nodePath.dirname(file);
      template = new PageTemplateFile(file, this, searchPath ? [dir, ...searchPath.filter((p) => p !== dir)] : [dir], mode, root ?? dir);
      this.templates.set(key, template);
    }
    return template;
  }
}
