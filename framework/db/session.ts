/**
 * A database session joined to the transaction manager, as `zope.sqlalchemy` joins SQLAlchemy's:
 * `session.db` is a Kysely whose first statement begins a database transaction on one of the
 * engine's connections and joins the manager's current transaction as a data manager. The
 * transaction's commit then commits the database's (in `tpcFinish`), an abort rolls it back, and
 * the next statement after either begins afresh in the manager's next transaction. So in a
 * request under pyramid_tm (`request.dbsession` built on `request.tm`) the view just queries:
 * the tween commits or rolls back with the request.
 */
import type { DatabaseConnection, Driver, Kysely, TransactionSettings } from 'kysely';
import { manager as currentManager, type DataManager, type Transaction } from '../transaction';
import type { Engine } from './engine';

/** What the session joins: `transaction.manager` by default, or `request.tm`. */
export interface TransactionSource {
  get(): Transaction;
}

let sessions = 0;

/** Database errors worth another attempt: serialization failures and deadlocks, a busy SQLite. */
function isTransientDatabaseError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01' || code === 'SQLITE_BUSY';
}

export class DbSession<DB = any> implements DataManager {
  /** Queries through the session: the first one begins and joins the transaction. */
  readonly db: Kysely<DB>;
  private connection: DatabaseConnection | null = null;
  private opening: Promise<DatabaseConnection> | null = null;
  private readonly key = `~sqlalchemy:${++sessions}`;

  constructor(readonly engine: Engine, readonly transactionManager: TransactionSource = currentManager) {
    const session = this;
    const inner = engine.driver;
    const refuse = async () => {
      throw new Error('This session\'s transaction belongs to the transaction manager: commit or abort it there (request.tm, transaction.manager), not through Kysely');
    };
    const driver: Driver = {
      init: () => engine.init(),
      acquireConnection: () => session.connect(),
      beginTransaction: refuse,
      commitTransaction: refuse,
      rollbackTransaction: refuse,
      savepoint: inner.savepoint?.bind(inner),
      rollbackToSavepoint: inner.rollbackToSavepoint?.bind(inner),
      releaseSavepoint: inner.releaseSavepoint?.bind(inner),
      // held until the transaction ends
      releaseConnection: async () => undefined,
      destroy: async () => undefined,
    };
    this.db = engine.kyselyOver<DB>(driver);
  }

  /** True while the session is inside a database transaction. */
  get active(): boolean {
    return this.connection !== null || this.opening !== null;
  }

  private connect(): Promise<DatabaseConnection> {
    if (this.connection) return Promise.resolve(this.connection);
    if (!this.opening) {
      const opening = this.begin();
      const settle = () => {
        if (this.opening === opening) this.opening = null;
      };
      this.opening = opening;
      opening.then(settle, settle);
    }
    return this.opening;
  }

  private async begin(): Promise<DatabaseConnection> {
    const txn = this.transactionManager.get();
    await this.engine.init();
    const connection = await this.engine.driver.acquireConnection();
    try {
      await this.engine.driver.beginTransaction(connection, {} as TransactionSettings);
      txn.join(this);
    } catch (error) {
      await this.engine.driver.rollbackTransaction(connection).catch(() => undefined);
      await this.engine.driver.releaseConnection(connection);
      throw error;
    }
    this.connection = connection;
    return connection;
  }

  /** Ends the database transaction (if one was begun) and gives the connection back. */
  private async end(how: 'commit' | 'rollback'): Promise<void> {
    const connection = this.connection ?? (this.opening ? await this.opening.catch(() => null) : null);
    this.connection = null;
    if (!connection) return;
    try {
      if (how === 'commit') await this.engine.driver.commitTransaction(connection);
      else await this.engine.driver.rollbackTransaction(connection);
    } finally {
      await this.engine.driver.releaseConnection(connection);
    }
  }

  // The data-manager side: statements already ran, so only the last phase has work.
  tpcBegin(): void {}
  commit(): void {}
  tpcVote(): void {}

  tpcFinish(): Promise<void> {
    return this.end('commit');
  }

  abort(): Promise<void> {
    return this.end('rollback');
  }

  tpcAbort(): Promise<void> {
    return this.end('rollback');
  }

  /** Sorts after other data managers, as zope.sqlalchemy's `~sqlalchemy:` keys do. */
  sortKey(): string {
    return this.key;
  }

  shouldRetry(error: unknown): boolean {
    return isTransientDatabaseError(error);
  }
}
