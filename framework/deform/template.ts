/**
 * How deform renders its widgets: `.pt` templates (this folder's templates/) through the
 * framework's Chameleon engine, found by name along a search path (deform's ZPTRendererFactory).
 * An application puts its own folder first to replace a widget's template. As deform's loader,
 * templates are compiled with Chameleon's `boolean_attributes` set to deform's list, so that
 * `tal:attributes="checked value == cstruct"` renders `checked="checked"` or nothing.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { TemplateLookup } from '../chameleon';
import { TemplateError } from './exception';

/** Renders the template `name` (without `.pt`) with `values`. */
export type Renderer = (name: string, values: Record<string, unknown>) => string;

/**
 * The attributes deform's templates treat as booleans (deform.template.BOOLEAN_HTML_ATTRS: HTML's
 * minimizable attributes, from XHTML 1.0's guidelines C.10).
 */
export const BOOLEAN_HTML_ATTRS: ReadonlySet<string> = new Set(['compact', 'nowrap', 'ismap', 'declare', 'noshade', 'checked', 'disabled', 'readonly', 'multiple', 'selected', 'noresize', 'defer']);

/** deform's own templates. */
export const templatesDir = nodePath.join(__dirname, 'templates');

/**
 * A renderer looking for `<name>.pt` in each folder of `searchPath` in turn (deform's
 * `ZPTRendererFactory(search_path)`); `autoReload` compiles a template again when its file changed.
 */
export function zptRendererFactory(searchPath: readonly string[], options: { autoReload?: boolean } = {}): Renderer {
  const lookup = new TemplateLookup({ autoReload: options.autoReload ?? false, booleanAttributes: BOOLEAN_HTML_ATTRS });
  const found = new Map<string, string>();
  const dirs = [...searchPath];
  return (name, values) => {
    let file = found.get(name);
    if (!file) {
      file = dirs.map((dir) => nodePath.join(dir, `${name}.pt`)).find((candidate) => fs.existsSync(candidate));
      if (!file) throw new TemplateError(`deform template '${name}' not found (looked for ${name}.pt in ${dirs.join(', ')})`);
      found.set(name, file);
    }
    return lookup.get(file, dirs).render(values);
  };
}

export const defaultRenderer: Renderer = zptRendererFactory([templatesDir]);
