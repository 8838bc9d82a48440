/**
 * We write, Pyramid reads: cookies made by our factory are read by the real Pyramid 2.0 (a
 * /usr/bin/python3 child process, see pyramid_oracle.py), which must find the state, `created`
 * and `accessed` we wrote. It also re-serializes the payload it verified with Python's own
 * json.dumps: the bytes match ours, so a cookie we write is the one Pyramid would write.
 */
import { pyDumps } from '../../framework/pyjson';
import { Response } from '../../framework/response';
import type { ISession } from '../../framework/session';
import { makeFactory, stubRequest, type FactorySpec } from './replay';
import { askPyramid, describeWithPyramid, type OracleCase } from './pyramid';

const T0 = 1700000000.25;
const TUTORIAL: FactorySpec = { secret: 'itsaseekreet' };

interface Written {
  cookieHeader: string;
  stateJson: string;
  created: number;
  accessed: number;
}

/** One request to our factory: `view` runs on the session; returns the cookie it set. */
function writeWithOurs(spec: FactorySpec, now: number, view: (session: ISession) => void, cookieHeader: string | null = null): Written {
  const clock = { now };
  const request = stubRequest(cookieHeader);
  const session = makeFactory(spec, clock)(request);
  view(session);
  const response = new Response();
  for (const callback of request.callbacks) callback(request, response);
  const name = spec.options?.cookieName ?? 'session';
  const value = response.setCookies[name];
  if (value === undefined) throw new Error('the view wrote no cookie');
  return { cookieHeader: `${name}=${value}`, stateJson: pyDumps(session.toJSON()), created: session.created, accessed: session.accessed };
}

function set(values: Record<string, unknown>): (session: ISession) => void {
  return (session) => {
    for (const [k, v] of Object.entries(values)) session.set(k, v);
  };
}

interface Case {
  name: string;
  spec: FactorySpec;
  written: Written;
  /** Pyramid reads with this factory, when not the writer's. */
  reader?: FactorySpec;
  readAt?: number;
  expect?: 'same' | 'new-session' | 'expired';
}

function tutorialCounter(session: ISession): void {
  if ('counter' in session) session['counter'] += 1;
  else session['counter'] = 1;
}

function counterAfter(requests: number): Written {
  let written = writeWithOurs(TUTORIAL, T0, tutorialCounter);
  for (let i = 1; i < requests; i++) written = writeWithOurs(TUTORIAL, T0 + i, tutorialCounter, written.cookieHeader);
  return written;
}

const hashalgs = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha3_256', 'sha3_512', 'blake2b', 'blake2s', 'sha512_256'];
const secrets: Record<string, FactorySpec> = {
  'latin-1 secret': { secret: 'sékrèt' },
  'UTF-8 secret': { secret: 'sékrèt☃' },
  'empty secret': { secret: '' },
  '200-byte secret': { secret: 'k'.repeat(200) },
  'custom salt': { secret: 'itsaseekreet', options: { salt: 'my.app.sessions.' } },
  'empty salt': { secret: 'itsaseekreet', options: { salt: '' } },
  'UTF-8 salt': { secret: 'itsaseekreet', options: { salt: 'sel☃' } },
  'cookie name sid': { secret: 'itsaseekreet', options: { cookieName: 'sid' } },
  ...Object.fromEntries(hashalgs.map((hashalg) => [`HMAC-${hashalg}`, { secret: 'itsaseekreet', options: { hashalg } }])),
};

const rotated: FactorySpec = { secret: 'new secret', options: { oldSecrets: ['itsaseekreet'] } };
const oldCookie = writeWithOurs(TUTORIAL, T0, set({ user: 'ada' }));

const cases: Case[] = [
  { name: "the tutorial's counter after three requests", spec: TUTORIAL, written: counterAfter(3) },
  {
    name: 'nested data',
    spec: TUTORIAL,
    written: writeWithOurs(TUTORIAL, T0, set({ cart: [{ sku: 'A-1', qty: 2, tags: ['x'] }], profile: { langs: { py: true, ts: null }, score: -3.5 } })),
  },
  {
    name: 'unicode text, astral characters and a lone surrogate',
    spec: TUTORIAL,
    written: writeWithOurs(TUTORIAL, T0, set({ fr: 'déjà vu', snow: '☃', emoji: '😀', lone: '\ud800', ctl: 'a\u0000\u001f\u007f\u2028', 'clé': 1 })),
  },
  {
    name: 'numbers: ints, floats, BigInt, NaN and Infinity',
    spec: TUTORIAL,
    written: writeWithOurs(TUTORIAL, T0, set({ int: 42, float: 0.1 + 0.2, small: 1e-7, big: 1e21, huge: 2n ** 64n, nan: NaN, inf: -Infinity, yes: true, none: null })),
  },
  { name: 'integer-like keys, in the order set', spec: TUTORIAL, written: writeWithOurs(TUTORIAL, T0, set({ b: 1, '10': 2, '2': 3, a: 4 })) },
  { name: 'a __proto__ key is just a key', spec: TUTORIAL, written: writeWithOurs(TUTORIAL, T0, (s) => s.set('__proto__', { polluted: true })) },
  { name: 'a Date becomes its ISO text, as JSON.stringify does', spec: TUTORIAL, written: writeWithOurs(TUTORIAL, T0, set({ when: new Date(Date.UTC(2023, 10, 14)) })) },
  {
    name: 'flash messages in several queues',
    spec: TUTORIAL,
    written: writeWithOurs(TUTORIAL, T0, (s) => {
      s.flash('saved');
      s.flash('once', 'info', false);
      s.flash('once', 'info', false);
      s.flash({ level: 'warn' }, 'error');
    }),
  },
  { name: 'a CSRF token', spec: TUTORIAL, written: writeWithOurs(TUTORIAL, T0, (s) => void s.newCsrfToken()) },
  { name: 'changed() alone: accessed stays the float it was', spec: TUTORIAL, written: writeWithOurs(TUTORIAL, T0, (s) => s.changed()) },
  { name: 'a whole-number clock: created is still a float', spec: TUTORIAL, written: writeWithOurs(TUTORIAL, 1700000000, set({ n: 1 })) },
  ...Object.entries(secrets).map(([name, spec]) => ({ name, spec, written: writeWithOurs(spec, T0, set({ user: 'ada' })) })),
  { name: 'a Buffer secret', spec: TUTORIAL, written: writeWithOurs({ secret: Buffer.from('itsaseekreet') as any }, T0, set({ user: 'ada' })) },
  {
    name: 'rotation: an old-secret cookie re-signed with the new secret reads in Pyramid with the new secret',
    spec: rotated,
    reader: { secret: 'new secret' },
    written: writeWithOurs(rotated, T0 + 1, () => {}, oldCookie.cookieHeader),
  },
  { name: 'a wrong secret: Pyramid gives a new session', spec: TUTORIAL, reader: { secret: 'other' }, written: oldCookie, expect: 'new-session' },
  { name: 'past the timeout: Pyramid drops the state', spec: TUTORIAL, written: oldCookie, readAt: 1700000000 + 1200.5, expect: 'expired' },
  { name: 'at the timeout exactly: still valid', spec: TUTORIAL, written: oldCookie, readAt: 1700000000 + 1200 },
];

describeWithPyramid('cookies written here read the same in the real Pyramid 2.0', () => {
  const answers = askPyramid(
    cases.map<OracleCase>((c) => ({
      factory: { secret: (c.reader ?? c.spec).secret.toString(), options: { ...(c.reader ?? c.spec).options, oldSecrets: undefined } as any },
      now: c.readAt ?? T0 + 1,
      cookie_header: c.written.cookieHeader,
      ops: [],
    })),
  );

  test('Pyramid answered every case', () => {
    expect(answers).toHaveLength(cases.length);
  });

  test.each(cases.map((c, i) => [c.name, c, i] as const))('%s', (_name, c, i) => {
    const answer = answers[i];
    const loaded = answer.session_on_load!;
    if (c.expect === 'new-session') {
      expect(answer.payload).toBeNull();
      expect(loaded).toMatchObject({ new: true, state_json: '{}' });
      return;
    }
    // Pyramid verified our signature, and Python writes the same data as the same bytes.
    expect(answer.payload).not.toBeNull();
    expect(answer.python_form).toBe(answer.payload);
    expect(loaded.new).toBe(false);
    expect(loaded.created).toBe(c.written.created);
    expect(loaded.renewed).toBe(c.written.accessed);
    expect(loaded.state_json).toBe(c.expect === 'expired' ? '{}' : c.written.stateJson);
  });
});
