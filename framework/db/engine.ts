/**
 * Engines, as SQLAlchemy's `create_engine` / `engine_from_config`: a database named by a URL,
 * its connections, and its SQL dialect, used through Kysely (a typed query builder).
 * `sqlite://` is an in-memory database, `sqlite:///file.sqlite` a file (relative to the working
 * folder; `sqlite:////abs/path` absolute), `postgresql://user:password@host:port/name` (also
 * `postgresql+psycopg2://`, `postgres://`) a PostgreSQL server through `pg`. The drivers
 * (better-sqlite3, pg) are loaded only when a URL asks for them.
 *
 * SQL goes to the `sqlalchemy.engine.Engine` logger at INFO, as SQLAlchemy's does, so the
 * tutorial's `[logger_sqlalchemy.engine.Engine] level = INFO` shows each statement.
 */
import * as path from 'node:path';
import { type CompiledQuery, type DatabaseConnection, type Dialect, type Driver, Kysely, PostgresDialect, type QueryResult, SqliteDialect, type TransactionSettings } from 'kysely';
import { ConfigurationError } from '../exceptions';
import { asbool } from '../ini';
import { getLogger, INFO } from '../logging';
import { queriesWatched, reportQuery } from '../debugtoolbar/queries';

export type DialectName = 'sqlite' | 'postgresql';

const sqlLog = getLogger('sqlalchemy.engine.Engine');
const engineLog = getLogger('pyramid_ts.db');

/** A URL's dialect and what its driver needs. */
export function parseUrl(url: string): { dialect: 'sqlite'; file: string } | { dialect: 'postgresql'; connectionString: string } {
  const match = /^([a-z][a-z0-9]*)(?:\+[a-z0-9_]+)?:\/\/(.*)$/i.exec(url.trim());
  if (!match) throw new ConfigurationError(`Cannot parse database URL '${url}': expected sqlite:///file.sqlite or postgresql://user@host/name`);
  const [, scheme, rest] = match;
  switch (scheme.toLowerCase()) {
    case 'sqlite': {
      if (rest === '' || rest === '/' || rest === '/:memory:') return { dialect: 'sqlite', file: ':memory:' };
      if (!rest.startsWith('/')) throw new ConfigurationError(`Cannot parse database URL '${url}': a SQLite URL has three slashes before its path (sqlite:///file.sqlite)`);
      return { dialect: 'sqlite', file: rest.slice(1) };
    }
    case 'postgresql':
    case 'postgres':
      return { dialect: 'postgresql', connectionString: `postgresql://${rest}` };
    default:
      throw new ConfigurationError(`Database URL '${url}': no dialect '${scheme}'; this framework speaks sqlite and postgresql`);
  }
}

function loadDriver<T>(name: string, dialect: string): T {
  try {
    return require(name) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') {
      throw new ConfigurationError(`A ${dialect} URL needs the npm package '${name}': npm install ${name}`);
    }
    throw error;
  }
}

function makeDialect(url: string): { name: DialectName; dialect: Dialect } {
  const parsed = parseUrl(url);
  if (parsed.dialect === 'sqlite') {
    const file = parsed.file === ':memory:' ? parsed.file : path.resolve(parsed.file);
    const Database = loadDriver<new (file: string) => unknown>('better-sqlite3', 'SQLite');
    // opened on first use, so that making an engine (at start-up) touches no file
    return { name: 'sqlite', dialect: new SqliteDialect({ database: async () => new Database(file) as never }) };
  }
  type Pool = { on(event: 'error', listener: (error: Error) => void): unknown };
  const pg = loadDriver<{ Pool: new (options: { connectionString: string }) => Pool }>('pg', 'PostgreSQL');
  const pool = async () => {
    const made = new pg.Pool({ connectionString: parsed.connectionString });
    // An idle pooled connection that the server drops (a restart) is an 'error' event, which
    // unheard would end the process: note it; the pool makes a new connection when next asked.
    made.on('error', (error) => engineLog.warning(`an idle connection to ${url.replace(/\/\/[^@/]*@/, '//***@')} failed: ${error.message}`));
    return made as never;
  };
  return { name: 'postgresql', dialect: new PostgresDialect({ pool }) };
}

export interface EngineOptions {
  /** Log every statement (SQLAlchemy's `echo`), whatever the logger's level. */
  echo?: boolean;
}

export class Engine {
  readonly dialectName: DialectName;
  /** The engine's driver: its connections, shared by every session made on it. */
  readonly driver: Driver;
  private readonly dialect: Dialect;
  private ready: Promise<void> | null = null;
  private disposed = false;

  constructor(readonly url: string, readonly options: EngineOptions = {}) {
    const { name, dialect } = makeDialect(url);
    this.dialectName = name;
    this.dialect = dialect;
    this.driver = dialect.createDriver();
  }

  /** Opens the driver (once). */
  init(): Promise<void> {
    if (this.disposed) return Promise.reject(new Error(`Engine for ${this.url} was disposed`));
    return (this.ready ??= this.driver.init());
  }

  /** A Kysely over `driver` (the engine's connections, as given by `driver`), with this engine's dialect and statement log. */
  kyselyOver<DB>(driver: Driver): Kysely<DB> {
    const dialect = this.dialect;
    const own = ownConnections(driver);
    return new Kysely<DB>({
      dialect: {
        createDriver: () => own,
        createQueryCompiler: () => dialect.createQueryCompiler(),
        createAdapter: () => dialect.createAdapter(),
        createIntrospector: (db) => dialect.createIntrospector(db),
      },
      log: (event) => {
        // the debug toolbar's SQL panel, when it watches this request
        if (queriesWatched()) {
          reportQuery({ sql: event.query.sql, params: event.query.parameters, durationMs: event.queryDurationMillis, engine: this.dialectName, rowCount: rowCounts.get(event.query) });
        }
        if (this.options.echo || sqlLog.isEnabledFor(INFO)) {
          sqlLog.info(`${event.query.sql}${event.query.parameters.length ? ` ${JSON.stringify(event.query.parameters)}` : ''}`);
        }
      },
    });
  }

  /**
   * Kysely on the engine's own connections, outside any transaction manager: each statement
   * in its own transaction (or Kysely's `db.transaction()`), as SQLAlchemy's `engine.begin()`.
   * For schema work (`createTable`) and scripts.
   */
  connect<DB>(): Kysely<DB> {
    const engine = this;
    const driver = this.driver;
    const shared: Driver = {
      init: () => engine.init(),
      acquireConnection: () => driver.acquireConnection(),
      beginTransaction: (connection: DatabaseConnection, settings: TransactionSettings) => driver.beginTransaction(connection, settings),
      commitTransaction: (connection: DatabaseConnection) => driver.commitTransaction(connection),
      rollbackTransaction: (connection: DatabaseConnection) => driver.rollbackTransaction(connection),
      releaseConnection: (connection: DatabaseConnection) => driver.releaseConnection(connection),
      // the engine owns its connections: dispose() closes them
      destroy: async () => undefined,
    };
    return this.kyselyOver<DB>(shared);
  }

  /** Closes the engine's connections. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    if (this.ready) {
      await this.ready.catch(() => undefined);
      await this.driver.destroy();
    }
  }
}

export function createEngine(url: string, options: EngineOptions = {}): Engine {
  return new Engine(url, options);
}

/** SQLAlchemy's `engine_from_config(settings, 'sqlalchemy.')`: `<prefix>url`, `<prefix>echo`. */
export function engineFromConfig(settings: Record<string, unknown>, prefix = 'sqlalchemy.'): Engine {
  const url = settings[`${prefix}url`];
  if (typeof url !== 'string' || !url.trim()) {
    throw new ConfigurationError(`No database URL: set ${prefix}url in the [app:main] section (sqlite:///%(here)s/app.sqlite or postgresql://...)`);
  }
  return createEngine(url, { echo: asbool(settings[`${prefix}echo`] ?? false) });
}

/**
 * The rows a statement returned (a SELECT) or changed (INSERT, UPDATE, DELETE), for the toolbar's
 * SQL panel: noted by the connection wrapper, read by the statement log Kysely calls with the
 * same compiled query, and only while a toolbar watches the request.
 */
const rowCounts = new WeakMap<CompiledQuery, number>();

async function counted<R>(connection: DatabaseConnection, query: CompiledQuery): Promise<QueryResult<R>> {
  const result = await connection.executeQuery<R>(query);
  rowCounts.set(query, result.numAffectedRows !== undefined ? Number(result.numAffectedRows) : result.rows.length);
  return result;
}

/**
 * `driver`, handing out a connection object of its own for each underlying connection. Kysely
 * wraps every connection it is given once per Kysely instance, in place, to log its queries; a
 * session makes a Kysely per transaction over the engine's shared connections, so without this
 * the wrappers would pile up on those connections, one more per request.
 */
function ownConnections(driver: Driver): Driver {
  const mine = new WeakMap<DatabaseConnection, DatabaseConnection>();
  const theirs = new WeakMap<DatabaseConnection, DatabaseConnection>();
  const unwrap = (connection: DatabaseConnection) => theirs.get(connection) ?? connection;
  return {
    init: () => driver.init(),
    acquireConnection: async () => {
      const connection = await driver.acquireConnection();
      let wrapper = mine.get(connection);
      if (!wrapper) {
        wrapper = {
          executeQuery: <R>(query: CompiledQuery) => (queriesWatched() ? counted<R>(connection, query) : connection.executeQuery<R>(query)),
          streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
        };
        mine.set(connection, wrapper);
        theirs.set(wrapper, connection);
      }
      return wrapper;
    },
    beginTransaction: (connection, settings) => driver.beginTransaction(unwrap(connection), settings),
    commitTransaction: (connection) => driver.commitTransaction(unwrap(connection)),
    rollbackTransaction: (connection) => driver.rollbackTransaction(unwrap(connection)),
    savepoint: driver.savepoint && ((connection, name, compile) => driver.savepoint!(unwrap(connection), name, compile)),
    rollbackToSavepoint: driver.rollbackToSavepoint && ((connection, name, compile) => driver.rollbackToSavepoint!(unwrap(connection), name, compile)),
    releaseSavepoint: driver.releaseSavepoint && ((connection, name, compile) => driver.releaseSavepoint!(unwrap(connection), name, compile)),
    releaseConnection: (connection) => driver.releaseConnection(unwrap(connection)),
    destroy: () => driver.destroy(),
  };
}
