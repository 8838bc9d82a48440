/** Security: login cookies (AuthTkt), ACL permissions, the security policy, CSRF. */
export { AuthTktCookieHelper, AuthTicket, BadTicket, parseTicket, calculateDigest, encodeIpTimestamp } from './authtkt';
export type { AuthTktOptions, AuthTktIdentity, AuthTktRequest, Userid, ParsedTicket } from './authtkt';
export { ACLHelper, ACLAllowed, ACLDenied, Allowed, Denied, PermitsResult, Allow, Deny, Everyone, Authenticated, ALL_PERMISSIONS, DENY_ALL, AllPermissionsList } from './acl';
export type { ACE, ACL, ACLSource, ACEPermissions, ACLMatch } from './acl';
export {
  NO_PERMISSION_REQUIRED, remember, forget, identity, authenticatedUserid, isAuthenticated, hasPermission, permits, isAllowed,
  securityPolicyOf, registerSecurityPolicy, checkSecurityPolicy,
} from './policy';
export type { SecurityPolicy, Headers } from './policy';
export { securedView, csrfView, registerDefaultPermission, registerDefaultCsrfOptions } from './derivers';
export type { DefaultCsrfOptions, SecurityDeriverInfo } from './derivers';
export { CookieCSRFStoragePolicy, SessionCSRFStoragePolicy, LegacySessionCSRFStoragePolicy, getCsrfToken, newCsrfToken, checkCsrfToken, checkCsrfOrigin, registerCsrfStoragePolicy, csrfStoragePolicyOf } from '../csrf';
export type { CSRFStoragePolicy, CookieCSRFOptions } from '../csrf';
