/**
 * The public API. Pyramid's modules map to these names:
 * `pyramid.config` → Configurator; `pyramid.view` → viewConfig, viewDefaults;
 * `pyramid.response` → Response; `pyramid.httpexceptions` → HTTP*; `pyramid.session` →
 * SignedCookieSessionFactory; `pyramid.testing` → testing.
 */
import 'reflect-metadata';
import * as testing from './testing';

export { Configurator, type ConfiguratorOptions } from './config';
export { ConfigurationError, ConfigurationConflictError } from './exceptions';
export { URLDecodeError } from './urldecode';
export { viewConfig, viewDefaults, notFoundViewConfig, forbiddenViewConfig, exceptionViewConfig } from './decorators';
export { Request } from './request';
export { Response, type CookieOptions, type ResponseInit } from './response';
export * from './httpexceptions';
export { MultiDict } from './multidict';
export { Registry, asbool, type Settings } from './registry';
export { Route, type RouteOptions } from './routes';
export type { ViewOptions, DerivedView } from './views';
export type { RendererFactory, RendererInfo, SystemValues } from './renderers';
export type { App } from './router';
export {
  SignedCookieSessionFactory,
  BaseCookieSessionFactory,
  SignedSerializer,
  JSONSerializer,
  SessionBase,
  asDict,
  SessionCookieTooLargeError,
  MAX_COOKIE_VALUE_LENGTH,
  type ISession,
  type SessionFactory,
  type SignedCookieSessionOptions,
} from './session';
export { newCsrfToken, getCsrfToken, checkCsrfToken, checkCsrfOrigin, requireCsrf, BadCSRFToken, BadCSRFOrigin } from './csrf';
export { getLogger } from './logging';
export { testing };
export { loadApp, appConfig, aslist, IniError } from './ini';
