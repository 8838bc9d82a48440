/**
 * The transaction package (`pyramid-ts/transaction`), as Python's `transaction`: two-phase commit
 * across data managers in sortKey order, cleanup after a failed commit, a failed transaction
 * refusing everything but abort, doomed transactions, explicit managers, hooks, and `run()`'s retries.
 */
import { AlreadyInTransaction, bindManager, type DataManager, DoomedTransaction, manager, NoTransaction, Status, TransactionFailedError, TransactionManager, TransientError } from '../../framework/transaction';
import { withLog } from './helpers';

/** Records `name:call` into `log`; async, as a database's data manager is. */
function recorder(log: string[], name: string, fail?: string): DataManager {
  const call = async (what: string) => {
    await Promise.resolve();
    log.push(`${name}:${what}`);
    if (fail === what) throw new Error(`${name} ${what} failed`);
  };
  return {
    abort: () => call('abort'),
    tpcBegin: () => call('tpc_begin'),
    commit: () => call('commit'),
    tpcVote: () => call('tpc_vote'),
    tpcFinish: () => call('tpc_finish'),
    tpcAbort: () => call('tpc_abort'),
    sortKey: () => name,
  };
}

test('commit runs each phase across all managers, sorted by sortKey, and frees the transaction', async () => {
  const log: string[] = [];
  const tm = new TransactionManager();
  const txn = await tm.begin();
  txn.join(recorder(log, 'b'));
  txn.join(recorder(log, 'a'));
  await tm.commit();
  expect(log).toEqual(['a:tpc_begin', 'b:tpc_begin', 'a:commit', 'b:commit', 'a:tpc_vote', 'b:tpc_vote', 'a:tpc_finish', 'b:tpc_finish']);
  expect(txn.status).toBe(Status.COMMITTED);
  expect(tm.get()).not.toBe(txn);
});

test('a vote that fails aborts those that had not voted, tpcAborts all, and leaves the transaction failed until aborted', async () => {
  const log: string[] = [];
  const tm = new TransactionManager();
  const txn = await tm.begin();
  txn.join(recorder(log, 'a'));
  txn.join(recorder(log, 'b', 'tpc_vote'));
  await withLog('txn', async (captured) => {
    await expect(tm.commit()).rejects.toThrow('b tpc_vote failed');
    expect(captured.records).toHaveLength(0);
  });
  expect(log.slice(4)).toEqual(['a:tpc_vote', 'b:tpc_vote', 'b:abort', 'a:tpc_abort', 'b:tpc_abort']);
  expect(txn.status).toBe(Status.COMMITFAILED);
  expect(tm.get()).toBe(txn);
  await expect(tm.commit()).rejects.toThrow(TransactionFailedError);
  expect(() => txn.join(recorder(log, 'c'))).toThrow(/previously failed[\s\S]*b tpc_vote failed/);
  await tm.abort();
  expect(tm.get()).not.toBe(txn);
});

test('a doomed transaction cannot commit; abort is still allowed', async () => {
  const tm = new TransactionManager();
  await tm.begin();
  tm.doom();
  expect(tm.isDoomed()).toBe(true);
  await expect(tm.commit()).rejects.toThrow(DoomedTransaction);
  await tm.abort();
  expect(tm.isDoomed()).toBe(false);
});

test('an explicit manager needs begin() and refuses a second one', async () => {
  const tm = new TransactionManager(true);
  expect(() => tm.get()).toThrow(NoTransaction);
  await tm.begin();
  await expect(tm.begin()).rejects.toThrow(AlreadyInTransaction);
  await tm.abort();
});

test('an implicit manager aborts the open transaction on begin()', async () => {
  const log: string[] = [];
  const tm = new TransactionManager();
  tm.get().join(recorder(log, 'a'));
  await tm.begin();
  expect(log).toEqual(['a:abort']);
});

test('hooks: before-commit ones may fail the commit; after-commit ones hear the outcome', async () => {
  const tm = new TransactionManager();
  const heard: unknown[] = [];
  const txn = await tm.begin();
  txn.addBeforeCommitHook((x: string) => heard.push(`before ${x}`), ['arg']);
  txn.addAfterCommitHook((ok: boolean, x: string) => heard.push(`after ${ok} ${x}`), ['arg']);
  await tm.commit();
  expect(heard).toEqual(['before arg', 'after true arg']);

  const failing = await tm.begin();
  failing.addBeforeCommitHook(() => { throw new Error('not now'); });
  await expect(tm.commit()).rejects.toThrow('not now');
  await tm.abort();
});

test('run() commits, retries retryable errors while tries remain, and rethrows the rest', async () => {
  const tm = new TransactionManager();
  let calls = 0;
  await expect(tm.run(() => {
    calls += 1;
    if (calls < 3) throw new TransientError('conflict');
    return 'done';
  })).resolves.toBe('done');
  expect(calls).toBe(3);

  calls = 0;
  await expect(tm.run(() => { calls += 1; throw new TransientError('again'); }, 2)).rejects.toThrow('again');
  expect(calls).toBe(2);

  calls = 0;
  await expect(tm.run(() => { calls += 1; throw new TypeError('bug'); })).rejects.toThrow(TypeError);
  expect(calls).toBe(1);

  // a data manager can call its own errors retryable
  calls = 0;
  const log: string[] = [];
  await tm.run((txn) => {
    txn.join({ ...recorder(log, 'db'), shouldRetry: (e: unknown) => (e as Error).message === 'deadlock' });
    calls += 1;
    if (calls === 1) throw new Error('deadlock');
  });
  expect(calls).toBe(2);
});

test('transaction.manager.run: concurrent runs each commit their own work (each its own manager, as each Python thread has)', async () => {
  const log: string[] = [];
  const work = (name: string, ms: number) => manager.run(async (txn) => {
    txn.join(recorder(log, name));
    expect(manager.get()).toBe(txn);
    await new Promise((resolve) => setTimeout(resolve, ms));
    return name;
  });
  await expect(Promise.all([work('a', 40), work('b', 5)])).resolves.toEqual(['a', 'b']);
  expect(log.filter((l) => l.endsWith(':tpc_finish')).sort()).toEqual(['a:tpc_finish', 'b:tpc_finish']);
  expect(log.some((l) => l.endsWith(':abort'))).toBe(false);
  // the process-wide manager was not involved
  expect(manager.inTransaction).toBe(false);
});

test('transaction.manager.run inside a bound manager (pyramid_tm\'s request.tm) runs on that manager', async () => {
  const tm = new TransactionManager();
  const log: string[] = [];
  await bindManager(tm, () => manager.run((txn) => {
    expect(tm.get()).toBe(txn);
    txn.join(recorder(log, 'db'));
  }));
  expect(log).toContain('db:tpc_finish');
  expect(tm.inTransaction).toBe(false);
});
