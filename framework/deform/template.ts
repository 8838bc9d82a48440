/**
 * How deform renders its widgets: `.pt` templates (this folder's templates/) through the
 * framework's Chameleon engine, found by name along a search path (deform's ZPTRendererFactory).
 * An application puts its own folder first to replace a widget's template.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { TemplateLookup } from '../chameleon';
import { TemplateError } from './exception';

/** Renders the template `name` (without `.pt`) with `values`. */
export type Renderer = (name: string, values: Record<string, unknown>) => string;

/** deform's own templates. */
export const templatesDir = nodePath.join(__dirname, 'templates');

/**
 * A renderer looking for `<name>.pt` in each folder of `searchPath` in turn (deform's
 * `ZPTRendererFactory(search_path)`); `autoReload` compiles a template again when its file changed.
 */
export function zptRendererFactory(searchPath: readonly string[], options: { autoReload?: boolean } = {}): Renderer {
  const lookup = new TemplateLookup({ autoReload: options.autoReload ?? false });
  const found = new Map<string, string>();
  return (name, values) => {
    let file = found.get(name);
    if (!file) {
      file = searchPath.map((dir) => nodePath.join(dir, `${name}.pt`)).find((candidate) => fs.existsSync(candidate));
      if (!file) throw new TemplateError(`deform template '${name}' not found (looked for ${name}.pt in ${searchPath.join(', ')})`);
      found.set(name, file);
    }
    return lookup.get(file, [...searchPath]).render(values);
  };
}

export const defaultRenderer: Renderer = zptRendererFactory([templatesDir]);
