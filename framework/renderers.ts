/**
 * Renderers turn what a view returns into a response body, chosen by name (`json`,
 * `string`) or by file extension (`.pt`, `.jinja2`, ... once a template add-on is included),
 * as Pyramid's renderer factories. The response is `request.response`, so headers and cookies
 * a view set on it survive rendering.
 */
import * as nodePath from 'node:path';
import { pyDumps } from './pyjson';
import { BeforeRender } from './events';
import type { Registry } from './registry';
import type { Request } from './request';
import type { Response } from './response';

export interface RendererInfo {
  /** As given: `home.pt`, `tutorial:templates/home.pt`, `json`. */
  name: string;
  /** The directory relative names resolve against (the declaring module's). */
  dir: string;
  /** The factory's key: `json`, or an extension such as `.pt`. */
  type: string;
  registry: Registry;
}

/** What a template sees besides the view's values, as in Pyramid. */
export interface SystemValues {
  view: unknown;
  context: unknown;
  request: Request;
  req: Request;
  renderer_name: string;
  renderer_info: RendererInfo;
}

export type RenderFunction = (value: unknown, system: SystemValues) => string | Buffer;

/** Pyramid's IRendererFactory: called once per renderer name at commit; returns the render function. */
export type RendererFactory = (info: RendererInfo) => RenderFunction;

/** Renders a view's value into `request.response`. */
export class RendererHelper {
  constructor(
    readonly info: RendererInfo,
    readonly render: RenderFunction,
  ) {}

  renderView(value: unknown, view: unknown, context: unknown, request: Request): Response {
    let system: SystemValues = {
      view,
      context,
      request,
      req: request,
      renderer_name: this.info.name,
      renderer_info: this.info,
    };
    // Pyramid's BeforeRender: subscribers may change or add system values (renderer globals).
    const registry = this.info.registry;
    if (registry.hasListeners) {
      const event = new BeforeRender(system, value);
      registry.notify(event);
      system = event as unknown as SystemValues;
    }
    const response = request.response;
    response.body = this.render(value, system);
    return response;
  }
}

/** Pyramid's JSON renderer: Python's `json.dumps` layout, `application/json` unless the view chose a type. */
const jsonRendererFactory: RendererFactory = () => (value, system) => {
  const response = system.request.response;
  if (response.contentType === 'text/html') {
    response.contentType = 'application/json';
    response.charset = null;
  }
  return pyDumps(value);
};

/** Pyramid's string renderer: `String(value)` as `text/plain`. */
const stringRendererFactory: RendererFactory = () => (value, system) => {
  const response = system.request.response;
  if (response.contentType === 'text/html') response.contentType = 'text/plain';
  return typeof value === 'string' ? value : String(value);
};

export const builtinRenderers: Record<string, RendererFactory> = {
  json: jsonRendererFactory,
  string: stringRendererFactory,
};

/** The factory for a renderer name: by the whole name, else by its extension; a clear error otherwise. */
export function rendererFactoryFor(name: string, factories: Map<string, RendererFactory>): { factory: RendererFactory; type: string } {
  const exact = factories.get(name);
  if (exact) return { factory: exact, type: name };
  const ext = nodePath.extname(name);
  const byExt = ext ? factories.get(ext) : undefined;
  if (byExt) return { factory: byExt, type: ext };
  const known = [...factories.keys()].join(', ');
  const hint = ext
    ? ` Templates need an add-on: config.include('pyramid_chameleon') (or 'pyramid_jinja2') registers .pt, .txt, .jinja2, .njk and .html.`
    : '';
  throw new Error(`No renderer for '${name}'. Known renderers: ${known}.${hint}`);
}
