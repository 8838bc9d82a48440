'use strict';
/**
 * The differential check's requests: for each step, every URL and form post its narrative and
 * tests use, error paths included, sent in order through one cookie jar.
 *
 * `oracle`: 'pyramid' (the Python original run by the real Pyramid, diffcheck/oracle.py) or
 * 'expected' (pages written down from the narrative, in diffcheck/expected/<step>.json).
 * `needs`: Python packages Debian does not ship that the original imports (forms: deform,
 * colander), run live where pyextras.sh made them, else from the recorded answers.
 * `package`: what the oracle imports (the step's package, or the script that builds and serves
 * the app); `ours`: the same for our port.
 */
const SECRET = { 'tutorial.secret': '98zd' };
const notFound = { url: '/nope' };
const homeAndHello = [{ url: '/' }, { url: '/howdy' }, notFound];
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
    step: 'cookiecutters', package: 'cc_starter', ours: 'cc_starter',
    requests: [{ url: '/' }, { url: '/static/theme.css' }, { url: '/badurl' }],
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
