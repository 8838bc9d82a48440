/**
 * pyramid_tm's twin (`config.include('pyramid_tm')`): each request in a transaction of
 * `request.tm`, committed after the response, aborted on an exception, a doomed transaction or a
 * vetoed response, and retried on retryable errors under `tm.attempts`. The scenarios are
 * replayed from the real pyramid_tm's answers (oracle/pyramid_tm_oracle.py, run with Debian's
 * python3-pyramid-tm; its output is committed as oracle/pyramid_tm_oracle.json).
 */
import { Configurator, ConfigurationError } from '../../framework/config';
import { Response } from '../../framework/response';
import { type DataManager, TransactionManager, TransientError, manager as currentTm, type Transaction } from '../../framework/transaction';
import { defaultCommitVeto, isTmActive } from '../../framework/tm';
import { makeApp, withLog } from './helpers';
import oracle from './oracle/pyramid_tm_oracle.json';

/** A data manager writing each call the transaction makes into `log`; `fail` names one to throw from. */
class Recorder implements DataManager {
  constructor(private log: string[], private fail?: string, private name = 'dm') {}
  private call(what: string): void {
    this.log.push(what);
    if (this.fail === what) throw new Error(`${what} failed`);
  }
  abort(): void { this.call('abort'); }
  tpcBegin(): void { this.call('tpc_begin'); }
  commit(): void { this.call('commit'); }
  tpcVote(): void { this.call('tpc_vote'); }
  tpcFinish(): void { this.call('tpc_finish'); }
  tpcAbort(): void { this.call('tpc_abort'); }
  sortKey(): string { return this.name; }
}

/** The oracle's view, in TypeScript: joins a recorder, then answers as `behaviour` says. */
function scenarioApp(settings: Record<string, string>, behaviour: string, log: string[]) {
  let calls = 0;
  return makeApp((config) => {
    config.include('pyramid_tm');
    config.addRoute('home', '/');
    config.addView((request: any) => {
      calls += 1;
      log.push(`view ${calls}`);
      (request.tm as TransactionManager).get().join(new Recorder(log, behaviour === 'vote fails' ? 'tpc_vote' : undefined));
      if (behaviour === 'raise') throw new RangeError('view failed');
      if (behaviour === 'doom') request.tm.doom();
      if (behaviour === 'transient always' || (behaviour === 'transient once' && calls === 1)) throw new TransientError('conflict');
      if (behaviour === '404') return new Response('missing', { status: 404 });
      if (behaviour === '500') return new Response('broken', { status: 500 });
      if (behaviour === 'x-tm abort') return new Response('ok', { headers: { 'X-Tm': 'abort' } });
      if (behaviour === 'x-tm commit 404') return new Response('missing', { status: 404, headers: { 'X-Tm': 'commit' } });
      return new Response('ok');
    }, { routeName: 'home' });
  }, settings);
}

describe('the tween does what the real pyramid_tm does', () => {
  for (const [name, expected] of Object.entries(oracle as Record<string, { settings: Record<string, string>; behaviour: string; status: number | string; log: string[] }>)) {
    test(`${name}: ${expected.behaviour}`, async () => {
      const log: string[] = [];
      const { testapp } = scenarioApp(expected.settings, expected.behaviour, log);
      // Where Pyramid lets the error out of the app (WebTest raises), ours answers 500 and logs it.
      const res = await withLog('pyramid', () => testapp.get('/', { expectErrors: true }));
      expect(res.statusCode).toBe(typeof expected.status === 'number' ? expected.status : 500);
      expect(log).toEqual(expected.log);
    });
  }
});

test('request.tm is one manager per request, bound as transaction.manager while it is handled', async () => {
  const seen: TransactionManager[] = [];
  const { testapp } = makeApp((config) => {
    config.include('pyramid_tm');
    config.addRoute('home', '/');
    config.addView(async (request: any) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(currentTm.get()).toBe(request.tm.get());
      expect(isTmActive(request)).toBe(true);
      seen.push(request.tm);
      return new Response(request.tm.get().description);
    }, { routeName: 'home' });
  });
  const [a, b] = await Promise.all([testapp.get('/'), testapp.get('/')]);
  expect(a.text).toBe('/');
  expect(b.text).toBe('/');
  expect(seen[0]).not.toBe(seen[1]);
});

test('tm.manager_hook supplies the manager; an explicit one has no transaction outside the tween', async () => {
  const made: TransactionManager[] = [];
  const { testapp } = makeApp((config) => {
    config.include('pyramid_tm');
    config.addRoute('home', '/');
    config.addView((request: any) => new Response(String(request.tm.explicit)), { routeName: 'home' });
  }, { 'tm.manager_hook': ((request: unknown) => { void request; const m = new TransactionManager(true); made.push(m); return m; }) as unknown as string });
  expect((await testapp.get('/')).text).toBe('true');
  expect(made).toHaveLength(1);
  expect(made[0].inTransaction).toBe(false);
  expect(() => made[0].get()).toThrow(/begin\(\) first/);
});

test("pyramid_tm's dotted names work in settings: tm.manager_hook = pyramid_tm.explicit_manager", async () => {
  const { testapp } = makeApp((config) => {
    config.include('pyramid_tm');
    config.addRoute('home', '/');
    config.addView((request: any) => new Response(String(request.tm.explicit)), { routeName: 'home' });
  }, { 'tm.manager_hook': 'pyramid_tm.explicit_manager' });
  expect((await testapp.get('/')).text).toBe('true');
});

test('tm.activate_hook leaves a request outside the transaction; tm.annotate_user records the user', async () => {
  const txns: Array<Transaction | null> = [];
  const { testapp } = makeApp((config) => {
    config.include('pyramid_tm');
    config.addRequestMethod(() => 'editor', 'authenticatedUserid', { reify: true });
    config.addRoute('home', '/{x}');
    config.addView((request: any) => {
      txns.push(request.tm.inTransaction ? request.tm.get() : null);
      return new Response(request.tm.inTransaction ? request.tm.get().user : 'none');
    }, { routeName: 'home' });
  }, { 'tm.activate_hook': ((request: any) => request.path !== '/static') as unknown as string });
  expect((await testapp.get('/static')).text).toBe('none');
  expect((await testapp.get('/page')).text).toBe('editor');
});

test('bad settings are refused at makeWsgiApp with the setting named', () => {
  const config = new Configurator({ settings: { 'tm.attempts': 'three' } });
  config.include('pyramid_tm');
  expect(() => config.makeWsgiApp()).toThrow(ConfigurationError);
  expect(() => new Configurator({ settings: { 'tm.attempts': '0' } })).not.toThrow();
  const other = new Configurator({ settings: { 'tm.commit_veto': './no/such/module:veto' } });
  other.include('pyramid_tm');
  expect(() => other.makeWsgiApp()).toThrow(/tm.commit_veto|no\/such/);
});

test('defaultCommitVeto: X-Tm decides when present, else 4xx and 5xx abort', () => {
  const request = {} as never;
  expect(defaultCommitVeto(request, new Response('', { status: 200 }))).toBe(false);
  expect(defaultCommitVeto(request, new Response('', { status: 302 }))).toBe(false);
  expect(defaultCommitVeto(request, new Response('', { status: 403 }))).toBe(true);
  expect(defaultCommitVeto(request, new Response('', { status: 503 }))).toBe(true);
  expect(defaultCommitVeto(request, new Response('', { headers: { 'x-tm': 'commit' }, status: 500 }))).toBe(false);
  expect(defaultCommitVeto(request, new Response('', { headers: { 'X-TM': 'anything' } }))).toBe(true);
});
