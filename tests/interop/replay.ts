/**
 * Replays the requests of tests/interop/fixtures/pyramid-sessions.json (written by the real
 * Pyramid, see make_fixtures.py) against our session factory, producing the same record
 * Python made, so that the two can be compared field by field.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignedCookieSessionFactory, type ISession, type SessionFactory, type SignedCookieSessionOptions } from '../../framework/session';
import { pyDumps } from '../../framework/pyjson';
import { parseCookieHeader } from '../../framework/request';
import { Response } from '../../framework/response';
import { HTTPFound } from '../../framework/httpexceptions';

export interface FactorySpec {
  secret: string;
  options?: SignedCookieSessionOptions;
}

export interface SessionRecord {
  new: boolean;
  created: number | string;
  accessed: number | string;
  renewed: number | string;
  state_json: string;
}

/** One request, as make_fixtures.py records it (and as `runStep` records ours). */
export interface StepRecord {
  load_error?: string;
  session_on_load?: SessionRecord;
  results?: string[];
  error?: string;
  set_cookie?: string | null;
  cookie_value?: string;
  cookie_value_length?: number;
}

export interface Step extends StepRecord {
  now: number;
  cookie_header: string | null;
  ops: unknown[][];
}

export interface Scenario {
  id: string;
  description: string;
  factory: FactorySpec;
  steps: Step[];
  deviation?: 'rejected-at-factory' | 'fresh-where-pyramid-raises' | 'int-key-order' | 'integral-floats';
}

export const FIXTURE_PATH = join(__dirname, 'fixtures', 'pyramid-sessions.json');

export function loadScenarios(): Scenario[] {
  return JSON.parse(readFileSync(FIXTURE_PATH, 'utf-8')).scenarios;
}

/** os.urandom as the Python side patches it: bytes(range(n)). */
export function countingBytes(size: number): Buffer {
  return Buffer.from(Array.from({ length: size }, (_, i) => i % 256));
}

/** Our factory for a fixture's spec, on a clock the caller moves. */
export function makeFactory(spec: FactorySpec, clock: { now: number }): SessionFactory {
  return SignedCookieSessionFactory(spec.secret, { ...spec.options, clock: () => clock.now, randomBytes: countingBytes });
}

/** A float as the fixture writes it: JSON has no NaN or Infinity, so Python writes repr(). */
function number(value: number): number | string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return value;
}

function describe(session: ISession): SessionRecord {
  return {
    new: session.new,
    created: number(session.created),
    accessed: number(session.accessed),
    renewed: number(session.renewed),
    state_json: pyDumps(session.toJSON()),
  };
}

interface StubRequest {
  cookies: Record<string, string>;
  exception: unknown;
  callbacks: Array<(request: unknown, response: Response) => void>;
  addResponseCallback(callback: (request: unknown, response: Response) => void): void;
}

/** A request as the router hands it to a session: cookies parsed by our Request's parser. */
export function stubRequest(cookieHeader: string | null | undefined): StubRequest {
  return {
    cookies: parseCookieHeader(cookieHeader ?? undefined),
    exception: undefined,
    callbacks: [],
    addResponseCallback(callback) {
      this.callbacks.push(callback);
    },
  };
}

/** The op names of make_fixtures.py, run on our session (the JS spelling of the same call). */
function apply(request: StubRequest, session: ISession, [name, ...args]: unknown[]): unknown {
  const [a, b, c] = args as any[];
  switch (name) {
    case 'tutorial_counter':
      if ('counter' in session) session['counter'] += 1;
      else session['counter'] = 1;
      return session['counter'];
    case 'setitem': session[a] = b; return null;
    case 'getitem': return session[a];
    case 'delitem': delete session[a]; return null;
    case 'contains': return a in session;
    case 'len': return session.length;
    case 'iter': return [...session];
    case 'keys': return session.keys();
    case 'values': return session.values();
    case 'items': return session.items();
    case 'popitem': return session.popitem();
    case 'get': return session.get(a, b ?? null);
    case 'pop': return session.pop(a, b);
    case 'setdefault': return session.setdefault(a, b);
    case 'update': return session.update(a);
    case 'clear': return session.clear();
    case 'changed': return session.changed();
    case 'invalidate': return session.invalidate();
    case 'flash': return session.flash(a, b, c);
    case 'pop_flash': return session.popFlash(a);
    case 'peek_flash': return session.peekFlash(a);
    case 'new_csrf_token': return session.newCsrfToken();
    case 'get_csrf_token': return session.getCsrfToken();
    case 'raise_httpfound': request.exception = new HTTPFound('/'); return null;
  }
  throw new Error(`unknown op ${String(name)}`);
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** One request against our factory: what Python's run_step records, in the same shape. */
export function runStep(factory: SessionFactory, clock: { now: number }, step: Pick<Step, 'now' | 'cookie_header' | 'ops'>): StepRecord {
  clock.now = step.now;
  const request = stubRequest(step.cookie_header);
  const out: StepRecord = {};
  const session = factory(request);
  out.session_on_load = describe(session);
  const results: string[] = (out.results = []);
  const response = new Response();
  try {
    for (const op of step.ops) results.push(pyDumps(apply(request, session, op) ?? null));
    for (const callback of request.callbacks) callback(request, response);
  } catch (error) {
    out.error = errorText(error);
    return out;
  }
  const setCookie = response.headers['Set-Cookie'];
  out.set_cookie = setCookie ? (setCookie as string[])[0] : null;
  if (out.set_cookie) {
    out.cookie_value = out.set_cookie.split(';', 1)[0].split('=').slice(1).join('=');
    out.cookie_value_length = out.cookie_value.length;
  }
  return out;
}

export interface ParsedSetCookie {
  name: string;
  value: string;
  /** Lower-case attribute names; dates as epoch milliseconds; SameSite lower-cased. */
  attributes: Record<string, string | number | true>;
}

/**
 * A Set-Cookie header reduced to what a browser acts on, so that webob's
 * `expires=Tue, 14-Nov-2023 ...; secure` and the cookie package's `Expires=Tue, 14 Nov 2023 ...; Secure` compare equal.
 */
export function parseSetCookie(header: string): ParsedSetCookie {
  const [pair, ...parts] = header.split(/;\s*/);
  const eq = pair.indexOf('=');
  const attributes: ParsedSetCookie['attributes'] = {};
  for (const part of parts) {
    const at = part.indexOf('=');
    const key = (at === -1 ? part : part.slice(0, at)).toLowerCase();
    const value = at === -1 ? true : part.slice(at + 1);
    if (key === 'expires') attributes[key] = Date.parse(String(value).replace(/-/g, ' '));
    else if (key === 'samesite') attributes[key] = String(value).toLowerCase();
    else attributes[key] = value;
  }
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes };
}
