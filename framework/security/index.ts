/**
 * Security, as Pyramid 2.0's: login cookies (`AuthTktCookieHelper`, pyramid.authentication),
 * ACL permissions (`ACLHelper`, pyramid.authorization), and the security policy's request API and
 * `remember`/`forget` (pyramid.security). CSRF storage policies are csrf.ts's (pyramid.csrf).
 */
export { AuthTktCookieHelper, AuthTicket, BadTicket, parseTicket, calculateDigest, encodeIpTimestamp } from './authtkt';
export type { AuthTktOptions, AuthTktIdentity, AuthTktRequest, Userid, ParsedTicket } from './authtkt';
export { ACLHelper, ACLAllowed, ACLDenied, Allowed, Denied, PermitsResult, Allow, Deny, Everyone, Authenticated, ALL_PERMISSIONS, DENY_ALL, AllPermissionsList } from './acl';
export type { ACE, ACL, ACLSource, ACEPermissions, ACLMatch } from './acl';
export { NO_PERMISSION_REQUIRED, remember, forget, identity, authenticatedUserid, isAuthenticated, hasPermission, permits } from './policy';
export type { SecurityPolicy, Headers } from './policy';
export type { DefaultCsrfOptions } from './derivers';
export { SessionAuthenticationHelper } from './sessionhelper';
export { extractHttpBasicCredentials, type HTTPBasicCredentials } from './basicauth';
