'use strict';
/**
 * The differential check's requests: for each step, every URL and form post its narrative and
 * tests use, error paths included, sent in order through one cookie jar.
 *
 * `oracle`: 'pyramid' (the Python original run by the real Pyramid, diffcheck/oracle.py) or
 * 'expected' (pages written down from the narrative, in diffcheck/expected/<step>.json).
 * `needs`: Python packages Debian does not ship that the original imports (forms: deform,
 * colander; databases: those and zope.sqlalchemy), run live where pyextras.sh made them, else
 * from the recorded answers. `package`: what the oracle imports (the step's package, or the
 * script that builds and serves the app); `ours`: the same for our port. `settings`: main's
 * settings, `%(here)s` in them a fresh temporary folder on each side. `setup`: a console-script
 * module of the package (`initialize_db`) that each side runs first, `main([name, ini])`, on an
 * ini of those settings — the database the step's reader initializes before serving.
 */
const SECRET = { 'tutorial.secret': '98zd' };
const notFound = { url: '/nope' };
const homeAndHello = [{ url: '/' }, { url: '/howdy' }, notFound];
/** A deform form's post, as the browser sends it (deform's hidden fields, then the fields, then the button). */
const deformPost = (url, fields) => ({ method: 'POST', url, form: { _charset_: 'UTF-8', __formid__: 'deform', ...fields, submit: 'submit' } });
const wikiPost = (url, title, body) => ({ method: 'POST', url, form: { title, body, submit: 'submit' } });
const login = (login, password) => ({ method: 'POST', url: '/login', form: { login, password, 'form.submitted': 'Log In' } });

const STEPS = [
  { step: 'hello_world', package: 'app.py', ours: 'app.ts', requests: [{ url: '/' }, notFound] },
  { step: 'package', package: 'tutorial/app.py', ours: 'tutorial/app.ts', requests: [{ url: '/' }, notFound] },
  { step: 'ini', requests: [{ url: '/' }, notFound] },
  { step: 'unit_testing', requests: [{ url: '/' }, notFound] },
  { step: 'functional_testing', requests: [{ url: '/' }, { url: '/badurl' }] },
  { step: 'views', requests: homeAndHello },
  { step: 'templating', requests: homeAndHello },
  { step: 'view_classes', requests: homeAndHello },
  {
    step: 'request_response',
    requests: [{ url: '/' }, { url: '/plain' }, { url: '/plain?name=alice' }, { url: '/plain?name=Jane%20Doe' }, { url: '/plain?name=' }, notFound],
  },
  {
    step: 'routing',
    requests: [{ url: '/howdy/amy/smith' }, { url: '/howdy/Jane/Doe' }, { url: '/howdy' }, { url: '/howdy/Jane' }, { url: '/howdy/a/b/c' }, { url: '/' }],
  },
  { step: 'jinja2', requests: homeAndHello },
  {
    step: 'static_assets',
    requests: [{ url: '/' }, { url: '/howdy' }, { url: '/static/app.css' }, { url: '/static/missing.css' }, notFound],
  },
  { step: 'json', requests: [{ url: '/' }, { url: '/howdy' }, { url: '/howdy.json' }, notFound] },
  {
    step: 'more_view_classes',
    requests: [
      { url: '/' },
      { url: '/howdy/jane/doe' },
      { method: 'POST', url: '/howdy/jane/doe', form: { new_name: 'Jim', 'form.edit': 'Save' } },
      { method: 'POST', url: '/howdy/jane/doe', form: { new_name: '', 'form.delete': 'Delete' } },
      // Error path: the edit view reads params['new_name'], which this post lacks.
      { method: 'POST', url: '/howdy/jane/doe', form: { 'form.edit': 'Save' } },
      { url: '/howdy/jane' },
    ],
  },
  { step: 'logging', requests: homeAndHello },
  { step: 'sessions', requests: [{ url: '/' }, { url: '/howdy' }, { url: '/' }, notFound] },
  {
    // pyramid_debugtoolbar is not packaged for Debian: the narrative's pages, written down
    step: 'debugtoolbar', oracle: 'expected', settings: { 'pyramid.includes': 'pyramid_debugtoolbar' },
    requests: [{ url: '/' }, notFound],
  },
  {
    step: 'cookiecutters', package: 'cc_starter', ours: 'cc_starter',
    requests: [{ url: '/' }, { url: '/static/theme.css' }, { url: '/badurl' }],
  },
  {
    // As development.ini serves it (its pyramid_tm; the toolbar is not part of the pages), on a
    // fresh SQLite that the step's initialize_db has made, with its Root page (uid 1).
    step: 'databases', needs: ['deform', 'colander', 'zope.sqlalchemy', 'pyramid_tm', 'sqlalchemy'],
    settings: { 'pyramid.includes': 'pyramid_tm', 'sqlalchemy.url': 'sqlite:///%(here)s/sqltutorial.sqlite' },
    setup: 'initialize_db',
    requests: [
      { url: '/' }, { url: '/1' }, { url: '/add' },
      deformPost('/add', { title: 'New Page', body: '<p>New</p>' }),
      { url: '/' }, { url: '/2' }, { url: '/2/edit' },
      deformPost('/2/edit', { title: 'Renamed Page', body: '<p>Changed</p>' }),
      { url: '/2' }, { url: '/' },
      // Error paths: a form with errors is shown again with them; a title taken (UNIQUE) and a
      // page that is not there are the app's errors (500), a path no route matches a 404.
      deformPost('/add', { title: '', body: '<p>No title</p>' }),
      deformPost('/1/edit', { title: 'Root', body: '' }),
      deformPost('/add', { title: 'Root', body: '<p>Again</p>' }),
      { url: '/' }, { url: '/99' }, { url: '/1/edit/more' },
      // 'submit' in the query string counts too (request.params): an empty POST, so errors.
      { url: '/add?submit=submit' },
      // A title taken by another page on edit (the UPDATE, or SQLAlchemy's flush at commit, fails);
      // a uid that is no number; markup and non-ASCII in a title (escaped) and a body (not).
      deformPost('/2/edit', { title: 'Root', body: '<p>Taken</p>' }),
      { url: '/nope' }, { url: '/nope/edit' }, { url: '/1.5' }, { url: '/1abc/edit' }, { url: '/%201' }, { url: '/1_0' },
      deformPost('/add', { title: 'Café <b>&</b> ☕', body: '<p>Crème <em>brûlée</em> & ☕</p>' }),
      { url: '/' }, { url: '/3' }, { url: '/3/edit' },
      { url: '/deform_static/css/form.css' }, { url: '/deform_static/missing.css' },
    ],
  },
  {
    step: 'authentication', settings: SECRET,
    requests: [
      { url: '/' }, { url: '/login' }, login('editor', 'wrong'), login('nobody', 'x'),
      login('editor', 'editor'), { url: '/' }, { url: '/howdy' }, { url: '/logout' }, { url: '/' },
    ],
  },
  {
    step: 'authorization', settings: SECRET,
    requests: [
      { url: '/' }, { url: '/howdy' }, { url: '/login' }, login('editor', 'wrong'),
      login('editor', 'editor'), { url: '/howdy' }, { url: '/logout' }, { url: '/howdy' },
    ],
  },
  {
    // deform and colander are not Debian packages: live where pyextras.sh made them, else recorded.
    step: 'forms', needs: ['deform', 'colander'],
    requests: [
      { url: '/' }, { url: '/add' }, { url: '/101/edit' }, { url: '/100' },
      // Errors: both fields empty, then a title kept beside an empty body, then only blanks.
      wikiPost('/add', '', ''), wikiPost('/add', 'Kept <title>', ''), wikiPost('/add', '   ', '<p>body</p>'),
      // A post without the submit button shows the empty form again.
      { method: 'POST', url: '/add', form: { title: 'Ignored', body: 'x' } },
      wikiPost('/add', 'New Title', '<p>New Body</p>'), { url: '/103' },
      wikiPost('/102/edit', '', '<p>Still here</p>'), wikiPost('/102/edit', 'Edited', '<p>Edited body</p>'),
      { url: '/102' }, { url: '/102/edit' }, { url: '/' },
      // Malformed peppercorn markers: the form again with deform's message, not a crash.
      { method: 'POST', url: '/add', form: { __start__: 'title:bogus', submit: 'submit' } },
      { method: 'POST', url: '/add', form: { __end__: 'x:mapping', submit: 'submit' } },
      { method: 'POST', url: '/add', form: { __start__: 'title:sequence', title: 'x', body: 'y', submit: 'submit' } },
      { url: '/deform_static/missing.css' }, notFound,
    ],
  },
];

module.exports = { STEPS };
