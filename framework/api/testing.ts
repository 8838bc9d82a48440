/** `pyramid-ts/testing`, as `pyramid.testing` (and WebTest's `TestApp`). */
export {
  setUp,
  tearDown,
  getCurrentRegistry,
  DummyRequest,
  DummySession,
  DummySecurityPolicy,
  makeDummySession,
  TestApp,
  TestResponse,
  AppError,
  type DummyRequestOptions,
  type TestRequestOptions,
  type StatusExpectation,
} from '../testing';
