/** `pyramid-ts/csrf`, as `pyramid.csrf`: tokens, checks, and where tokens are kept. */
export {
  newCsrfToken,
  getCsrfToken,
  checkCsrfToken,
  checkCsrfOrigin,
  requireCsrf,
  BadCSRFToken,
  BadCSRFOrigin,
  LegacySessionCSRFStoragePolicy,
  SessionCSRFStoragePolicy,
  CookieCSRFStoragePolicy,
  type CSRFStoragePolicy,
  type CookieCSRFOptions,
} from '../csrf';
