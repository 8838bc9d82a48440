/**
 * Template renderers: `.jinja2`, `.njk` and `.html` on nunjucks (pyramid_jinja2's role, with
 * Jinja2's defaults: autoescaped, the template's final newline dropped), and `.pt` (and `.txt`
 * text templates, as pyramid_chameleon) on our Chameleon engine (chameleon/).
 *
 * Included as Pyramid's template add-ons are: `config.include('pyramid_chameleon')` or
 * `config.include('pyramid_jinja2')` (both name this module). A template name resolves against
 * the module that declared the view, or is an asset spec (`tutorial:templates/home.pt`);
 * `{% extends %}`/`{% include %}` names resolve against the including template's directory.
 *
 * With `pyramid.reload_templates = true` each render checks the modification times of the files
 * a template was compiled from (one stat each) and compiles it again after an edit, so the edit
 * shows on the next request; otherwise a template is compiled once and kept.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type * as Nunjucks from 'nunjucks';
import { chameleonRendererFactory, chameleonTextRendererFactory } from './chameleon/renderer';
import type { $py as PyRuntime } from './chameleon/pyruntime';
import { locateAsset, resolveInside } from './path';
import { fileSignature, watchFiles } from './reloader';
import { asbool } from './ini';
import type { Configurator } from './config';
import type { Registry } from './registry';
import type { RendererFactory, RendererInfo, SystemValues } from './renderers';

const NUNJUCKS_EXTENSIONS = ['.jinja2', '.njk', '.html'];

/**
 * Finds templates by absolute path or asset spec.
 * With `reload`, it remembers each file's modification time, so that `refresh()` can tell
 * whether any template (or a layout it extends) changed since it was compiled.
 */
class AssetLoader {
  private readonly versions = new Map<string, string>();
  /** Each template file's folder, which the names it includes or extends must stay inside. */
  private readonly roots = new Map<string, string>();
  /** Bumped whenever a change made the compiled templates stale. */
  generation = 0;

  constructor(private readonly baseDir: string, readonly reload: boolean) {}

  /** A configured template (a view's renderer), with the folder its includes stay inside. */
  locate(name: string, fromDir: string): string {
    const { file, root } = locateAsset(name, fromDir);
    this.remember(file, root);
    return file;
  }

  getSource(name: string): Nunjucks.LoaderSource {
    // Absolute: a configured template or a name resolve() kept inside its folder; else an asset spec.
    const file = nodePath.isAbsolute(name) ? name : this.locate(name, this.baseDir);
    let src: string;
    try {
      // The version is taken before the read: an edit in between is seen at the next render.
      if (this.reload) this.versions.set(file, fileSignature(file));
      src = fs.readFileSync(file, 'utf-8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new Error(code === 'ENOENT' ? `Template not found: ${file}` : `Cannot read template ${file}: ${(error as Error).message}`);
    }
    watchFiles([file]);
    return { src: jinja2Source(src), path: file, noCache: false };
  }

  /** With reload: drops every compiled template if a file read so far has changed (one stat each). */
  refresh(env: Nunjucks.Environment): void {
    for (const [file, seen] of this.versions) {
      if (fileSignature(file) !== seen) {
        this.versions.clear();
        (env as unknown as { invalidateCache(): void }).invalidateCache();
        this.generation++;
        return;
      }
    }
  }

  /** Every name but an asset spec goes through resolve(), absolute ones too, so that none leaves its folder. */
  isRelative(name: string): boolean {
    return !/^[^/\\]{2,}:/.test(name);
  }

  resolve(from: string, to: string): string {
    const root = this.roots.get(from) ?? nodePath.dirname(from);
    const file = resolveInside(root, from, to);
    this.remember(file, root);
    return file;
  }

  /** Notes a file's folder; only for files that exist, as names may come from request data. */
  private remember(file: string, root: string): void {
    if (!this.roots.has(file) && fs.existsSync(file)) this.roots.set(file, root);
  }
}

/**
 * The source as Jinja2's lexer reads it by default: line endings as '\n' and one final newline
 * dropped (`keep_trailing_newline=False`), so `<p>x</p>\n` renders `<p>x</p>`.
 */
function jinja2Source(src: string): string {
  return src.replace(/\r\n?/g, '\n').replace(/\n$/, '');
}

const ENV_KEY = 'templates.environment';

/**
 * nunjucks' member lookup reads `obj[name]` twice (once to see whether it is a function), so a
 * getter such as the tutorial's `view.counter` would run twice per `{{ view.counter }}`. This
 * lookup reads it once and is otherwise the same; compiled templates call it through the
 * runtime module, so it is installed there, once.
 */
function memberLookupOnce(obj: any, name: string): unknown {
  if (obj === undefined || obj === null) return undefined;
  const value = obj[name];
  if (typeof value === 'function') return (...args: unknown[]) => value.apply(obj, args);
  return value;
}
let SafeString: new (s: string) => object;
let $py: typeof PyRuntime;
const jinja2Escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

/**
 * What `{{ value }}` prints, as Jinja2 prints it (pyramid_jinja2's autoescaping environment):
 * None, True and False by those names, lists and dicts as Python writes them, an object's
 * `__html__()` (our Markup) unescaped, and markupsafe's escapes (`"` is `&#34;`). nunjucks'
 * own printing gives '', 'true' and '1,a' there. An undefined name still prints nothing.
 */
function suppressValueAsJinja2(val: unknown, autoescape: boolean): unknown {
  if (val === undefined) val = '';
  else if (val instanceof SafeString) return val;
  else if (typeof val === 'object' && val !== null && typeof (val as { __html__?: unknown }).__html__ === 'function') return new SafeString(String((val as { __html__(): unknown }).__html__()));
  else if (val === null || typeof val === 'boolean' || Array.isArray(val) || val instanceof Map || val instanceof Set || (typeof val === 'object' && Object.getPrototypeOf(val) === Object.prototype)) val = $py.str(val);
  return autoescape ? String(val).replace(/[&<>"']/g, (c) => jinja2Escapes[c]) : val;
}

let loaded: typeof Nunjucks | null = null;

/**
 * nunjucks, loaded on first use (an app of `.pt` templates never pays for it), with the two
 * functions above installed in its runtime module, which compiled templates call. Installed
 * only over the nunjucks 3 functions they were written against.
 */
function nunjucksModule(): typeof Nunjucks {
  if (loaded) return loaded;
  loaded = require('nunjucks') as typeof Nunjucks;
  ({ $py } = require('./chameleon/pyruntime') as typeof import('./chameleon/pyruntime'));
  SafeString = loaded.runtime.SafeString as unknown as new (s: string) => object;
  const runtime = loaded.runtime as unknown as { memberLookup: Function; suppressValue: Function };
  if (/^function memberLookup\(obj, val\)/.test(runtime.memberLookup.toString())) runtime.memberLookup = memberLookupOnce;
  if (/^function suppressValue\(val, autoescape\)/.test(runtime.suppressValue.toString())) runtime.suppressValue = suppressValueAsJinja2;
  return loaded;
}

/** The registry's nunjucks environment, made on first use with the registry's settings. */
function templateEnvironment(registry: Registry, baseDir: string): Nunjucks.Environment {
  let env = registry.extras.get(ENV_KEY) as Nunjucks.Environment | undefined;
  if (!env) {
    const reload = asbool(registry.settings['pyramid.reload_templates']);
    const nunjucks = nunjucksModule();
    env = new nunjucks.Environment(new AssetLoader(baseDir, reload) as unknown as Nunjucks.ILoader, { autoescape: true, dev: true });
    // dev: an error raised in a template keeps the stack of where it was raised (a view's getter, say).
    registry.extras.set(ENV_KEY, env);
  }
  return env;
}

/** nunjucks numbers the lines of errors raised while rendering from 0; say the line a reader sees. */
function renderError(error: unknown): unknown {
  if (error instanceof Error) {
    error.message = error.message.replace(/\[Line (\d+), Column (\d+)\]/, (_m, line: string, column: string) => `[Line ${Number(line) + 1}, Column ${column}]`);
  }
  return error;
}

/**
 * The top-level names a compiled template looks up, or null when it may look up any (it
 * includes, extends or imports another template, or reaches the context directly). A render
 * then hands nunjucks only those names, rather than every system value: nunjucks copies the
 * whole context on every render.
 */
const namesCache = new WeakMap<Nunjucks.Template, string[] | null>();

function lookedUpNames(template: Nunjucks.Template): string[] | null {
  if (namesCache.has(template)) return namesCache.get(template)!;
  const compiled = template as unknown as { rootRenderFunc: Function; blocks: Record<string, Function> };
  const source = [compiled.rootRenderFunc, ...Object.values(compiled.blocks ?? {})].map((fn) => fn.toString()).join('\n');
  let names: string[] | null = null;
  if (!/getTemplate|context\.(?:lookup|getVariables|ctx)\b|context\[/.test(source)) {
    names = [...new Set([...source.matchAll(/contextOrFrameLookup\(context, frame, "((?:[^"\\]|\\.)*)"\)/g)].map((m) => JSON.parse(`"${m[1]}"`) as string))];
  }
  namesCache.set(template, names);
  return names;
}

/** What the template sees: the view's values over Pyramid's system values (only the names it uses). */
function renderContext(names: string[] | null, value: unknown, system: SystemValues): Record<string, unknown> {
  const values = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  if (names === null) return values ? { ...system, ...values } : { ...system };
  const context: Record<string, unknown> = {};
  for (const name of names) {
    if (values !== null && name in values) context[name] = values[name];
    else if (name in system) context[name] = system[name as keyof SystemValues];
  }
  return context;
}

/** The renderer factory for the nunjucks extensions. */
export const templateRendererFactory: RendererFactory = (info: RendererInfo) => {
  const env = templateEnvironment(info.registry, info.dir);
  const loader = (env as unknown as { loaders: AssetLoader[] }).loaders[0];
  const file = loader.locate(info.name, info.dir);
  const reload = loader.reload; // as the registry's environment was made
  // Compiled on first render (so a broken template fails that request, not start-up), then kept;
  // with reload_templates, compiled again once one of its files changed.
  let template: Nunjucks.Template | null = null;
  let names: string[] | null = null;
  let generation = loader.generation;
  return (value, system) => {
    if (reload) {
      loader.refresh(env);
      if (generation !== loader.generation) [template, generation] = [null, loader.generation];
    }
    // Compiling first keeps compile errors (numbered from 1) apart from render errors (from 0).
    if (template === null) {
      template = env.getTemplate(file, true);
      names = lookedUpNames(template);
    }
    try {
      return template.render(renderContext(names, value, system));
    } catch (error) {
      throw renderError(error);
    }
  };
};

/** Registers the template renderers (what `config.include('pyramid_chameleon')` runs). */
export function includeme(config: Configurator): void {
  config.addRenderer('.pt', chameleonRendererFactory);
  config.addRenderer('.txt', chameleonTextRendererFactory);
  for (const ext of NUNJUCKS_EXTENSIONS) config.addRenderer(ext, templateRendererFactory);
}
