/** `pyramid-ts/session`, as `pyramid.session`: cookie session factories and serializers. */
export {
  SignedCookieSessionFactory,
  BaseCookieSessionFactory,
  SignedSerializer,
  JSONSerializer,
  SessionBase,
  asDict,
  SessionCookieTooLargeError,
  MAX_COOKIE_VALUE_LENGTH,
  type ISession,
  type SessionFactory,
  type SignedCookieSessionOptions,
  type BaseCookieSessionOptions,
} from '../session';
