/** Replays the AuthTkt oracle's cases (authtkt_oracle.py) with our AuthTktCookieHelper. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Request } from '../../framework/request';
import { Response } from '../../framework/response';
import { AuthTktCookieHelper, type AuthTktOptions, type Userid } from '../../framework/security';
import { askPython } from './pyramid';

export interface UseridSpec {
  type: 'str' | 'int' | 'bytes';
  value: string | number;
}

export interface AuthTktCase {
  id: string;
  op: 'remember' | 'identify' | 'forget';
  options: Record<string, any> & { secret: string };
  now: number;
  host?: string;
  remote_addr?: string;
  userid?: UseridSpec;
  tokens?: string[];
  max_age?: number | null;
  cookie?: string | null;
  headers?: Array<[string, string]>;
  identity?: { timestamp: number; userid: UseridSpec; tokens: string[]; userdata: string } | null;
  reissue?: Array<[string, string]>;
  error?: string;
}

export const FIXTURE = join(__dirname, 'fixtures', 'pyramid-authtkt.json');
const ORACLE = join(__dirname, 'authtkt_oracle.py');

export function loadCases(): AuthTktCase[] {
  return JSON.parse(readFileSync(FIXTURE, 'utf-8')).cases;
}

/** Pyramid's keyword arguments as our options. */
export function helperFor(c: Pick<AuthTktCase, 'options' | 'now'>): AuthTktCookieHelper {
  const { secret, ...python } = c.options;
  const options: AuthTktOptions = {};
  for (const [key, value] of Object.entries(python)) {
    (options as any)[key.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase())] = value;
  }
  const helper = new AuthTktCookieHelper(secret, options);
  helper.now = c.now;
  return helper;
}

export function toUserid(spec: UseridSpec): Userid {
  if (spec.type === 'int') return Number(spec.value);
  if (spec.type === 'bytes') return Buffer.from(String(spec.value), 'base64');
  return String(spec.value);
}

export function fromUserid(userid: Userid): UseridSpec {
  if (Buffer.isBuffer(userid)) return { type: 'bytes', value: userid.toString('base64') };
  if (typeof userid === 'number') return { type: 'int', value: userid };
  return { type: 'str', value: userid };
}

/** A request as Node's HTTP parser makes it: header bytes as latin-1 text. */
export function requestFor(c: Pick<AuthTktCase, 'host' | 'remote_addr' | 'cookie'>): Request {
  const headers: Record<string, string> = { host: c.host ?? 'example.com' };
  if (c.cookie != null) headers.cookie = Buffer.from(c.cookie, 'utf-8').toString('latin1');
  return new Request({ headers, remoteAddr: c.remote_addr ?? '10.0.0.1' });
}

/** What our helper answers for a case, in the oracle's terms. */
export function runCase(c: AuthTktCase): Partial<AuthTktCase> {
  const helper = helperFor(c);
  const request = requestFor(c);
  try {
    if (c.op === 'remember') return { headers: helper.remember(request, toUserid(c.userid!), { maxAge: c.max_age, tokens: c.tokens }) };
    if (c.op === 'forget') return { headers: helper.forget(request) };
    const identity = helper.identify(request);
    const response = new Response();
    for (const callback of request.responseCallbacks) callback(request, response);
    const setCookie = response.headers['Set-Cookie'] ?? [];
    return {
      identity: identity && { ...identity, userid: fromUserid(identity.userid) },
      reissue: (Array.isArray(setCookie) ? setCookie : [setCookie]).map((v) => ['Set-Cookie', v] as [string, string]),
    };
  } catch (error) {
    return { error: String(error) };
  }
}

/** Has the real Pyramid answer cases (one Python process), or print the fixture table. */
export function askPyramid(cases: AuthTktCase[] | '--stdout'): any {
  const args = cases === '--stdout' ? [ORACLE, '--stdout'] : [ORACLE];
  const input = cases === '--stdout' ? '' : JSON.stringify(cases);
  return askPython('authtkt_oracle.py', args, input);
}
