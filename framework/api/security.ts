/** `pyramid-ts/security`, as `pyramid.security`: remember, forget, NO_PERMISSION_REQUIRED, and the results of a permission check. */
export { remember, forget, permits, NO_PERMISSION_REQUIRED, Allowed, Denied, PermitsResult, type SecurityPolicy, type DefaultCsrfOptions } from '../security';
export { includeme } from '../security/includeme';
