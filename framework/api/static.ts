/** `pyramid-ts/static`, as `pyramid.static`: the static view and the file response. */
export { staticView, FileResponse, type StaticViewOptions } from '../static';
