/**
 * framework/session.ts: the contract suite against each factory, then what is particular to
 * cookie sessions. Byte-level agreement with the real Pyramid is in tests/interop/.
 */
import { createHmac } from 'node:crypto';
import { pyDumps, pyLoads } from '../../framework/pyjson';
import {
  BaseCookieSessionFactory,
  MAX_COOKIE_VALUE_LENGTH,
  SessionCookieTooLargeError,
  SignedCookieSessionFactory,
  type CookieSerializer,
  type SignedCookieSessionOptions,
} from '../../framework/session';
import { Browser, runSessionContract } from './session-contract';
import { flipChar, signRaw } from './helpers';

const SECRET = 'itsaseekreet';
const T0 = 1700000000.25;

runSessionContract('SignedCookieSessionFactory with Pyramid defaults', (clock) => SignedCookieSessionFactory(SECRET, { clock }));
runSessionContract('SignedCookieSessionFactory with sha256, a salt of its own and cookie sid', (clock) =>
  SignedCookieSessionFactory(SECRET, { clock, hashalg: 'sha256', salt: 'app.', cookieName: 'sid' }),
);
runSessionContract('SignedCookieSessionFactory with old secrets', (clock) => SignedCookieSessionFactory(SECRET, { clock, oldSecrets: ['older', 'oldest'] }));

/** Plain base64 JSON: no signature. For the contract only; it lets a client write any session. */
const unsignedJson: CookieSerializer = {
  dumps: (appstruct) => Buffer.from(pyDumps(appstruct)).toString('base64url'),
  loads: (value) => pyLoads(Buffer.from(value, 'base64url').toString('utf-8')),
};
runSessionContract('BaseCookieSessionFactory with a serializer of its own', (clock) => BaseCookieSessionFactory(unsignedJson, { clock }));

/** A browser on a signed cookie factory with these options. */
function makeOne(options: SignedCookieSessionOptions = {}, secret = SECRET): Browser {
  return new Browser((clock) => SignedCookieSessionFactory(secret, { clock, ...options }));
}

/** The JSON inside a signed cookie value (sha512: the first 64 bytes are the signature). */
function payloadOf(value: string): string {
  return Buffer.from(value, 'base64url').subarray(64).toString('utf-8');
}

describe('options, checked when the factory is made', () => {
  test("Pyramid's defaults: a browser-session cookie with Path=/ and SameSite=Lax, nothing else", () => {
    const { setCookies } = makeOne().visit((s) => (s['n'] = 1));
    expect(setCookies).toHaveLength(1);
    expect(setCookies[0]).toMatch(/^session=[A-Za-z0-9_-]+; Path=\/; SameSite=Lax$/);
  });

  test.each<[string, SignedCookieSessionOptions | string, RegExp]>([
    ['maxAge that is not a number', { maxAge: 'a day' }, /Session option maxAge must be a whole number of seconds or null, not "a day"/],
    ['timeout with a fraction in text', { timeout: '1.5' }, /Session option timeout must be a whole number/],
    ['reissueTime NaN', { reissueTime: NaN }, /Session option reissueTime must be a whole number/],
    ['an unknown samesite', { samesite: 'Sometimes' }, /samesite must be 'Strict', 'Lax', 'None' or null, not "Sometimes"/],
    ["samesite 'None' without secure", { samesite: 'None' }, /samesite 'None' needs secure: true/],
    ['a hash Node does not know', { hashalg: 'sha42' }, /unsupported hash type sha42/],
    ['a hash with no fixed digest size', { hashalg: 'shake_128' }, /unsupported hash type shake_128/],
  ])('%s is refused', (_name, options, message) => {
    expect(() => SignedCookieSessionFactory(SECRET, options as SignedCookieSessionOptions)).toThrow(message);
  });

  test('a secret that is not a string is refused with a clear message', () => {
    expect(() => SignedCookieSessionFactory(undefined as unknown as string)).toThrow('the secret must be a string, not undefined');
  });

  test('numbers are int()-ed as Pyramid does: "3600" and 120.9 are accepted as 3600 and 120', () => {
    const browser = makeOne({ maxAge: '3600', reissueTime: 120.9 });
    browser.visit((s) => (s['n'] = 1));
    expect(browser.visit((s) => s['n']).setCookies[0]).toBeUndefined();
    browser.now += 120.5; // 120 whole seconds after the stored accessed: not yet
    expect(browser.visit((s) => s['n']).setCookies).toEqual([]);
    browser.now += 1;
    expect(browser.visit((s) => s['n']).setCookies[0]).toMatch(/Max-Age=3600; Path=\/; Expires=.*; SameSite=Lax$/);
  });

  test("Expires is the session clock's now + maxAge", () => {
    const { setCookies } = makeOne({ maxAge: 60 }).visit((s) => (s['n'] = 1));
    expect(setCookies[0]).toContain(`Expires=${new Date((Math.trunc(T0) + 60) * 1000).toUTCString()}`);
  });
});

describe('what Pyramid sessions do not see', () => {
  test('a nested change without changed() is lost, as in Pyramid (the state is written only when marked)', () => {
    const browser = makeOne();
    browser.visit((s) => (s['cart'] = []));
    browser.visit((s) => s['cart'].push('apple')); // the same second: the read does not re-send either
    expect(browser.visit((s) => s['cart']).result).toEqual([]);
  });

  test('setOnException: false writes no cookie when an exception view made the response', () => {
    const browser = makeOne({ setOnException: false });
    expect(browser.visit((s) => (s['n'] = 1), { exception: new Error('boom') }).setCookies).toEqual([]);
    expect(browser.visit((s) => (s['n'] = 1)).setCookies).toHaveLength(1);
  });
});

describe('the size limit', () => {
  test('past 4064 characters the write throws an error naming the size, and no cookie is added', () => {
    let thrown: unknown;
    try {
      makeOne().visit((s) => (s['big'] = 'x'.repeat(4000)));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SessionCookieTooLargeError);
    const error = thrown as SessionCookieTooLargeError;
    expect(error.length).toBeGreaterThan(MAX_COOKIE_VALUE_LENGTH);
    expect(error.message).toBe(
      `Cookie value is too long to store (${error.length} bytes): the session cookie 'session' may hold at most 4064. ` +
        'Keep less in the session, or keep large data on the server.',
    );
  });
});

describe('secret rotation (beyond Pyramid)', () => {
  function cookieFrom(secret: string): string {
    const browser = makeOne({}, secret);
    browser.visit((s) => (s['user'] = 'ada'));
    return browser.jar.get('session')!;
  }

  test('a cookie signed with an old secret is read, and re-sent signed with the new secret', () => {
    const browser = makeOne({ oldSecrets: ['2023 secret', 'itsaseekreet'] }, '2024 secret');
    const { result, setCookies } = browser.visit((s) => s['user'], { cookieHeader: `session=${cookieFrom('itsaseekreet')}` });
    expect(result).toBe('ada');
    expect(setCookies).toHaveLength(1);
    // The new cookie reads with the new secret alone.
    const current = makeOne({}, '2024 secret');
    expect(current.visit((s) => s['user'], { cookieHeader: setCookies[0].split(';')[0] }).result).toBe('ada');
  });

  test('re-signing does not extend the session: accessed is written back as it was read', () => {
    const browser = makeOne({ oldSecrets: [SECRET] }, 'new secret');
    browser.now += 100;
    const { setCookies } = browser.visit(() => null, { cookieHeader: `session=${cookieFrom(SECRET)}` });
    expect(payloadOf(setCookies[0].split(';')[0].slice('session='.length))).toBe('[1700000000.0, 1700000000.25, {"user": "ada"}]');
  });

  test('a cookie signed with the current secret is not re-sent for that', () => {
    const browser = makeOne({ oldSecrets: ['old'] });
    expect(browser.visit(() => null, { cookieHeader: `session=${cookieFrom(SECRET)}` }).setCookies).toEqual([]);
  });

  test('a cookie signed with none of the secrets gives a new session', () => {
    const browser = makeOne({ oldSecrets: ['old'] });
    expect(browser.visit((s) => s.new, { cookieHeader: `session=${cookieFrom('stranger')}` }).result).toBe(true);
  });
});

describe('bad cookies: each a new, empty session, never an exception out of the factory', () => {
  const good = signRaw('[1700000000, 1700000000.25, {"user": "ada"}]');
  const cases: Array<[string, string]> = [
    ['tampered signature', `session=${flipChar(good, 3)}`],
    ['tampered payload', `session=${flipChar(good, good.length - 3)}`],
    ['truncated', `session=${good.slice(0, -1)}`],
    ['one character appended (4n+1 long: not base64)', `session=${good}A`],
    ['wrong secret', `session=${signRaw('x').replace(/^./, 'Z')}`],
    ['wrong hashalg (sha256 signature)', `session=${Buffer.concat([createHmac('sha256', 'pyramid.session.itsaseekreet').update('[1, 1, {}]').digest(), Buffer.from('[1, 1, {}]')]).toString('base64url')}`],
    ['garbage base64', 'session=***'],
    ['two characters outside base64 inside a good value (Python: incorrect padding)', `session=${good.slice(0, 40)}.!${good.slice(40)}`],
    ['empty value', 'session='],
    ['valid signature over non-JSON', `session=${signRaw('<html>')}`],
    ['valid signature over invalid UTF-8', `session=${Buffer.concat([createHmac('sha512', 'pyramid.session.itsaseekreet').update(Buffer.from([0xff])).digest(), Buffer.from([0xff])]).toString('base64url')}`],
    ['JSON that is not a list', `session=${signRaw('{"a": 1}')}`],
    ['a list of two', `session=${signRaw('[1700000000, {}]')}`],
    ['non-numeric timestamps', `session=${signRaw('[[], {}, {"user": "ada"}]')}`],
    ['a state that is a string', `session=${signRaw('[1700000000, 1700000000.25, "ada"]')}`],
    ['a state that is null', `session=${signRaw('[1700000000, 1700000000.25, null]')}`],
    ['a state that is a list of non-pairs', `session=${signRaw('[1700000000, 1700000000.25, [[1, 2, 3]]]')}`],
    ['deeply nested JSON', `session=${signRaw('['.repeat(100000) + ']'.repeat(100000))}`],
    ['deeply nested JSON with NaN (the Python-compatible parser)', `session=${signRaw('['.repeat(100000) + 'NaN' + ']'.repeat(100000))}`],
    ['two session cookies, the last one bad', `session=${good}; session=bad`],
    ['a very long cookie header', `a=${'x'.repeat(20000)}; session=${'A'.repeat(20000)}`],
  ];

  test('the good cookie reads (so the table is not vacuous)', () => {
    const { result } = makeOne().visit((s) => [s.new, s['user']], { cookieHeader: `session=${good}` });
    expect(result).toEqual([false, 'ada']);
  });

  test.each(cases)('%s', (_name, cookieHeader) => {
    const browser = makeOne();
    browser.now += 1;
    const { result } = browser.visit((s) => ({ isNew: s.new, state: s.toJSON(), created: s.created }), { cookieHeader });
    expect(result).toEqual({ isNew: true, state: {}, created: browser.now });
  });

  test('a created and accessed in the future are accepted, as in Pyramid: clocks differ', () => {
    const { result } = makeOne().visit((s) => [s.new, s['n'], s.created], { cookieHeader: `session=${signRaw('[1800000000, 1800000000.5, {"n": 1}]')}` });
    expect(result).toEqual([false, 1, 1800000000.5]);
  });
});

describe("what JSON.parse alone would lose, and how Pyramid's cookies fare", () => {
  test('integers past 2**53 come back as exact BigInts and are written back digit for digit', () => {
    const browser = makeOne();
    browser.now += 1;
    const { result } = browser.visit((s) => s['id'], { cookieHeader: `session=${signRaw('[1700000000, 1700000000.25, {"id": 9007199254740993}]')}` });
    expect(result).toBe(9007199254740993n);
    expect(payloadOf(browser.jar.get('session')!)).toBe('[1700000001, 1700000000.25, {"id": 9007199254740993}]');
  });

  test('bare NaN and Infinity, which Python writes, read as NaN and Infinity', () => {
    const { result } = makeOne().visit((s) => s.toJSON(), { cookieHeader: `session=${signRaw('[1700000000, 1700000000.25, {"a": NaN, "b": -Infinity}]')}` });
    expect(result).toEqual({ a: NaN, b: -Infinity });
  });
});
