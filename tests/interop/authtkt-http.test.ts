/**
 * Logins shared with a Python Pyramid app over real HTTP: the Quick Tutorial's authorization
 * step as we port it (examples/quick_tutorial/authorization) beside a Pyramid 2.0 app with the
 * tutorial's security policy and the same secret (authtkt_app.py, served by waitress). A login
 * on either side opens the other; a logout on either side closes it. Then the bad-ticket table
 * sent to our app: each is no login (a normal page or the forbidden view), never a 500.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { main } from '../../examples/quick_tutorial/authorization/tutorial';
import { Configurator } from '../../framework/config';
import { Response } from '../../framework/response';
import type { Request } from '../../framework/request';
import { AuthTktCookieHelper, type AuthTktOptions } from '../../framework/security';
import { httpRequest, serve, type RawResponse, type Served } from '../framework/helpers';
import { PYTHON, describeWithPyramid } from './pyramid';

const SECRET = '98zd';
let ours: Served;

beforeAll(async () => {
  ours = await serve(main({}, { 'tutorial.secret': SECRET }));
});
afterAll(() => ours?.close());

const get = (port: number, path: string, cookie?: string) => httpRequest(port, { path, headers: cookie ? { cookie } : {} });

function setCookiePair(response: RawResponse, name = 'auth_tkt'): string {
  const header = ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((c) => c.startsWith(name + '='));
  if (!header) throw new Error(`no ${name} cookie in ${JSON.stringify(response.headers)}`);
  return header.split(';')[0];
}

async function loginHere(login: string, password: string): Promise<RawResponse> {
  const body = new URLSearchParams({ login, password, 'form.submitted': 'Log In' }).toString();
  return httpRequest(ours.port, { method: 'POST', path: '/login', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } });
}

describeWithPyramid('one login for a Python Pyramid app and ours (same secret, real HTTP)', () => {
  let python: ChildProcess;
  let pyPort: number;

  beforeAll(async () => {
    python = spawn(PYTHON, [join(__dirname, 'authtkt_app.py'), SECRET], { stdio: ['pipe', 'pipe', 'inherit'] });
    pyPort = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('authtkt_app.py did not print its port within 20 s')), 20_000);
      createInterface({ input: python.stdout! }).once('line', (line) => {
        clearTimeout(timer);
        const m = /^PORT (\d+)$/.exec(line);
        if (m) resolve(Number(m[1]));
        else reject(new Error(`authtkt_app.py said ${JSON.stringify(line)}, not its port`));
      });
      python.once('exit', (code) => reject(new Error(`authtkt_app.py exited (${code}) before serving`)));
    });
  });

  afterAll(() => {
    python?.stdin?.end(); // the app exits when its stdin closes
  });

  test('logged in on Pyramid, the cookie opens the edit-only page here', async () => {
    const cookie = setCookiePair(await get(pyPort, '/login?user=editor'));
    const page = await get(ours.port, '/howdy', cookie);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1>Hi Hello View</h1>');
    expect(page.body).toMatch(/Logout<\/a>\s+as editor/);
  });

  test('logged in here, Pyramid knows the user and lets them edit', async () => {
    const login = await loginHere('editor', 'editor');
    expect(login.status).toBe(302);
    const cookie = setCookiePair(login);
    expect((await get(pyPort, '/whoami', cookie)).body).toBe('user editor');
    expect((await get(pyPort, '/howdy', cookie)).status).toBe(200);
  });

  test('a viewer is the viewer on both sides, and denied edit on both', async () => {
    const fromPython = setCookiePair(await get(pyPort, '/login?user=viewer'));
    const fromUs = setCookiePair(await loginHere('viewer', 'viewer'));
    for (const cookie of [fromPython, fromUs]) {
      expect((await get(pyPort, '/whoami', cookie)).body).toBe('user viewer');
      expect((await get(pyPort, '/howdy', cookie)).status).toBe(403);
      const here = await get(ours.port, '/howdy', cookie);
      expect([here.status, here.headers.location]).toEqual([302, `http://127.0.0.1:${ours.port}/login`]);
      expect((await get(ours.port, '/', cookie)).body).toMatch(/as viewer/);
    }
  });

  test('logging out on either side sends the same deletion cookie', async () => {
    const cookie = setCookiePair(await get(pyPort, '/login?user=editor'));
    const pyLogout = await get(pyPort, '/logout', cookie);
    const ourLogout = await get(ours.port, '/logout', cookie);
    const deletion = (r: RawResponse) => ([] as string[]).concat(r.headers['set-cookie'] ?? []).find((c) => c.startsWith('auth_tkt='))!.replace(/Domain=[^;]+/, 'Domain=*');
    expect(deletion(ourLogout)).toBe(deletion(pyLogout));
    expect((await get(pyPort, '/whoami', setCookiePair(ourLogout))).body).toBe('user None');
  });
});

/** A ticket's cookie value, minted by a helper with `options` at the clock `now`. */
function mint(userid: string, options: AuthTktOptions = {}, now: number | null = null, ip = '127.0.0.1'): string {
  const helper = new AuthTktCookieHelper(SECRET, options);
  helper.now = now;
  const [[, setCookie]] = helper.remember({ cookies: {}, hostname: '127.0.0.1', remoteAddr: ip, addResponseCallback() {} }, userid);
  return setCookie.split(';')[0].slice('auth_tkt='.length);
}

/** A plain app: ip-bound tickets that time out after an hour; /edit needs a login, with no forbidden view (a 403). */
function strictApp() {
  const authtkt = new AuthTktCookieHelper(SECRET, { includeIp: true, timeout: 3600 });
  const config = new Configurator();
  config.setSecurityPolicy({
    identity: (request) => authtkt.identify(request),
    authenticatedUserid: (request) => authtkt.identify(request)?.userid ?? null,
    permits: (request) => request.authenticatedUserid !== null,
    remember: (request, userid) => authtkt.remember(request, userid),
    forget: (request) => authtkt.forget(request),
  });
  config.addRoute('home', '/');
  config.addView((request: Request) => new Response(`user ${request.authenticatedUserid}`), { routeName: 'home' });
  config.addRoute('edit', '/edit');
  config.addView(() => new Response('edited'), { routeName: 'edit', permission: 'edit' });
  return config.makeWsgiApp();
}

describe('the bad-ticket table, sent over HTTP: no login, never an error', () => {
  const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === '0' ? '1' : '0') + s.slice(i + 1);
  const strict: AuthTktOptions = { includeIp: true, timeout: 3600 };
  const tickets: Array<[string, () => string]> = [
    ['tampered digest', () => flip(mint('editor', strict), 3)],
    ['tampered userid', () => mint('editor', strict).replace('ZWRpdG9y', 'dmlld2Vy')],
    ['tampered timestamp (to the future)', () => { const t = mint('editor', strict); return t.slice(0, 128) + 'ffffffff' + t.slice(136); }],
    ['expired (issued two hours ago, timeout one hour)', () => mint('editor', strict, Date.now() / 1000 - 7200)],
    ['wrong IP (issued to 10.9.9.9)', () => mint('editor', strict, null, '10.9.9.9')],
    ['other hash algorithm (md5)', () => mint('editor', { ...strict, hashalg: 'md5' })],
    ['other secret', () => { const h = new AuthTktCookieHelper('other', strict); return h.remember({ cookies: {}, hostname: 'x', remoteAddr: '127.0.0.1', addResponseCallback() {} }, 'editor')[0][1].split(';')[0].slice(9); }],
    ['truncated', () => mint('editor', strict).slice(0, 100)],
    ['empty', () => ''],
    ['non-ASCII', () => mint('editor', strict) + 'é☃'],
    ['10 KB', () => mint('editor', strict) + 'A'.repeat(10 * 1024)],
    ['quoted garbage', () => '"\\"\\\\\\054!!"'],
    ['percent garbage', () => { const t = mint('editor', strict); return t.slice(0, 136) + '%ZZ%' + t.slice(136); }],
  ];
  let plain: Served;
  beforeAll(async () => {
    plain = await serve(strictApp());
  });
  afterAll(() => plain?.close());

  test('the good ticket they are made from logs in', async () => {
    const cookie = 'auth_tkt=' + mint('editor', strict);
    expect((await get(plain.port, '/', cookie)).body).toBe('user editor');
    expect((await get(plain.port, '/edit', cookie)).status).toBe(200);
  });

  test.each(tickets)('%s: anonymous (200 where open, 403 where a login is needed)', async (_name, make) => {
    const cookie = 'auth_tkt=' + Buffer.from(make(), 'utf-8').toString('latin1');
    const home = await get(plain.port, '/', cookie);
    expect([home.status, home.body]).toEqual([200, 'user null']);
    expect((await get(plain.port, '/edit', cookie)).status).toBe(403);
  });

  test.each(tickets)('%s: the tutorial shows "Log In", and its forbidden view sends /howdy to the login page', async (_name, make) => {
    const cookie = 'auth_tkt=' + Buffer.from(make(), 'utf-8').toString('latin1');
    const home = await get(ours.port, '/', cookie);
    expect(home.status).toBe(200);
    expect(home.body).toContain('Log In');
    const howdy = await get(ours.port, '/howdy', cookie);
    expect([howdy.status, howdy.headers.location]).toEqual([302, `http://127.0.0.1:${ours.port}/login`]);
  });
});
