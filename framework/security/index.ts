/** Security: login cookies (AuthTkt), ACL permissions, the security policy, CSRF. */
export { AuthTktCookieHelper, AuthTicket, BadTicket, parseTicket, calculateDigest, encodeIpTimestamp } from './authtkt';
export type { AuthTktOptions, AuthTktIdentity, AuthTktRequest, Userid, ParsedTicket } from './authtkt';
export { ACLHelper, ACLAllowed, ACLDenied, Allowed, Denied, PermitsResult, Allow, Deny, Everyone, Authenticated, ALL_PERMISSIONS, DENY_ALL, AllPermissionsList } from './acl';
export type { ACE, ACL, ACLSource, ACEPermissions, ACLMatch } from './acl';
