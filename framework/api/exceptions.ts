/** `pyramid-ts/exceptions`, as `pyramid.exceptions`. */
export { ConfigurationError, ConfigurationConflictError } from '../exceptions';
/** The request path's escapes are not UTF-8 (a 400 here; Pyramid's escapes as a 500). */
export { URLDecodeError } from '../urldecode';
