/**
 * The transaction package's contracts and errors, as Python's `transaction.interfaces`: what a
 * data manager (a resource that joins a transaction) implements, and what goes wrong.
 * Every data-manager method may return a promise: Node's databases answer asynchronously.
 */
import type { Transaction } from './transaction';

type MaybePromise<T> = T | Promise<T>;

/**
 * A resource that takes part in a transaction's two-phase commit (`IDataManager`).
 * On commit the transaction calls, across all joined managers sorted by `sortKey()`:
 * `tpcBegin` on each, then `commit` on each, then `tpcVote` on each (the last point where a
 * manager may refuse), then `tpcFinish` on each (which must not fail). If anything fails before
 * the finish, managers that had not voted get `abort`, and every manager gets `tpcAbort`.
 * Outside a commit, `abort` throws the manager's work away.
 */
export interface DataManager {
  /** The transaction manager this resource belongs to (as the Python attribute). */
  transactionManager?: unknown;
  abort(transaction: Transaction): MaybePromise<void>;
  tpcBegin(transaction: Transaction): MaybePromise<void>;
  commit(transaction: Transaction): MaybePromise<void>;
  tpcVote(transaction: Transaction): MaybePromise<void>;
  tpcFinish(transaction: Transaction): MaybePromise<void>;
  tpcAbort(transaction: Transaction): MaybePromise<void>;
  /** Orders managers within a commit; the same for every transaction, unique per resource. */
  sortKey(): string;
  /** True when `error`, thrown while this manager worked, is worth another attempt. */
  shouldRetry?(error: unknown): boolean;
}

/** A conflict or other error that a new attempt may not meet (`TransientError`). */
export class TransientError extends Error {
  name = 'TransientError';
}

/** A transaction already failed to commit; it must be aborted before anything else. */
export class TransactionFailedError extends Error {
  name = 'TransactionFailedError';
}

/** `commit()` on a doomed transaction: it may only be aborted. */
export class DoomedTransaction extends Error {
  name = 'DoomedTransaction';
}

/** An explicit manager was asked for its transaction before `begin()`. */
export class NoTransaction extends Error {
  name = 'NoTransaction';
  constructor(message = 'No transaction: an explicit transaction manager needs begin() first') {
    super(message);
  }
}

/** An explicit manager was asked to `begin()` while a transaction is open. */
export class AlreadyInTransaction extends Error {
  name = 'AlreadyInTransaction';
  constructor(message = 'Already in a transaction: commit() or abort() it before begin()') {
    super(message);
  }
}
