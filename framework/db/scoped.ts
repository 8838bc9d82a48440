/**
 * `scoped_session(sessionmaker())` with zope.sqlalchemy's `register`, in one: a module-level
 * `DBSession` that models share, bound to an engine at start-up (`DBSession.configure({ bind })`),
 * whose `db` is the session of the transaction manager in force where it is used. Under
 * pyramid_tm that is the request's `request.tm` (bound as `transaction.manager` while the request
 * is handled), so concurrent requests never share a session; in a script it is the process's.
 */
import type { Kysely } from 'kysely';
import { currentManager, implicitJoinHazard, type TransactionManager } from '../transaction';
import type { Engine } from './engine';
import { DbSession } from './session';

export class ScopedSession<DB = any> {
  private engine: Engine | null = null;
  private sessions = new WeakMap<TransactionManager, DbSession<DB>>();

  /** Binds the sessions to come to `bind` (SQLAlchemy's `DBSession.configure(bind=engine)`). */
  configure(options: { bind: Engine }): void {
    this.engine = options.bind;
    this.sessions = new WeakMap();
  }

  get bind(): Engine {
    if (!this.engine) throw new Error('This DBSession is bound to no engine: call DBSession.configure({ bind: engineFromConfig(settings, \'sqlalchemy.\') }) first');
    return this.engine;
  }

  /**
   * The session for `manager` (by default the one in force here), made on first use. Used in a
   * request of an app without pyramid_tm, it throws rather than write where nothing commits.
   */
  session(manager?: TransactionManager): DbSession<DB> {
    if (!manager) {
      manager = currentManager();
      const hazard = implicitJoinHazard(manager);
      if (hazard) {
        throw new Error(`DBSession used outside any transaction: ${hazard}. Include pyramid_tm in the app ` +
          '(pyramid.includes = pyramid_tm, or config.include(\'pyramid_tm\')), or run the work in `await transaction.manager.run(async () => ...)`');
      }
    }
    let session = this.sessions.get(manager);
    if (!session) {
      session = new DbSession<DB>(this.bind, manager);
      this.sessions.set(manager, session);
    }
    return session;
  }

  /** Queries through the current session (see `DbSession.db`). */
  get db(): Kysely<DB> {
    return this.session().db;
  }

  /** Forgets the current context's session, rolling back what it had not committed (`DBSession.remove()`). */
  async remove(): Promise<void> {
    const manager = currentManager();
    const session = this.sessions.get(manager);
    this.sessions.delete(manager);
    if (session?.active) await session.abort();
  }
}

/** `scoped_session(sessionmaker())`, registered with the transaction manager. */
export function scopedSession<DB = any>(): ScopedSession<DB> {
  return new ScopedSession<DB>();
}
