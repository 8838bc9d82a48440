import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BadCSRFOrigin,
  BadCSRFToken,
  checkCsrfOrigin,
  checkCsrfToken,
  getCsrfToken,
  newCsrfToken,
  requireCsrf,
  stringsDiffer,
  csrfStoragePolicyOf,
  registerCsrfStoragePolicy,
  CookieCSRFStoragePolicy,
  LegacySessionCSRFStoragePolicy,
  SessionCSRFStoragePolicy,
  type CSRFStoragePolicy,
} from '../../framework/csrf';
import { Response } from '../../framework/response';
import { HTTPBadRequest } from '../../framework/httpexceptions';
import { Registry } from '../../framework/registry';
import { Request } from '../../framework/request';
import { makeDummySession } from '../../framework/testing';

const TOKEN = '000102030405060708090a0b0c0d0e0f10111213';

interface RequestSpec {
  url?: string;
  method?: string;
  headers?: Record<string, string>;
  post?: Record<string, string> | null;
  trustedSetting?: string | null;
  sessionToken?: string | null;
}

/** A request as the router makes it, with a session holding `sessionToken`. */
function makeOne({ url = 'https://example.com/form', method, headers = {}, post = null, trustedSetting = null, sessionToken = TOKEN }: RequestSpec = {}): Request {
  const parsed = new URL(url);
  const lowered: Record<string, string> = { host: parsed.host };
  for (const [k, v] of Object.entries(headers)) lowered[k.toLowerCase()] = v;
  const body = post ? Buffer.from(new URLSearchParams(post).toString()) : undefined;
  if (body) lowered['content-type'] = 'application/x-www-form-urlencoded';
  const request = new Request({
    method: method ?? (post ? 'POST' : 'GET'),
    url: parsed.pathname + parsed.search,
    scheme: parsed.protocol.slice(0, -1),
    headers: lowered,
    body,
    registry: new Registry('app', trustedSetting === null ? {} : { 'pyramid.csrf_trusted_origins': trustedSetting }),
  });
  request.session = makeDummySession(sessionToken === null ? {} : { _csrft_: sessionToken });
  return request;
}

describe('tokens live in the session under _csrft_, as Pyramid keeps them', () => {
  test('getCsrfToken returns the stored token', () => {
    expect(getCsrfToken(makeOne())).toBe(TOKEN);
  });

  test('getCsrfToken makes and stores a token (40 hex characters) when there is none', () => {
    const request = makeOne({ sessionToken: null });
    const token = getCsrfToken(request);
    expect(token).toMatch(/^[0-9a-f]{40}$/);
    expect(request.session.get('_csrft_')).toBe(token);
    expect(getCsrfToken(request)).toBe(token);
  });

  test('newCsrfToken replaces the token', () => {
    const request = makeOne();
    const token = newCsrfToken(request);
    expect(token).not.toBe(TOKEN);
    expect(request.session.get('_csrft_')).toBe(token);
  });
});

describe('failures are 400s with Pyramid titles', () => {
  test('BadCSRFToken', () => {
    const error = new BadCSRFToken('checkCsrfToken(): Invalid token');
    expect(error).toBeInstanceOf(HTTPBadRequest);
    expect(error.status).toBe('400 Bad CSRF Token');
    expect(error.explanation).toMatch(/^Access is denied\.  This server can not verify that your cross-site request forgery token/);
  });

  test('BadCSRFOrigin', () => {
    const error = new BadCSRFOrigin('Origin checking failed - missing Origin or Referer.');
    expect(error).toBeInstanceOf(HTTPBadRequest);
    expect(error.status).toBe('400 Bad CSRF Origin');
  });
});

describe('stringsDiffer', () => {
  test.each([
    ['abc', 'abc', false],
    ['abc', 'abd', true],
    ['abc', 'ab', true],
    ['', '', false],
    ['é', 'e', true],
  ])('%j vs %j: %s', (a, b, differ) => {
    expect(stringsDiffer(a, b)).toBe(differ);
  });
});

interface CsrfCase {
  id: string;
  check: 'token' | 'origin';
  url: string;
  headers: Record<string, string>;
  post: Record<string, string> | null;
  options: Record<string, any>;
  trusted_setting: string | null;
  session_token: string;
  result?: boolean;
  error?: string;
  status?: string;
}

const fixture: { csrf_checks: CsrfCase[] } = JSON.parse(readFileSync(join(__dirname, '../interop/fixtures/pyramid-sessions.json'), 'utf-8'));

/** Pyramid's keyword arguments, in our option names. */
function ourOptions(options: Record<string, any>): Record<string, any> {
  const names: Record<string, string> = { trusted_origins: 'trustedOrigins', allow_no_origin: 'allowNoOrigin' };
  return Object.fromEntries(Object.entries(options).map(([k, v]) => [names[k] ?? k, v]));
}

describe('the checks decide as the real Pyramid decided (fixtures from make_fixtures.py)', () => {
  test('the fixture covers both checks', () => {
    expect(fixture.csrf_checks.filter((c) => c.check === 'token').length).toBeGreaterThan(8);
    expect(fixture.csrf_checks.filter((c) => c.check === 'origin').length).toBeGreaterThan(20);
  });

  test.each(fixture.csrf_checks.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const request = makeOne({ url: c.url, headers: c.headers, post: c.post, trustedSetting: c.trusted_setting, sessionToken: c.session_token });
    const check = () => (c.check === 'token' ? checkCsrfToken(request, ourOptions(c.options)) : checkCsrfOrigin(request, ourOptions(c.options)));
    if (c.error === undefined) {
      expect(check()).toBe(c.result);
      return;
    }
    let thrown: unknown;
    try {
      check();
    } catch (error) {
      thrown = error;
    }
    const expectedClass = c.check === 'token' ? BadCSRFToken : BadCSRFOrigin;
    expect(thrown).toBeInstanceOf(expectedClass);
    expect((thrown as BadCSRFToken).status).toBe(c.status);
    // Pyramid's detail names its function (check_csrf_token); ours names ours.
    expect((thrown as BadCSRFToken).detail).toBe(c.error.replace(/^\w+: /, '').replace('check_csrf_token', 'checkCsrfToken'));
  });

  test('a trusted origins list passed in is not changed (Pyramid appends this host to it)', () => {
    const trustedOrigins = ['a.example'];
    checkCsrfOrigin(makeOne({ headers: { Origin: 'https://example.com' } }), { trustedOrigins });
    expect(trustedOrigins).toEqual(['a.example']);
  });

  // Each expected result is what Pyramid 2 decided for the same Host and Origin.
  test.each([
    ['example.com:', 'https://example.com', false], // an empty port is '' (webob's host_port), not 443
    ['example.com:', 'https://example.com:', true],
    ['example.com:8443', 'https://example.com:8443', true],
    ['example.com:443', 'https://example.com', true],
    ['[::1]:8443', 'https://[::1]:8443', true],
    ['[::1]', 'https://[::1]', true],
  ])('Host %j with Origin %j: the host is trusted as Pyramid reads it', (host, origin, ok) => {
    const request = makeOne({ headers: { Host: host, Origin: origin } });
    expect(checkCsrfOrigin(request, { raises: false })).toBe(ok);
  });

  test('a token with non-ASCII characters is compared as UTF-8 bytes, and fails with a 400', () => {
    expect(() => checkCsrfToken(makeOne({ headers: { 'X-CSRF-Token': '☃' } }))).toThrow(BadCSRFToken);
  });
});

describe('requireCsrf: what the require_csrf view option does', () => {
  test('safe methods pass without a token', () => {
    expect(() => requireCsrf(makeOne({ method: 'GET' }))).not.toThrow();
    expect(() => requireCsrf(makeOne({ method: 'HEAD' }))).not.toThrow();
  });

  test('a POST needs the token and, on HTTPS, the origin', () => {
    expect(() => requireCsrf(makeOne({ post: { csrf_token: TOKEN } }))).toThrow(BadCSRFOrigin);
    expect(() => requireCsrf(makeOne({ post: { csrf_token: 'nope' }, headers: { Origin: 'https://example.com' } }))).toThrow(BadCSRFToken);
    expect(() => requireCsrf(makeOne({ post: { csrf_token: TOKEN }, headers: { Origin: 'https://example.com' } }))).not.toThrow();
  });

  test('checkOrigin: false and allowNoOrigin relax the origin check only', () => {
    expect(() => requireCsrf(makeOne({ post: { csrf_token: TOKEN } }), { checkOrigin: false })).not.toThrow();
    expect(() => requireCsrf(makeOne({ post: { csrf_token: TOKEN } }), { allowNoOrigin: true })).not.toThrow();
    expect(() => requireCsrf(makeOne({ post: { csrf_token: 'nope' } }), { checkOrigin: false })).toThrow(BadCSRFToken);
  });

  test('a callback chooses which requests are checked', () => {
    const onlyApi = (request: { headers: Record<string, unknown> }) => request.headers['x-api'] === '1';
    expect(() => requireCsrf(makeOne({ post: { csrf_token: 'nope' } }), { callback: onlyApi })).not.toThrow();
    expect(() => requireCsrf(makeOne({ post: { csrf_token: 'nope' }, headers: { 'X-Api': '1' } }), { callback: onlyApi, checkOrigin: false })).toThrow(BadCSRFToken);
  });
});
