/** Security: login cookies (AuthTkt), ACL permissions, the security policy, CSRF. */
export { AuthTktCookieHelper, AuthTicket, BadTicket, parseTicket, calculateDigest, encodeIpTimestamp } from './authtkt';
export type { AuthTktOptions, AuthTktIdentity, AuthTktRequest, Userid, ParsedTicket } from './authtkt';
