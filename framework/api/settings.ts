/** `pyramid-ts/settings`, as `pyramid.settings`: reading ini values. */
export { asbool, aslist } from '../ini';
