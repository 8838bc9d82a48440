/**
 * The authorization step over real HTTP (its development.ini, served on 127.0.0.1): /howdy needs
 * the `edit` permission, which the root's ACL gives group:editors (the editor). Anonymous, it
 * sends you to the login page and back after logging in; the viewer is told they are not
 * allowed; the wrong password fails; logout forgets the login.
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

/** A browser's cookie jar over fetch: keeps what Set-Cookie sets, drops what it deletes. */
class Browser {
  jar = new Map<string, string>();

  async go(url: string, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(base + url, { redirect: 'manual', signal: AbortSignal.timeout(10_000), ...init, headers: { ...(cookie ? { cookie } : {}), ...(init.headers ?? {}) } });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      if (/Max-Age=0/.test(line)) this.jar.delete(pair.slice(0, eq));
      else this.jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return response;
  }

  login(login: string, password: string): Promise<Response> {
    return this.go('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ login, password, 'form.submitted': 'Log In' }).toString(),
    });
  }
}

describe('the authorization step', () => {
  test('anonymous: home is open, /howdy is forbidden and sends to the login page', async () => {
    const browser = new Browser();
    expect((await browser.go('/')).status).toBe(200);
    const howdy = await browser.go('/howdy');
    expect([howdy.status, howdy.headers.get('location')]).toEqual([302, `${base}/login`]);
    expect(await (await browser.go('/login')).text()).toContain('<h1>Login</h1>');
  });

  test('the editor logs in and is sent back to /howdy, which now answers', async () => {
    const browser = new Browser();
    await browser.go('/howdy');
    const login = await browser.login('editor', 'editor');
    expect([login.status, login.headers.get('location')]).toEqual([302, `${base}/howdy`]);
    const howdy = await browser.go('/howdy');
    expect(howdy.status).toBe(200);
    const html = await howdy.text();
    expect(html).toContain('<h1>Hi Hello View</h1>');
    expect(html).toMatch(/Logout<\/a>\s+as editor/);
  });

  test('logged in without the permission: back to the login page, told why', async () => {
    const browser = new Browser();
    expect((await browser.login('viewer', 'viewer')).headers.get('location')).toBe(`${base}/`);
    const howdy = await browser.go('/howdy');
    expect([howdy.status, howdy.headers.get('location')]).toEqual([302, `${base}/login`]);
    expect(await (await browser.go('/login')).text()).toContain('User viewer is not allowed to see this resource.  Please log in as another user.');
  });

  test('the wrong password: "Failed login", still forbidden', async () => {
    const browser = new Browser();
    const response = await browser.login('editor', 'nope');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Failed login');
    expect(browser.jar.has('auth_tkt')).toBe(false);
    expect((await browser.go('/howdy')).status).toBe(302);
  });

  test('logout forgets the login: /howdy is forbidden again', async () => {
    const browser = new Browser();
    await browser.login('editor', 'editor');
    expect((await browser.go('/howdy')).status).toBe(200);
    const logout = await browser.go('/logout');
    expect([logout.status, logout.headers.get('location')]).toEqual([302, `${base}/`]);
    expect(browser.jar.has('auth_tkt')).toBe(false);
    expect((await browser.go('/howdy')).status).toBe(302);
  });
});
