/**
 * Engines and database sessions (`pyramid-ts/db`): a DbSession joins the transaction manager on
 * its first statement, as zope.sqlalchemy's session does, so pyramid_tm's tween commits the
 * request's writes or rolls them back. The same checks run on SQLite (better-sqlite3, in memory
 * and in a file) and on a PostgreSQL server started for the test (Debian's postgresql).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { ConfigurationError } from '../../framework/exceptions';
import { DbSession, type Engine, engineFromConfig, parseUrl } from '../../framework/db';
import type { Generated } from 'kysely';
import { Response } from '../../framework/response';
import { manager, TransactionManager, TransientError } from '../../framework/transaction';
import { HTTPFound } from '../../framework/httpexceptions';
import { makeApp, withLog } from './helpers';
import { getLogger, INFO } from '../../framework/logging';
import { type PostgresServer, startPostgresServer } from './postgresql-server';

interface DB {
  pages: { uid: Generated<number>; title: string };
}

async function createSchema(engine: Engine): Promise<void> {
  const db = engine.connect<DB>();
  await db.schema.dropTable('pages').ifExists().execute();
  await db.schema.createTable('pages')
    .addColumn('uid', engine.dialectName === 'postgresql' ? 'serial' : 'integer', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.unique())
    .execute();
}

async function titles(engine: Engine): Promise<string[]> {
  const rows = await engine.connect<DB>().selectFrom('pages').select('title').orderBy('title').execute();
  return rows.map((r) => r.title);
}

/** An app whose views write through request.dbsession, in pyramid_tm's transactions. */
function wikiApp(engine: Engine, settings: Record<string, string> = {}) {
  return makeApp((config) => {
    config.include('pyramid_tm');
    config.addRequestMethod((request: any) => new DbSession<DB>(engine, request.tm), 'dbsession', { reify: true });
    config.addRoute('add', '/add/{title}');
    config.addView(async (request: any) => {
      await request.dbsession.db.insertInto('pages').values({ title: request.matchdict.title }).execute();
      if (request.params.get('then') === 'fail') throw new Error('view failed after writing');
      if (request.params.get('then') === 'notfound') return new Response('gone', { status: 404 });
      return new HTTPFound('/');
    }, { routeName: 'add' });
  }, settings);
}

function contract(label: string, url: () => string) {
  describe(label, () => {
    let engine: Engine;
    beforeEach(async () => {
      engine = engineFromConfig({ 'sqlalchemy.url': url() });
      await createSchema(engine);
    });
    afterEach(() => engine.dispose());

    test('a request that succeeds commits what its view wrote', async () => {
      const { testapp } = wikiApp(engine);
      await testapp.get('/add/FrontPage', { status: 302 });
      expect(await titles(engine)).toEqual(['FrontPage']);
    });

    test('a view that throws after writing leaves nothing behind', async () => {
      const { testapp } = wikiApp(engine);
      await withLog('pyramid', () => testapp.get('/add/Broken?then=fail', { status: 500 }));
      expect(await titles(engine)).toEqual([]);
    });

    test('a response the commit veto rejects rolls the writes back', async () => {
      const { testapp } = wikiApp(engine, { 'tm.commit_veto': 'pyramid_tm.default_commit_veto' });
      await testapp.get('/add/Vetoed?then=notfound', { status: 404 });
      await testapp.get('/add/Kept', { status: 302 });
      expect(await titles(engine)).toEqual(['Kept']);
    });

    test('a database error fails the request and the next request works (the connection came back)', async () => {
      const { testapp } = wikiApp(engine);
      await testapp.get('/add/Same', { status: 302 });
      await withLog('pyramid', () => testapp.get('/add/Same', { status: 500 }));
      await testapp.get('/add/Other', { status: 302 });
      expect(await titles(engine)).toEqual(['Other', 'Same']);
    });

    test('concurrent requests each commit their own writes', async () => {
      const { testapp } = wikiApp(engine);
      await Promise.all(['a', 'b', 'c', 'd'].map((t) => testapp.get(`/add/${t}`, { status: 302 })));
      expect(await titles(engine)).toEqual(['a', 'b', 'c', 'd']);
    });

    test('a script commits with transaction.manager.run, and a retried attempt starts a fresh database transaction', async () => {
      const session = new DbSession<DB>(engine);
      let attempts = 0;
      await manager.run(async () => {
        attempts += 1;
        await session.db.insertInto('pages').values({ title: `try ${attempts}` }).execute();
        if (attempts === 1) throw new TransientError('conflict');
      });
      expect(attempts).toBe(2);
      expect(session.active).toBe(false);
      expect(await titles(engine)).toEqual(['try 2']);
    });

    test("the session's transaction belongs to the manager: Kysely's own transactions are refused", async () => {
      const tm = new TransactionManager();
      const session = new DbSession<DB>(engine, tm);
      await expect(session.db.transaction().execute(async () => undefined)).rejects.toThrow(/belongs to the transaction manager/);
      await tm.abort();
    });
  });
}

const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'db-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let files = 0;
contract('SQLite in a file', () => `sqlite:///${nodePath.join(dir, `t${++files}.sqlite`)}`);

describe('PostgreSQL', () => {
  let server: PostgresServer;
  let databases = 0;
  beforeAll(async () => {
    server = await startPostgresServer();
  }, 60000);
  afterAll(() => server?.stop(), 30000);
  contract('a server started for the test', () => {
    const name = `t${++databases}`;
    server.createDatabase(name);
    return server.url(name);
  });
});

test('URLs as SQLAlchemy writes them', () => {
  expect(parseUrl('sqlite://')).toEqual({ dialect: 'sqlite', file: ':memory:' });
  expect(parseUrl('sqlite:///rel/x.sqlite')).toEqual({ dialect: 'sqlite', file: 'rel/x.sqlite' });
  expect(parseUrl('sqlite:////abs/x.sqlite')).toEqual({ dialect: 'sqlite', file: '/abs/x.sqlite' });
  expect(parseUrl('postgresql+psycopg2://u:p@h:5/db')).toEqual({ dialect: 'postgresql', connectionString: 'postgresql://u:p@h:5/db' });
  expect(() => parseUrl('mysql://h/db')).toThrow(/no dialect 'mysql'/);
  expect(() => engineFromConfig({})).toThrow(ConfigurationError);
  expect(() => engineFromConfig({})).toThrow(/sqlalchemy\.url/);
});

test('an in-memory SQLite database is one database for the engine: schema and sessions see the same tables', async () => {
  const engine = engineFromConfig({ 'sqlalchemy.url': 'sqlite://' });
  await createSchema(engine);
  await manager.run(async () => {
    await new DbSession<DB>(engine).db.insertInto('pages').values({ title: 'FrontPage' }).execute();
  });
  expect(await titles(engine)).toEqual(['FrontPage']);
  await engine.dispose();
});

test('each statement is logged once, however many sessions the shared connection has served', async () => {
  // Kysely wraps a connection in place, once per Kysely instance, to log; a session is a Kysely
  // of its own over the engine's one SQLite connection, so the wrappers must not pile up there.
  const engine = engineFromConfig({ 'sqlalchemy.url': 'sqlite://' });
  await createSchema(engine);
  const sqlLog = getLogger('sqlalchemy.engine.Engine');
  const level = sqlLog.level;
  sqlLog.setLevel(INFO);
  for (let i = 0; i < 5; i++) {
    await manager.run(async () => {
      await new DbSession<DB>(engine).db.selectFrom('pages').selectAll().execute();
    });
  }
  await withLog('sqlalchemy.engine.Engine', async (log) => {
    await manager.run(async () => {
      await new DbSession<DB>(engine).db.selectFrom('pages').select('title').execute();
    });
    expect(log.records.map((r) => r.message).filter((m) => m.startsWith('select'))).toEqual(['select "title" from "pages"']);
  });
  sqlLog.setLevel(level);
  await engine.dispose();
});
