/**
 * The public API. Pyramid's modules map to these names:
 * `pyramid.config` → Configurator; `pyramid.view` → viewConfig, viewDefaults;
 * `pyramid.response` → Response; `pyramid.httpexceptions` → HTTP*; `pyramid.session` →
 * SignedCookieSessionFactory; `pyramid.testing` → testing.
 */
import 'reflect-metadata';
import * as testing from './testing';

export { Configurator, ConfigurationError, ConfigurationConflictError, type ConfiguratorOptions } from './config';
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
  type ISession,
  type SessionFactory,
  type SignedCookieSessionOptions,
} from './session';
export { getLogger } from './logging';
export { testing };
