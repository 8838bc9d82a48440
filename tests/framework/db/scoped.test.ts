/**
 * `scopedSession()`: the module-level `DBSession` of SQLAlchemy's `scoped_session` with
 * zope.sqlalchemy's `register`. Its `db` is the session of the transaction manager in force: the
 * request's under pyramid_tm, else the process-wide one, which a script or a test commits itself.
 *
 * Without pyramid_tm, Python's zope.sqlalchemy joins the thread's implicit transaction and
 * nothing ever commits it: the thread's session keeps seeing its own writes, other connections
 * never do, and they are lost when the process ends (checked with the real Pyramid: the databases
 * step's original served without pyramid_tm). Ours would share that one transaction among
 * concurrent requests besides; so in a process that has made an app without pyramid_tm, using
 * `DBSession` outside a transaction is an error saying what to include instead.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Generated } from 'kysely';
import { type Engine, engineFromConfig, scopedSession } from '../../../framework/db';
import { Response } from '../../../framework/response';
import * as transaction from '../../../framework/transaction';
import { makeApp, withLog } from '../helpers';

interface DB {
  pages: { uid: Generated<number>; title: string };
}

const DBSession = scopedSession<DB>();
let dir: string;
let engine: Engine;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyramid-scoped-'));
  engine = engineFromConfig({ 'sqlalchemy.url': `sqlite:///${dir}/test.sqlite` });
  await engine.connect<DB>().schema.createTable('pages')
    .addColumn('uid', 'integer', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.unique())
    .execute();
  DBSession.configure({ bind: engine });
});

afterEach(async () => {
  await DBSession.remove();
  await engine.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** What another connection (another engine on the file) sees: what was committed. */
async function committed(): Promise<string[]> {
  const other = engineFromConfig({ 'sqlalchemy.url': `sqlite:///${dir}/test.sqlite` });
  try {
    return (await other.connect<DB>().selectFrom('pages').select('title').orderBy('title').execute()).map((r) => r.title);
  } finally {
    await other.dispose();
  }
}

/** An app whose view writes through the module-level DBSession, as the tutorial's do. */
function wikiApp(options: { tm: boolean; explicit?: boolean }) {
  return makeApp((config) => {
    if (options.tm) config.include('pyramid_tm');
    config.addRoute('add', '/add/{title}');
    config.addRoute('hello', '/hello');
    config.addView(async (request: any) => {
      const write = () => DBSession.db.insertInto('pages').values({ title: request.matchdict.title }).execute();
      if (options.explicit) await transaction.manager.run(write);
      else await write();
      return new Response('added');
    }, { routeName: 'add' });
    config.addView(() => new Response('hello'), { routeName: 'hello' });
  });
}

// This test first: the process has made no app yet, as a script's has not.
test('in a script or a test, the process-wide transaction: written where the script commits it (implicitly begun, as Python\'s)', async () => {
  await DBSession.db.insertInto('pages').values({ title: 'FromScript' }).execute();
  expect(await committed()).toEqual([]);
  await transaction.commit();
  expect(await committed()).toEqual(['FromScript']);
});

test('in an app with pyramid_tm, the request\'s transaction: committed with the response', async () => {
  const { testapp } = wikiApp({ tm: true });
  await testapp.get('/add/Managed', { status: 200 });
  expect(await committed()).toEqual(['Managed']);
});

test('in an app without pyramid_tm, a clear error (a 500) instead of writes nothing commits; nothing written; the app keeps serving', async () => {
  const { testapp } = wikiApp({ tm: false });
  const records = await withLog('pyramid', async (log) => {
    await testapp.get('/add/Lost', { status: 500 });
    return log.records;
  });
  expect(records.map((r) => r.message).join('\n')).toMatch(
    /DBSession used outside any transaction: this process serves an app made without pyramid_tm[^\n]*Include pyramid_tm in the app \(pyramid\.includes = pyramid_tm, or config\.include\('pyramid_tm'\)\), or run the work in `await transaction\.manager\.run\(async \(\) => \.\.\.\)`/,
  );
  expect(await committed()).toEqual([]);
  await testapp.get('/hello', { status: 200 });
});

test('without pyramid_tm, work run in transaction.manager.run is committed: a transaction was begun', async () => {
  const { testapp } = wikiApp({ tm: false, explicit: true });
  await testapp.get('/add/Explicit', { status: 200 });
  expect(await committed()).toEqual(['Explicit']);
});

test('once such an app exists, a script-style use outside a transaction is refused too; inside manager.run it works', async () => {
  wikiApp({ tm: false });
  expect(() => DBSession.db).toThrow(/DBSession used outside any transaction/);
  await transaction.manager.run(() => DBSession.db.insertInto('pages').values({ title: 'InRun' }).execute());
  expect(await committed()).toEqual(['InRun']);
});

test('a session asked for with a manager (request.tm) is that manager\'s, whatever apps exist', async () => {
  wikiApp({ tm: false });
  const tm = new transaction.TransactionManager();
  await DBSession.session(tm).db.insertInto('pages').values({ title: 'WithTm' }).execute();
  await tm.commit();
  expect(await committed()).toEqual(['WithTm']);
});
