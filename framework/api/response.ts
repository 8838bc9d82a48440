/** `pyramid-ts/response`, as `pyramid.response`. */
export { Response, type CookieOptions, type ResponseInit, type HeadersInit } from '../response';
