/**
 * What security adds to every Configurator, as Pyramid's setup does: the `secured_view` and
 * `csrf_view` view derivers (declaring the `permission` and `requireCsrf` view options), just
 * under INGRESS with the permission check first, and the request API (`request.identity`,
 * `authenticatedUserid`, `isAuthenticated`, `hasPermission`, with snake_case aliases for
 * templates ported from Python) as request methods.
 */
import { INGRESS, type ViewDeriver } from '../derivers';
import { authenticatedUserid, hasPermission, identity, isAuthenticated } from './policy';
import { csrfView, securedView } from './derivers';

/** The two directives this needs (a Configurator). */
export interface SecurityConfigurator {
  addViewDeriver(deriver: ViewDeriver, options: { name?: string; under?: string | string[]; over?: string | string[] }): void;
  addRequestMethod(fn: (request: any, ...args: any[]) => unknown, name?: string, options?: { property?: boolean; reify?: boolean }): void;
}

export function includeme(config: SecurityConfigurator): void {
  config.addViewDeriver(securedView as ViewDeriver, { name: 'secured_view', under: INGRESS, over: 'owrapped_view' });
  config.addViewDeriver(csrfView as ViewDeriver, { name: 'csrf_view', under: 'secured_view', over: 'owrapped_view' });
  for (const [names, fn] of [
    [['identity'], identity],
    [['authenticatedUserid', 'authenticated_userid'], authenticatedUserid],
    [['isAuthenticated', 'is_authenticated'], isAuthenticated],
  ] as const) {
    for (const name of names) config.addRequestMethod(fn, name, { property: true });
  }
  for (const name of ['hasPermission', 'has_permission']) config.addRequestMethod(hasPermission, name);
}

// The request API, for TypeScript: these are on every request of an app (Pyramid's SecurityAPIMixin).
declare module '../request' {
  interface Request {
    /** What the security policy says identifies the user, or null (Pyramid's `request.identity`). */
    readonly identity: unknown;
    /** The logged-in user's id, or null. */
    readonly authenticatedUserid: unknown;
    readonly authenticated_userid: unknown;
    /** Whether there is a logged-in user. */
    readonly isAuthenticated: boolean;
    readonly is_authenticated: boolean;
    /** Whether the policy permits `permission` on `context` (default: the request's context). */
    hasPermission(permission: string, context?: unknown): boolean;
    has_permission(permission: string, context?: unknown): boolean;
  }
}
