/**
 * Transaction managers, as Python's `transaction` package: a manager holds the current
 * transaction (`get()`), starts (`begin()`), commits and aborts it, and retries work that failed
 * with a retryable error (`run()`, `attempts()`).
 *
 * Python's default `transaction.manager` is thread-local. Node has no threads but interleaves
 * requests, so ours is local to an asynchronous context instead: `manager` delegates to the
 * manager bound with `bindManager(m, fn)` around the running code (pyramid_tm's tween binds the
 * request's), or else to one process-wide manager, which scripts use.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { AlreadyInTransaction, type DataManager, NoTransaction, TransientError } from './interfaces';
import { Transaction, type TransactionOwner } from './transaction';

export class TransactionManager implements TransactionOwner {
  private txn: Transaction | null = null;

  /** An explicit manager never starts a transaction by itself: `get()` before `begin()` fails. */
  constructor(readonly explicit = false) {}

  /** Starts a new transaction; an implicit manager aborts the one in progress first. */
  async begin(): Promise<Transaction> {
    if (this.txn) {
      if (this.explicit) throw new AlreadyInTransaction();
      await this.txn.abort();
    }
    this.txn = new Transaction(this);
    return this.txn;
  }

  /** The current transaction (an implicit manager starts one when there is none). */
  get(): Transaction {
    if (!this.txn) {
      if (this.explicit) throw new NoTransaction();
      this.txn = new Transaction(this);
    }
    return this.txn;
  }

  /** True while a transaction is open (never starts one). */
  get inTransaction(): boolean {
    return this.txn !== null;
  }

  free(transaction: Transaction): void {
    if (transaction !== this.txn) throw new Error('Foreign transaction');
    this.txn = null;
  }

  isDoomed(): boolean {
    return this.get().isDoomed();
  }

  doom(): void {
    this.get().doom();
  }

  commit(): Promise<void> {
    return this.get().commit();
  }

  abort(): Promise<void> {
    return this.get().abort();
  }

  /** Python's `_retryable`: a `TransientError`, or an error a joined data manager says to retry. */
  isRetryable(error: unknown): boolean {
    if (error instanceof TransientError) return true;
    const resources: readonly DataManager[] = this.txn ? this.txn.joined : [];
    return resources.some((dm) => typeof dm.shouldRetry === 'function' && dm.shouldRetry(error));
  }

  /**
   * Runs `fn` in a new transaction and commits it, as Python's `manager.run(func, tries)` (and
   * `with manager:`): on an error it aborts, and starts over while the error is retryable and
   * tries remain; otherwise it throws the error.
   */
  async run<T>(fn: (transaction: Transaction) => T | Promise<T>, tries = 3): Promise<T> {
    if (!(tries > 0)) throw new RangeError(`tries must be > 0, not ${tries}`);
    for (let attempt = 1; ; attempt++) {
      const txn = await this.begin();
      try {
        const result = await fn(txn);
        await this.commit();
        return result;
      } catch (error) {
        const retry = attempt < tries && this.isRetryable(error);
        await this.abort();
        if (!retry) throw error;
      }
    }
  }
}

const bound = new AsyncLocalStorage<TransactionManager>();
const processManager = new TransactionManager();

/** Runs `fn` with `manager` standing for `m` in it and everything it awaits or schedules. */
export function bindManager<T>(m: TransactionManager, fn: () => T): T {
  return bound.run(m, fn);
}

let appsWithoutManager = 0;

/**
 * Called by the Configurator for each app it makes without pyramid_tm's tween: its requests run
 * with no manager bound, so `manager` is the process-wide one there, shared by concurrent
 * requests, and nothing commits it. (Python's is thread-local: each thread's transaction stays
 * open, uncommitted, and no other thread sees its writes.)
 */
export function noteAppWithoutManager(): void {
  appsWithoutManager++;
}

/**
 * Why joining the process-wide manager's transaction implicitly here would lose work, or null
 * when it would not: a manager is bound (pyramid_tm's request.tm), a transaction was begun
 * (`manager.run`, `begin`), or this process has made no app without pyramid_tm (a script, a test).
 */
export function implicitJoinHazard(m: TransactionManager): string | null {
  if (m !== processManager || m.inTransaction || appsWithoutManager === 0) return null;
  return 'this process serves an app made without pyramid_tm, whose requests no transaction manager is bound to: ' +
    'the statements would run in one process-wide transaction that nothing commits (lost at exit) and that concurrent requests share';
}

/** The manager `manager` stands for here: the bound one, or the process-wide one. */
export function currentManager(): TransactionManager {
  return bound.getStore() ?? processManager;
}

/**
 * `transaction.manager`: the current context's manager (see the module comment). Its methods
 * are the manager's; `manager.get()` in a request handled by pyramid_tm is that request's transaction.
 */
export const manager = {
  get explicit(): boolean {
    return currentManager().explicit;
  },
  get inTransaction(): boolean {
    return currentManager().inTransaction;
  },
  begin: () => currentManager().begin(),
  get: () => currentManager().get(),
  commit: () => currentManager().commit(),
  abort: () => currentManager().abort(),
  doom: () => currentManager().doom(),
  isDoomed: () => currentManager().isDoomed(),
  isRetryable: (error: unknown) => currentManager().isRetryable(error),
  /**
   * `manager.run(fn)` (Python's `with transaction.manager:`). With no manager bound here, the work
   * gets a manager of its own, bound while it runs: Python's manager is the thread's, so two
   * threads' `with` blocks never meet; two concurrent runs on one process-wide manager would
   * (the second's `begin()` would abort the first's transaction and the first's commit commit the
   * second's).
   */
  run: <T>(fn: (transaction: Transaction) => T | Promise<T>, tries?: number) => {
    const m = bound.getStore();
    if (m) return m.run(fn, tries);
    const own = new TransactionManager();
    return bindManager(own, () => own.run(fn, tries));
  },
};

/** `transaction.get()`, `begin()`, `commit()`, `abort()`, `doom()`, `isDoomed()`: the current manager's. */
export const get = manager.get;
export const begin = manager.begin;
export const commit = manager.commit;
export const abort = manager.abort;
export const doom = manager.doom;
export const isDoomed = manager.isDoomed;
