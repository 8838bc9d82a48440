/** `pyramid-ts/csrf`, as `pyramid.csrf`. */
export { newCsrfToken, getCsrfToken, checkCsrfToken, checkCsrfOrigin, requireCsrf, BadCSRFToken, BadCSRFOrigin } from '../csrf';
