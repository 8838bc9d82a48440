/**
 * The databases step's tests.py, ported: the wiki view's data from a database made for the test
 * (SQLite in memory, one page added in a transaction), and the app from development.ini answering
 * '/'. Then what the narrative has the reader check: `initialize_tutorial_db development.ini`
 * makes the table and its Root page, the wiki lists it and shows it, and the same app runs on
 * PostgreSQL when `sqlalchemy.url` names a server (one started for the test).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { engineFromConfig, type Engine } from 'pyramid-ts/db';
import { getApp } from 'pyramid-ts/paster';
import * as testing from 'pyramid-ts/testing';
import { TestApp } from 'pyramid-ts/testing';
import * as transaction from 'pyramid-ts/transaction';
import { startPostgresServer } from '../../../../tests/framework/postgresql-server';
import { withLog, serve, httpRequest } from '../../../../tests/framework/helpers';

import { DBSession, createAll } from '../tutorial/models';
import { iniWithDatabase, STEP, wikiForm } from './ini';


async function _initTestingDB() {
  const engine = engineFromConfig({ 'sqlalchemy.url': 'sqlite://' });
  await createAll(engine);
  DBSession.configure({ bind: engine });
  await transaction.manager.run(async () => {
    await DBSession.db.insertInto('wikipages').values({ title: 'FrontPage', body: 'This is the front page' }).execute();
  });
  return engine;
}

describe('WikiViewTests', () => {
  let engine: Engine;
  beforeEach(async () => {
    engine = await _initTestingDB();
    testing.setUp();
  });
  afterEach(async () => {
    await DBSession.remove();
    await engine.dispose();
    testing.tearDown();
  });

  test('test_wiki_view', async () => {
    const { WikiViews } = await import('../tutorial/views');
    const request = new testing.DummyRequest();
    const inst = new WikiViews(request);
    const response = await inst.wiki_view();
    expect(response.title).toBe('Wiki View');
    expect(response.pages.map((p) => p.title)).toEqual(['FrontPage']);
  });
});

/** Runs the step's console script, as the reader does: `npx initialize_tutorial_db development.ini`. */
function initializeTutorialDb(...args: string[]) {
  return spawnSync('npx', ['--offline', '--no-install', 'initialize_tutorial_db', ...args], { cwd: STEP, encoding: 'utf8', timeout: 60_000 });
}

/** The reader's round: initialize the database, then '/' lists Root and '/1' shows it. */
async function checkWiki(ini: string) {
  const run = initializeTutorialDb(ini);
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
  const app = await getApp(ini);
  const testapp = new TestApp(app);
  try {
    const res = await testapp.get('/', { status: 200 });
    expect(res.text).toContain('Wiki: View');
    expect(res.text).toMatch(/<a href="http:\/\/localhost\/1">\s*Root\s*<\/a>/);
    const page = await testapp.get('/1', { status: 200 });
    expect(page.text).toContain('<h1>Root</h1>');
    expect(page.text).toContain('<p><p>Root</p></p>');
    await withLog('pyramid', () => testapp.get('/2', { status: 500 }));
    // tests.py's test_it, its second half
    const add = await testapp.get('/add', { status: 200 });
    expect(add.text).toContain('Add/Edit');
    // the debug toolbar (development.ini includes it, as the original's) lists the page's query, once
    const served = await serve(app);
    try {
      const html = { accept: 'text/html' };
      expect((await httpRequest(served.port, { path: '/', headers: html })).body).toContain('id="pShowToolBarButton"');
      const toolbar = (await httpRequest(served.port, { path: '/_debug_toolbar/', headers: html })).body;
      const sql = /<section class="pdtb-panel" id="pDebugPanel-content-sql">([\s\S]*?)<\/section>/.exec(toolbar)![1];
      expect(sql.match(/<pre>select \* from &quot;wikipages&quot; order by &quot;title&quot;<\/pre>/g)).toHaveLength(1);
    } finally {
      await served.close();
    }
  } finally {
    await DBSession.bind.dispose();
  }
}

/**
 * What the narrative (the forms step's, now over the database) has the reader do, on an
 * initialized database: add a page and see it listed and shown, edit it, post a form with errors
 * and get it back with them; then, from a new app on the same database (pserve restarted), the
 * pages are still there: pyramid_tm committed them.
 */
async function checkAddAndEdit(ini: string) {
  let testapp = new TestApp(await getApp(ini));
  try {
    const form = await testapp.get('/add', { status: 200 });
    expect(form.text).toContain('<title>WikiPage: Add/Edit</title>');
    expect(form.text).toContain('<input type="text" name="title" value=""');
    expect(form.text).toContain('<script src="http://localhost/deform_static/tinymce/tinymce.min.js"');
    const added = await testapp.post('/add', wikiForm('New Page', '<p>New Body</p>'), { status: 302 });
    expect(added.location).toBe('http://localhost/2');
    const list = await testapp.get('/', { status: 200 });
    expect(list.text).toMatch(/<a href="http:\/\/localhost\/2">\s*New Page\s*<\/a>[\s\S]*<a href="http:\/\/localhost\/1">\s*Root\s*<\/a>/);
    const shown = await testapp.get('/2', { status: 200 });
    expect(shown.text).toContain('<h1>New Page</h1>\n<p><p>New Body</p></p>');
    // the edit form holds the page as it is
    const edit = await testapp.get('/2/edit', { status: 200 });
    expect(edit.text).toContain('<input type="text" name="title" value="New Page"');
    expect(edit.text).toContain('&lt;p&gt;New Body&lt;/p&gt;</textarea>');
    const edited = await testapp.post('/2/edit', wikiForm('Renamed', '<p>Changed</p>'), { status: 302 });
    expect(edited.location).toBe('http://localhost/2');
    expect((await testapp.get('/2', { status: 200 })).text).toContain('<h1>Renamed</h1>\n<p><p>Changed</p></p>');
    // a post with errors: the form again, the error at its field, what was typed kept; nothing written
    const invalid = await testapp.post('/add', wikiForm('', '<p>No title</p>'), { status: 200 });
    expect(invalid.text).toContain('There was a problem with your submission');
    expect(invalid.text).toContain('<p class="help-block" id="error-deformField1">Required</p>');
    expect(invalid.text).toContain('&lt;p&gt;No title&lt;/p&gt;</textarea>');
    const invalidEdit = await testapp.post('/1/edit', wikiForm('Root', ''), { status: 200 });
    expect(invalidEdit.text).toContain('<p class="help-block" id="error-deformField2">Required</p>');
    // a title taken (the column is UNIQUE): the app's error, the transaction rolled back
    await withLog('pyramid', () => testapp.post('/add', wikiForm('Root', '<p>Again</p>'), { status: 500 }));
  } finally {
    await DBSession.bind.dispose();
  }
  testapp = new TestApp(await getApp(ini));
  try {
    const list = await testapp.get('/', { status: 200 });
    expect([...list.text.matchAll(/<a href="http:\/\/localhost\/(\d+)">\s*(.*?)\s*<\/a>/g)].map((m) => [m[1], m[2]])).toEqual([['2', 'Renamed'], ['1', 'Root']]);
    expect((await testapp.get('/1', { status: 200 })).text).toContain('<p><p>Root</p></p>');
  } finally {
    await DBSession.bind.dispose();
  }
}

describe('the narrative: add a page, see it, edit it, a form with errors', () => {
  let dir = '';
  let ini = '';
  afterAll(() => {
    fs.rmSync(ini, { force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('on SQLite, the pages kept across a restart', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qt-databases-'));
    ini = iniWithDatabase('narrative', `sqlite:///${dir}/sqltutorial.sqlite`);
    expect(initializeTutorialDb(ini).status).toBe(0);
    await checkAddAndEdit(ini);
  });
});

describe('WikiFunctionalTests', () => {
  const db = path.join(STEP, 'sqltutorial.sqlite');
  beforeAll(() => fs.rmSync(db, { force: true }));

  test('test_it: initialize_tutorial_db development.ini, then the wiki from SQLite', async () => {
    await checkWiki(path.join(STEP, 'development.ini'));
    expect(fs.existsSync(db)).toBe(true);
  });

  test('the script says how to call it when called wrong', () => {
    const run = initializeTutorialDb();
    expect({ status: run.status, stdout: run.stdout }).toEqual({
      status: 1,
      stdout: 'usage: initialize_tutorial_db <config_uri>\n(example: "initialize_tutorial_db development.ini")\n',
    });
  });
});

describe('on PostgreSQL, when sqlalchemy.url says so', () => {
  let ini = '';
  afterAll(() => fs.rmSync(ini, { force: true }));

  test('the same code, the same pages', async () => {
    const server = await startPostgresServer();
    try {
      server.createDatabase('tutorial');
      ini = iniWithDatabase('postgresql', server.url('tutorial'));
      await checkWiki(ini);
      await checkAddAndEdit(ini);
    } finally {
      await server.stop();
    }
  }, 90_000);
});
