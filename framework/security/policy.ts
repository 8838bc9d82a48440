/**
 * The security policy, as Pyramid 2.0's: one object the app gives `config.setSecurityPolicy`,
 * asked who the user is (`identity`, `authenticatedUserid`), whether they may do something
 * (`permits`), and for the headers that log them in or out (`remember`, `forget`). The request
 * API (`request.identity`, `request.hasPermission(...)`) and the `permission` view option ask it.
 *
 * @example
 *   class SecurityPolicy {
 *     authtkt = new AuthTktCookieHelper(secret);
 *     acl = new ACLHelper();
 *     identity(request) { return this.authtkt.identify(request); }
 *     authenticatedUserid(request) { return this.identity(request)?.userid ?? null; }
 *     permits(request, context, permission) { return this.acl.permits(context, principalsOf(request), permission); }
 *     remember(request, userid, kw) { return this.authtkt.remember(request, userid, kw); }
 *     forget(request) { return this.authtkt.forget(request); }
 *   }
 */
import { Allowed, type PermitsResult } from './acl';
import type { Registry } from '../registry';

/** The permission that means "anyone", overriding a default permission (Pyramid's NO_PERMISSION_REQUIRED). */
export const NO_PERMISSION_REQUIRED = '__no_permission_required__';

export type Headers = Array<[string, string]>;

/** Pyramid's ISecurityPolicy. `permits` may answer a boolean or a PermitsResult (ACLAllowed/ACLDenied...). */
export interface SecurityPolicy {
  identity(request: any): unknown;
  authenticatedUserid(request: any): unknown;
  permits(request: any, context: unknown, permission: string): PermitsResult | boolean;
  remember(request: any, userid: any, kw?: Record<string, any>): Headers;
  forget(request: any, kw?: Record<string, any>): Headers;
}

/** What the security functions need of a request. */
export interface SecurityRequest {
  registry?: Registry | null;
  context?: unknown;
}

const POLICY = 'pyramid.securityPolicy';

/** Checks that `policy` has every method, naming the missing ones. */
export function checkSecurityPolicy(policy: unknown): asserts policy is SecurityPolicy {
  const missing = ['identity', 'authenticatedUserid', 'permits', 'remember', 'forget'].filter((m) => typeof (policy as any)?.[m] !== 'function');
  if (missing.length) {
    throw new TypeError(`A security policy needs the methods identity, authenticatedUserid, permits, remember and forget; this one lacks ${missing.join(', ')}`);
  }
}

/** Registers the policy (what `config.setSecurityPolicy` does when it commits). */
export function registerSecurityPolicy(registry: Registry, policy: SecurityPolicy): void {
  registry.extras.set(POLICY, policy);
}

/** The registry's security policy, or null. */
export function securityPolicyOf(registry: Registry | null | undefined): SecurityPolicy | null {
  return (registry?.extras.get(POLICY) as SecurityPolicy | undefined) ?? null;
}

/** Whether a `permits` answer allows: a boolean, or a PermitsResult's `allowed`. */
export function isAllowed(result: PermitsResult | boolean): boolean {
  return typeof result === 'boolean' ? result : Boolean(result?.allowed);
}

/**
 * Headers that log `userid` in (Pyramid's `pyramid.security.remember`); none without a policy.
 *
 * @example
 *   return new HTTPFound({ location: cameFrom, headers: remember(request, login) });
 */
export function remember(request: SecurityRequest, userid: unknown, kw: Record<string, any> = {}): Headers {
  const policy = securityPolicyOf(request.registry);
  return policy ? policy.remember(request, userid, kw) : [];
}

/** Headers that log the user out (Pyramid's `pyramid.security.forget`); none without a policy. */
export function forget(request: SecurityRequest, kw: Record<string, any> = {}): Headers {
  const policy = securityPolicyOf(request.registry);
  return policy ? policy.forget(request, kw) : [];
}

/** `request.identity`: what the policy says identifies the user, or null. */
export function identity(request: SecurityRequest): unknown {
  const policy = securityPolicyOf(request.registry);
  return policy ? (policy.identity(request) ?? null) : null;
}

/** `request.authenticatedUserid`: the logged-in user's id, or null. */
export function authenticatedUserid(request: SecurityRequest): unknown {
  const policy = securityPolicyOf(request.registry);
  return policy ? (policy.authenticatedUserid(request) ?? null) : null;
}

/** `request.isAuthenticated`: whether there is an authenticated userid. */
export function isAuthenticated(request: SecurityRequest): boolean {
  return authenticatedUserid(request) !== null;
}

/**
 * The policy's answer for `permission` on `context` (default: the request's context), as Pyramid's
 * `request.has_permission` returns it; without a policy, Allowed.
 */
export function permits(request: SecurityRequest, permission: string, context?: unknown): PermitsResult | boolean {
  const policy = securityPolicyOf(request.registry);
  if (!policy) return new Allowed('No security policy in use.');
  return policy.permits(request, context === undefined ? (request.context ?? null) : context, permission);
}

/**
 * `request.hasPermission(permission, context?)`: true or false. (Pyramid returns its result object,
 * which Python reads as a boolean; a JS object is always truthy, so the reason is `permits()`'s.)
 */
export function hasPermission(request: SecurityRequest, permission: string, context?: unknown): boolean {
  return isAllowed(permits(request, permission, context));
}
