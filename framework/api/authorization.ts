/** `pyramid-ts/authorization`, as `pyramid.authorization`: ACLs. */
export {
  ACLHelper,
  ACLAllowed,
  ACLDenied,
  Allow,
  Deny,
  Everyone,
  Authenticated,
  ALL_PERMISSIONS,
  DENY_ALL,
  AllPermissionsList,
  type ACE,
  type ACL,
} from '../security';
