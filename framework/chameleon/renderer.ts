/**
 * The `.pt` renderer, as pyramid_chameleon's: a renderer name is a file next to the view's module
 * or an asset spec (`tutorial:templates/home.pt`), optionally naming one macro to render
 * (`templates/page.pt#sidebar`... written `page#sidebar.pt`, as pyramid_chameleon spells it).
 * Templates see the view's values over Pyramid's system values (`request`, `view`, `context`,
 * `renderer_name`, ...). One compiled template per file and registry; with
 * `pyramid.reload_templates` a template (and every layout or macro file it loads) is compiled
 * again after it changed, checked on each render.
 */
import * as nodePath from 'node:path';
import type { TemplateLookup } from './template';
import { locateAsset } from '../path';
import { watchFiles } from '../reloader';
import { asbool } from '../ini';
import type { Registry } from '../registry';
import type { RendererFactory, RendererInfo, RenderFunction } from '../renderers';
import type { Mode } from './parser';

const LOOKUP_KEY = 'chameleon.lookup';

/** The registry's template lookup, made on first use with its settings. */
export function templateLookup(registry: Registry): TemplateLookup {
  let lookup = registry.extras.get(LOOKUP_KEY) as TemplateLookup | undefined;
  if (!lookup) {
    const settings = registry.settings;
    const reload = asbool(settings['pyramid.reload_templates'] ?? settings['reload_templates']);
    // The engine is loaded by the first `.pt` renderer: an app of other templates never loads it.
    const { TemplateLookup: Lookup } = require('./template') as typeof import('./template');
    lookup = new Lookup({ autoReload: reload, onRead: (file) => watchFiles([file]) });
    registry.extras.set(LOOKUP_KEY, lookup);
  }
  return lookup;
}

// pyramid_chameleon's spec: `asset[#macro].ext`.
const SPEC_RE = /^([\w_.:/\\-]+?)(?:#([\w_]+))?(\.[^./\\#]*)$/;

/** The renderer factory for `.pt` names. */
export const chameleonRendererFactory: RendererFactory = (info) => templateRenderer(info, 'xml');

/** The renderer factory for `.txt` names: text templates, `${...}` only, nothing escaped (pyramid_chameleon's). */
export const chameleonTextRendererFactory: RendererFactory = (info) => templateRenderer(info, 'text');

function templateRenderer(info: RendererInfo, mode: Mode): RenderFunction {
  let name = info.name;
  let macro = '';
  const m = SPEC_RE.exec(name);
  if (m && m[2]) {
    name = m[1] + m[3];
    macro = m[2];
  }
  // The folder (or package) of the configured name is the one its load: names stay inside.
  const { file, root } = locateAsset(name, info.dir);
  const lookup = templateLookup(info.registry);
  const { renderNamespace } = require('./template') as typeof import('./template');
  return (value, system) => {
    // Pyramid's `system.update(value)`: the view's names over the system values.
    let names: Record<string, unknown>;
    if (value instanceof Map) names = Object.fromEntries(value);
    else if (value !== null && typeof value === 'object' && !Array.isArray(value)) names = value as Record<string, unknown>;
    else throw new TypeError(`renderer was passed non-dictionary as value (${nodePath.basename(file)} needs an object of names)`);
    return lookup.get(file, undefined, mode, root).renderContext(renderNamespace(system as unknown as Record<string, unknown>, names), macro);
  };
}
