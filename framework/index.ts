/**
 * The public API, `pyramid-ts`: everything that the modules named as Pyramid's (`pyramid-ts/config`,
 * `pyramid-ts/view`, `pyramid-ts/events`, ...: ./api/) export, and the types an app or add-on
 * works with.
 */
import 'reflect-metadata';
import * as testing from './api/testing';

export * from './api/config';
export * from './api/view';
export * from './api/request';
export * from './api/response';
export * from './api/httpexceptions';
export * from './api/session';
export * from './api/csrf';
export * from './api/renderers';
export * from './api/settings';
export * from './api/paster';
export * from './api/scripting';
export * from './api/multidict';
export * from './api/waitress';
export * from './api/events';
export * from './api/tweens';
export * from './api/traversal';
export * from './api/predicates';
export * from './api/exceptions';
export * from './api/authentication';
export * from './api/authorization';
export { remember, forget, permits, NO_PERMISSION_REQUIRED, Allowed, Denied, PermitsResult, type SecurityPolicy, type DefaultCsrfOptions } from './api/security';
// derivers have an INGRESS of their own; the root's INGRESS is the tweens'
export { VIEW, type ViewDeriver, type ViewDeriverInfo } from './api/viewderivers';
export { FileResponse, type StaticViewOptions } from './api/static';
export { getLogger } from './api/logging';
export { testing };
export { Registry, type Settings } from './registry';
export { Route, type RouteOptions } from './routes';
export type { ViewOptions, DerivedView } from './views';
export type { App } from './router';
export type { Introspectable } from './introspection';
export { loadApp, appConfig, IniError } from './ini';
