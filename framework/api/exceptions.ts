/** `pyramid-ts/exceptions`, as `pyramid.exceptions`. */
export { ConfigurationError, ConfigurationConflictError } from '../exceptions';
