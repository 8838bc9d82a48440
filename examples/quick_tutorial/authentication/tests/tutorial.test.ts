/**
 * The authentication step over real HTTP (its development.ini, served on 127.0.0.1): log in with
 * the right password, see who you are, log out; the wrong password (or an unknown user) gives
 * the form again with "Failed login" and no cookie.
 */
import * as http from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { getApp } from 'pyramid-ts/paster';

let server: http.Server;
let base: string;

beforeAll(async () => {
  const app = await getApp(path.join(__dirname, '..', 'development.ini'));
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => {
  server.closeAllConnections();
  server.close(() => resolve());
}));

async function fetchPage(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(base + url, { redirect: 'manual', signal: AbortSignal.timeout(10_000), ...init });
}

function login(login: string, password: string): Promise<Response> {
  return fetchPage('/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login, password, 'form.submitted': 'Log In' }).toString(),
  });
}

const cookieOf = (response: Response) => response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

describe('the authentication step', () => {
  test('anonymous: the home page offers to log in', async () => {
    const page = await fetchPage('/');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(new RegExp(`<a\\s+href="${base}/login">Log In</a>`));
    expect(html).not.toContain('Logout');
  });

  test('the login form', async () => {
    const html = await (await fetchPage('/login')).text();
    expect(html).toContain('<h1>Login</h1>');
    expect(html).toContain(`<form action="${base}/login" method="post">`);
  });

  test('the right password: a redirect home with an auth_tkt cookie; then logged in; logout forgets it', async () => {
    const response = await login('editor', 'editor');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${base}/`);
    const setCookie = response.headers.getSetCookie();
    expect(setCookie).toHaveLength(1);
    expect(setCookie[0]).toMatch(/^auth_tkt=[0-9a-f]{136}ZWRpdG9y!userid_type:b64unicode; Domain=127\.0\.0\.1; Path=\/; SameSite=Lax$/);
    const cookie = cookieOf(response);
    const home = await (await fetchPage('/', { headers: { cookie } })).text();
    expect(home).toMatch(/<a href="[^"]+\/logout">Logout<\/a>\s+as editor/);
    expect(await (await fetchPage('/howdy', { headers: { cookie } })).text()).toContain('as editor');

    const logout = await fetchPage('/logout', { headers: { cookie } });
    expect([logout.status, logout.headers.get('location')]).toEqual([302, `${base}/`]);
    expect(logout.headers.getSetCookie()).toEqual(['auth_tkt=; Domain=127.0.0.1; Max-Age=0; Path=/; expires=Wed, 31-Dec-97 23:59:59 GMT; SameSite=Lax']);
  });

  test.each([['editor', 'wrong'], ['viewer', 'editor'], ['nobody', 'nobody'], ['constructor', ''], ['', '']])('login %j with password %j: "Failed login", no cookie', async (user, password) => {
    const response = await login(user, password);
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie()).toEqual([]);
    const html = await response.text();
    expect(html).toContain('Failed login');
    expect(html).toContain(`value="${user}"`);
  });

  test('a form without its fields is a failed login, not an error', async () => {
    const response = await fetchPage('/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'form.submitted=1' });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Failed login');
  });
});
