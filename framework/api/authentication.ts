/** `pyramid-ts/authentication`, as `pyramid.authentication`: the auth_tkt cookie. */
export {
  AuthTktCookieHelper,
  AuthTicket,
  BadTicket,
  parseTicket,
  calculateDigest,
  encodeIpTimestamp,
  type AuthTktOptions,
  type AuthTktIdentity,
  type Userid,
} from '../security';
