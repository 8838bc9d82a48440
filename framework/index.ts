/**
 * The public API. Pyramid's modules map to these names:
 * `pyramid.config` → Configurator; `pyramid.view` → viewConfig, viewDefaults;
 * `pyramid.response` → Response; `pyramid.httpexceptions` → HTTP*; `pyramid.session` →
 * SignedCookieSessionFactory; `pyramid.testing` → testing; `pyramid.events` → NewRequest, ...,
 * subscriber; `pyramid.tweens` → INGRESS, MAIN, EXCVIEW; `pyramid.traversal` → traverse, ...;
 * `pyramid.security`, `pyramid.authentication`, `pyramid.authorization` → the security names
 * (framework/security).
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
export * from './security';
export { getLogger } from './logging';
export { subscriber } from './decorators';
export { NewRequest, BeforeTraversal, ContextFound, NewResponse, BeforeRender, ApplicationCreated } from './events';
export { INGRESS, MAIN, EXCVIEW, type Handler, type TweenFactory } from './tweens';
export { VIEW, type ViewDeriver, type ViewDeriverInfo } from './derivers';
export type { PredicateFactory, PredicateInfo } from './predicates';
export { traverse, lineage, findResource, resourcePath, KeyError, type Resource, type RootFactory } from './traversal';
export { FileResponse, type StaticViewOptions } from './static';
export type { Introspectable } from './introspection';
export { testing };
export { loadApp, appConfig, aslist, IniError } from './ini';
