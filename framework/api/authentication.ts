/** `pyramid-ts/authentication`, as `pyramid.authentication`: the auth_tkt cookie. */
export {
  AuthTktCookieHelper,
  AuthTicket,
  BadTicket,
  parseTicket,
  calculateDigest,
  encodeIpTimestamp,
  SessionAuthenticationHelper,
  extractHttpBasicCredentials,
  type HTTPBasicCredentials,
  type AuthTktOptions,
  type AuthTktIdentity,
  type Userid,
} from '../security';
