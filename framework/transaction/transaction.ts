/**
 * One transaction, as Python's `transaction.Transaction`: data managers join it, and it commits
 * them all with a two-phase commit or aborts them all. A failed commit leaves it `COMMITFAILED`:
 * every later operation but `abort()` raises `TransactionFailedError`, so no half-committed work
 * is mistaken for a fresh start.
 */
import { getLogger } from '../logging';
import { type DataManager, DoomedTransaction, TransactionFailedError } from './interfaces';

export enum Status {
  ACTIVE = 'Active',
  COMMITTING = 'Committing',
  COMMITTED = 'Committed',
  DOOMED = 'Doomed',
  COMMITFAILED = 'Commit failed',
}

/** What a transaction tells the manager that made it. */
export interface TransactionOwner {
  free(transaction: Transaction): void;
  isRetryable(error: unknown): boolean;
}

type Hook = (...args: any[]) => unknown;
interface HookCall { hook: Hook; args: unknown[] }

const log = getLogger('txn');

export class Transaction {
  status: Status = Status.ACTIVE;
  /** Free-form extra information, as `transaction.extension`. */
  extension: Record<string, unknown> = {};
  private _user = '';
  private _description = '';
  private resources: DataManager[] = [];
  private voted = new Set<DataManager>();
  private failure: unknown = undefined;
  private beforeCommit: HookCall[] = [];
  private afterCommit: HookCall[] = [];
  private beforeAbort: HookCall[] = [];
  private afterAbort: HookCall[] = [];
  private data = new Map<unknown, unknown>();

  constructor(private owner: TransactionOwner | null = null) {}

  get user(): string {
    return this._user;
  }

  set user(value: string) {
    if (value === null || value === undefined) throw new TypeError('transaction user must not be null');
    this._user = String(value);
  }

  get description(): string {
    return this._description;
  }

  set description(value: string) {
    if (value !== null && value !== undefined) this._description = String(value);
  }

  /** Adds a line to the description. */
  note(text: string): void {
    if (text === null || text === undefined) return;
    const line = String(text).trim();
    this._description = this._description ? `${this._description}\n${line}` : line;
  }

  /** As Python's `setUser(name, path='/')`: the user recorded as `"path name"`. */
  setUser(userName: string, path = '/'): void {
    this.user = `${path} ${userName}`;
  }

  setExtendedInfo(name: string, value: unknown): void {
    this.extension[name] = value;
  }

  /** The resources joined so far, in join order. */
  get joined(): readonly DataManager[] {
    return this.resources;
  }

  isDoomed(): boolean {
    return this.status === Status.DOOMED;
  }

  /** Marks the transaction so that it can only be aborted. */
  doom(): void {
    if (this.status === Status.DOOMED) return;
    if (this.status !== Status.ACTIVE) throw new Error(`transaction cannot be doomed: it is ${this.status}`);
    this.status = Status.DOOMED;
  }

  join(resource: DataManager): void {
    if (this.status === Status.COMMITFAILED) this.priorOperationFailed();
    if (this.status !== Status.ACTIVE && this.status !== Status.DOOMED) {
      throw new Error(`expected transaction status ${Status.ACTIVE} or ${Status.DOOMED}, but it is ${this.status}`);
    }
    this.resources.push(resource);
  }

  /** Per-transaction data kept for an object (a data manager's bookkeeping). */
  getData(key: unknown): unknown {
    return this.data.get(key);
  }

  setData(key: unknown, value: unknown): void {
    this.data.set(key, value);
  }

  addBeforeCommitHook(hook: Hook, args: unknown[] = []): void {
    this.beforeCommit.push({ hook, args });
  }

  /** `hook(succeeded, ...args)`, after a commit or a failed commit. */
  addAfterCommitHook(hook: (status: boolean, ...args: any[]) => unknown, args: unknown[] = []): void {
    this.afterCommit.push({ hook, args });
  }

  addBeforeAbortHook(hook: Hook, args: unknown[] = []): void {
    this.beforeAbort.push({ hook, args });
  }

  addAfterAbortHook(hook: Hook, args: unknown[] = []): void {
    this.afterAbort.push({ hook, args });
  }

  isRetryableError(error: unknown): boolean {
    return this.owner ? this.owner.isRetryable(error) : false;
  }

  async commit(): Promise<void> {
    if (this.status === Status.DOOMED) throw new DoomedTransaction('transaction doomed, cannot commit');
    if (this.status === Status.COMMITFAILED) this.priorOperationFailed();
    if (this.status !== Status.ACTIVE) throw new Error(`transaction cannot commit: it is ${this.status}`);
    // (each step awaited only when it has work: most requests join nothing and add no hooks)
    if (this.beforeCommit.length) await this.callHooks(this.beforeCommit, true);
    this.status = Status.COMMITTING;
    try {
      if (this.resources.length) await this.commitResources();
      this.status = Status.COMMITTED;
    } catch (error) {
      this.status = Status.COMMITFAILED;
      this.failure = error;
      await this.callHooks(this.afterCommit, false, [false], true);
      throw error;
    }
    if (this.afterCommit.length) await this.callHooks(this.afterCommit, false, [true], true);
    this.free();
  }

  async abort(): Promise<void> {
    let first: { error: unknown } | null = null;
    try {
      if (this.beforeAbort.length) await this.callHooks(this.beforeAbort, false);
      for (const resource of this.resources) {
        try {
          await resource.abort(this);
        } catch (error) {
          first ??= { error };
          log.error(`Failed to abort resource manager ${resource.sortKey()}: ${String(error)}`);
        }
      }
      if (this.afterAbort.length) await this.callHooks(this.afterAbort, false, [], true);
      this.freeOwner();
    } finally {
      this.free();
    }
    if (first) throw first.error;
  }

  private async commitResources(): Promise<void> {
    const list = [...this.resources].sort((a, b) => (a.sortKey() < b.sortKey() ? -1 : a.sortKey() > b.sortKey() ? 1 : 0));
    try {
      for (const rm of list) await rm.tpcBegin(this);
      for (const rm of list) await rm.commit(this);
      for (const rm of list) {
        await rm.tpcVote(this);
        this.voted.add(rm);
      }
      try {
        for (const rm of list) await rm.tpcFinish(this);
      } catch (error) {
        log.error('A storage error occurred during the second phase of the two-phase commit. Resources may be in an inconsistent state.');
        throw error;
      }
    } catch (error) {
      await this.cleanup(list);
      throw error;
    }
  }

  /** After a failed commit: abort who had not voted, then tpcAbort everyone; errors only logged. */
  private async cleanup(list: DataManager[]): Promise<void> {
    await this.abortEach(list.filter((rm) => !this.voted.has(rm)));
    for (const rm of list) {
      try {
        await rm.tpcAbort(this);
      } catch (error) {
        log.error(`Error in tpcAbort() on manager ${rm.sortKey()}: ${String(error)}`);
      }
    }
  }

  /**
   * Runs hooks in order (a hook may add hooks). With `raise`, the first failure propagates;
   * otherwise failures are logged. With `clean`, every resource is aborted afterwards, in case
   * a hook touched one.
   */
  private async callHooks(hooks: HookCall[], raise: boolean, prefix: unknown[] = [], clean = false): Promise<void> {
    if (!hooks.length) return;
    try {
      for (let i = 0; i < hooks.length; i++) {
        const { hook, args } = hooks[i];
        try {
          await hook(...prefix, ...args);
        } catch (error) {
          if (raise) throw error;
          log.error(`Error in hook ${hook.name || '(anonymous)'}: ${String(error)}`);
        }
      }
    } finally {
      hooks.length = 0;
      if (clean) await this.abortEach(this.resources);
    }
  }

  /** Aborts each of `resources`, its errors only logged. */
  private async abortEach(resources: readonly DataManager[]): Promise<void> {
    for (const rm of resources) {
      try {
        await rm.abort(this);
      } catch (error) {
        log.error(`Error in abort() on manager ${rm.sortKey()}: ${String(error)}`);
      }
    }
  }

  private priorOperationFailed(): never {
    const reason = this.failure instanceof Error ? this.failure.stack ?? this.failure.message : String(this.failure);
    throw new TransactionFailedError(`An operation previously failed, with traceback:\n\n${reason}`);
  }

  private freeOwner(): void {
    const owner = this.owner;
    this.owner = null;
    owner?.free(this);
  }

  private free(): void {
    this.freeOwner();
    this.resources = [];
    this.beforeCommit = [];
    this.afterCommit = [];
    this.beforeAbort = [];
    this.afterAbort = [];
    this.data.clear();
  }
}
