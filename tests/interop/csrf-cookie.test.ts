/**
 * CookieCSRFStoragePolicy's cookie, as the real Pyramid 2.0 writes it for the same options and
 * token (Python's uuid4 fixed to ours): the same Set-Cookie bytes, so either app can hand out
 * the token the other checks.
 */
import { Request } from '../../framework/request';
import { Response } from '../../framework/response';
import { CookieCSRFStoragePolicy, type CookieCSRFOptions } from '../../framework/csrf';
import { describeWithPyramid, runPython } from './pyramid';

const SCRIPT = `
import json, sys, uuid
from pyramid.csrf import CookieCSRFStoragePolicy
from pyramid.request import Request
from pyramid.response import Response
out = []
for options, token in json.load(sys.stdin):
    policy = CookieCSRFStoragePolicy(**options)
    policy._token_factory = lambda: token
    request = Request.blank('/', environ={'HTTP_HOST': 'example.com'})
    policy.new_csrf_token(request)
    response = Response()
    request._process_response_callbacks(response)
    out.append([v for k, v in response.headerlist if k == 'Set-Cookie'])
print(json.dumps(out))
`;

const CASES: Array<[Record<string, unknown>, CookieCSRFOptions]> = [
  [{}, {}],
  [{ cookie_name: 'xsrf', secure: true, httponly: true, domain: 'example.com', path: '/app', samesite: 'Strict' }, { cookieName: 'xsrf', secure: true, httpOnly: true, domain: 'example.com', path: '/app', samesite: 'Strict' }],
  [{ samesite: null }, { samesite: null }],
  [{ samesite: 'None', secure: true }, { samesite: 'None', secure: true }],
];

describeWithPyramid('CookieCSRFStoragePolicy writes the cookie Pyramid writes', () => {
  test.each(CASES.map((c, i) => [i, ...c] as const))('case %i', (_i, python, ours) => {
    const token = '0123456789abcdef0123456789abcdef';
    const result = runPython(['-c', SCRIPT], JSON.stringify([[python, token]]), 30_000);
    expect(result.stderr).toBe('');
    const [theirs] = JSON.parse(result.stdout);
    const request = new Request({ headers: { host: 'example.com' } });
    const policy = new CookieCSRFStoragePolicy(ours);
    policy.newCsrfToken(request);
    const response = new Response();
    for (const callback of request.responseCallbacks) callback(request, response);
    const header = response.headers['Set-Cookie'] as string[];
    // Our token is random: put the fixed one in its place, then compare the bytes.
    expect(header.map((h) => h.replace(/[0-9a-f]{32}/, token))).toEqual(theirs);
  });
});
