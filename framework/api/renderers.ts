/** `pyramid-ts/renderers`, as `pyramid.renderers`: the types a renderer factory deals in. */
export type { RendererFactory, RendererInfo, SystemValues, RenderFunction } from '../renderers';
