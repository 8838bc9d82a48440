/**
 * AuthTkt both ways against the real Pyramid 2.0. fixtures/pyramid-authtkt.json holds what
 * Pyramid's AuthTktCookieHelper did for every option that changes the cookie's bytes (made by
 * authtkt_oracle.py): each `remember`/`forget` must give the same Set-Cookie byte for byte, each
 * ticket Pyramid minted (good, or tampered into the bad-ticket table) must give the same
 * identity or none, and the same reissued cookie. The live part asks Python itself: the table
 * is still what Pyramid makes, and Pyramid accepts the tickets we mint.
 */
import { AuthTktCookieHelper } from '../../framework/security';
import { Request } from '../../framework/request';
import { askPyramid, fromUserid, helperFor, loadCases, requestFor, runCase, toUserid, type AuthTktCase } from './authtkt';
import { describeWithPyramid } from './pyramid';

const cases = loadCases();
const byOp = (op: AuthTktCase['op']) => cases.filter((c) => c.op === op).map((c) => [c.id, c] as const);

describe('Pyramid writes, we read and write the same (committed fixtures)', () => {
  test('the table covers every option and the whole bad-ticket list', () => {
    const ids = cases.map((c) => c.id).join(' ');
    for (const part of ['hashalg-md5', 'include-ip', 'secure', 'http-only', 'path', 'max-age', 'timeout', 'reissue', 'wild-domain',
      'parent-domain', 'domain-domain', 'samesite', 'cookie-name', 'userid-int', 'userid-bytes', 'userid-unicode', 'tokens-',
      'bad-digest', 'bad-userid', 'expired', 'future-tampered', 'wrong-ip', 'md5-ticket-sha512-helper', 'truncated', 'non-ascii', '10kb']) {
      expect(ids).toContain(part);
    }
    expect(cases.length).toBeGreaterThan(120);
  });

  test.each(byOp('remember'))('%s', (_id, c) => {
    const ours = runCase(c);
    if (c.error) expect(ours.error).toMatch(/Invalid token/);
    else expect(ours.headers).toEqual(c.headers);
  });

  test.each(byOp('forget'))('%s', (_id, c) => {
    expect(runCase(c).headers).toEqual(c.headers);
  });

  test.each(byOp('identify'))('%s', (_id, c) => {
    expect(c.error).toBeUndefined();
    const ours = runCase(c);
    expect(ours.error).toBeUndefined();
    expect(ours.identity).toEqual(c.identity);
    expect(ours.reissue).toEqual(c.reissue);
  });
});

describe('AuthTktCookieHelper on its own', () => {
  const request = (cookie?: string, remoteAddr = '10.0.0.1') => requestFor({ cookie, remote_addr: remoteAddr });

  test('a ticket it wrote reads back, with tokens, for each userid type', () => {
    const helper = new AuthTktCookieHelper('s');
    for (const userid of ['ann', 'é 😀', 7, Buffer.from([0, 255])]) {
      const [[, setCookie]] = helper.remember(request(), userid, { tokens: ['admin', 'x'] });
      const identity = helper.identify(request(setCookie.split(';')[0]))!;
      expect(fromUserid(identity.userid)).toEqual(fromUserid(userid));
      expect(identity.tokens).toEqual(['admin', 'x']);
    }
  });

  test('Node gives IPv4 clients as ::ffff:a.b.c.d; the ticket binds the plain IPv4 address, as waitress gives it', () => {
    const helper = new AuthTktCookieHelper('s', { includeIp: true });
    const [[, setCookie]] = helper.remember(request(undefined, '::ffff:10.0.0.1'), 'ann');
    expect(helper.identify(request(setCookie.split(';')[0], '10.0.0.1'))?.userid).toBe('ann');
  });

  test('remember after a reissue cancels the reissued cookie; forget does too', () => {
    const helper = new AuthTktCookieHelper('s', { reissueTime: 0 });
    helper.now = 1700000000;
    const [[, setCookie]] = helper.remember(request(), 'ann');
    helper.now += 5;
    for (const after of ['remember', 'forget'] as const) {
      const r = request(setCookie.split(';')[0]);
      expect(helper.identify(r)?.userid).toBe('ann');
      expect(r.responseCallbacks).toHaveLength(1);
      if (after === 'remember') helper.remember(r, 'bob');
      else helper.forget(r);
      const response = new (require('../../framework/response').Response)();
      r.responseCallbacks[0](r, response);
      expect(response.headers['Set-Cookie']).toBeUndefined();
    }
  });

  test('bad configuration is refused when the helper is made, naming the way out', () => {
    expect(() => new AuthTktCookieHelper('')).toThrow(/needs a secret/);
    expect(() => new AuthTktCookieHelper('s', { hashalg: 'nope' })).toThrow(/Unknown hashalg "nope"/);
    expect(() => new AuthTktCookieHelper('s', { samesite: 'Sideways' })).toThrow(/Invalid samesite/);
    expect(() => new AuthTktCookieHelper('s', { samesite: 'None' })).toThrow(/needs secure/);
    expect(() => new AuthTktCookieHelper('s', { cookieName: 'a b' })).toThrow(/Invalid cookie name/);
  });

  test('a value webob would refuse to write (over 4093 bytes) is an error when writing', () => {
    const helper = new AuthTktCookieHelper('s');
    expect(() => helper.remember(new Request(), 'x'.repeat(3200))).toThrow(/too long/);
  });
});

describeWithPyramid('live: the real Pyramid 2.0', () => {
  test('the committed table is what Pyramid makes today', () => {
    const live = askPyramid('--stdout');
    expect(live.cases).toEqual(cases);
  });

  test('Pyramid accepts every ticket we mint, with the same userid, tokens and time', () => {
    const minted: AuthTktCase[] = [];
    for (const c of cases.filter((k) => k.op === 'remember' && !k.error)) {
      const [[, setCookie]] = helperFor(c).remember(requestFor(c), toUserid(c.userid!), { maxAge: c.max_age, tokens: c.tokens });
      minted.push({ id: c.id, op: 'identify', options: c.options, now: c.now + 1, host: c.host, remote_addr: c.remote_addr, cookie: setCookie.split(';')[0] });
    }
    const answers: AuthTktCase[] = askPyramid(minted);
    for (const [i, answer] of answers.entries()) {
      const c = cases.filter((k) => k.op === 'remember' && !k.error)[i];
      expect([answer.id, answer.identity?.userid]).toEqual([c.id, c.userid]);
      expect(answer.identity?.tokens.filter(Boolean)).toEqual(c.tokens);
      expect(answer.identity?.timestamp).toBe(Math.trunc(c.now));
    }
    expect(answers.length).toBeGreaterThan(60);
  });
});

describe('cookie names that are also Object methods', () => {
  test('a helper named toString or constructor sees no cookie until one is sent, and reads it when it is', () => {
    for (const cookieName of ['toString', 'constructor']) {
      const helper = new AuthTktCookieHelper('s', { cookieName });
      expect(helper.identify(requestFor({ cookie: 'other=1' }))).toBeNull();
      const [[, setCookie]] = helper.remember(requestFor({}), 'ann');
      expect(helper.identify(requestFor({ cookie: setCookie.split(';')[0] }))?.userid).toBe('ann');
    }
  });
});
