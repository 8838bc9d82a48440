'use strict';
/**
 * The differential check: each Quick Tutorial step's Python original, run by the real Pyramid
 * (oracle.py, /usr/bin/python3 with Debian's packages, WebTest in process), and our port (its
 * `main({}, settings)` through pyramid-ts's TestApp, in process) answer the same requests; status,
 * Content-Type, Location, Set-Cookie (names and attributes) and bodies are compared.
 *
 *   node -r pyramid-ts/register diffcheck.js [--json] [--record] [STEP...]
 *
 * Without /usr/bin/python3 and Pyramid, the oracle's answers recorded in oracle/<step>.answers.json
 * (written by --record) stand in. Steps marked 'expected' are compared with the pages written
 * down in expected/<step>.json. Prints a table (step, requests, equal, differing) and each
 * difference; --json prints the results as JSON instead.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync, spawnSync } = require('child_process');
const { STEPS } = require('./steps');

const HERE = __dirname;
const EXAMPLES = path.join(HERE, '..');
/** The Python originals: $QUICK_TUTORIAL_REFERENCE, else the copies in originals/. */
const REFERENCE = process.env.QUICK_TUTORIAL_REFERENCE || path.join(HERE, 'originals');
const PYTHON = '/usr/bin/python3';

/**
 * Python packages Debian does not ship (deform, colander, peppercorn, iso8601, zope.sqlalchemy),
 * for the forms and databases steps' oracle: a folder put on the oracle's sys.path, made by
 * pyextras.sh. Where it is absent, those steps' recorded answers stand in.
 */
const PYEXTRAS = process.env.QUICK_TUTORIAL_PYEXTRAS || path.join(HERE, '.pyextras');

/** Whether the real Pyramid (and the step's extra Python packages, `needs`) can run here. */
function pythonAvailable(needs = []) {
  if (!fs.existsSync(PYTHON)) return false;
  const imports = ['pyramid', 'webtest', 'pyramid_chameleon', 'pyramid_jinja2', ...needs].join(', ');
  try {
    execFileSync(PYTHON, [path.join(HERE, 'oracle.py'), '--check', imports], { stdio: 'ignore', env: oracleEnv() });
    return true;
  } catch {
    return false;
  }
}

function oracleEnv() {
  return { ...process.env, QT_PYEXTRAS: fs.existsSync(PYEXTRAS) ? PYEXTRAS : '' };
}

/** The real Pyramid's answers: run live, else the recorded ones. */
function oracleAnswers(spec, live, record) {
  const recorded = path.join(HERE, 'oracle', `${spec.step}.answers.json`);
  if (!live) return { source: 'recorded', answers: JSON.parse(fs.readFileSync(recorded, 'utf8')) };
  const reqFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qt-diff-')), 'requests.json');
  fs.writeFileSync(reqFile, JSON.stringify(spec.requests));
  try {
    const out = execFileSync(PYTHON, [path.join(HERE, 'oracle.py'), path.join(REFERENCE, spec.step), spec.package || 'tutorial',
      JSON.stringify(spec.settings || {}), reqFile, ...(spec.setup ? [spec.setup] : [])], { encoding: 'utf8', timeout: 60_000, maxBuffer: 16 << 20, env: oracleEnv() });
    const answers = JSON.parse(out);
    if (record) {
      fs.mkdirSync(path.dirname(recorded), { recursive: true });
      fs.writeFileSync(recorded, JSON.stringify(answers, null, 1) + '\n');
    }
    return { source: 'live', answers };
  } finally {
    fs.rmSync(path.dirname(reqFile), { recursive: true, force: true });
  }
}

/**
 * Our port's answers. A step with a `main` is built as its tests build it; a script step
 * (hello_world, package) is run as the main module in a child Node, capture.js taking the app
 * its serve() is given — as oracle.py replaces waitress.serve.
 */
async function ourAnswers(spec) {
  const stepDir = path.join(EXAMPLES, spec.step);
  if (!spec.ours || !spec.ours.endsWith('.ts')) {
    const pkg = path.join(stepDir, spec.ours || 'tutorial');
    const here = fs.mkdtempSync(path.join(os.tmpdir(), 'qt-diff-'));
    try {
      const settings = hereSettings(spec.settings, here);
      if (spec.setup) await setUp(pkg, settings, spec.setup, here);
      return await answersFor(require(pkg).main({}, settings), spec.requests);
    } finally {
      fs.rmSync(here, { recursive: true, force: true });
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qt-diff-'));
  try {
    const reqFile = path.join(dir, 'requests.json');
    fs.writeFileSync(reqFile, JSON.stringify(spec.requests));
    // The answers come on fd 3, so that what the script prints stays apart.
    const child = spawnSync(process.execPath, ['-r', 'pyramid-ts/register', '-r', path.join(HERE, 'capture.js'), spec.ours], {
      cwd: stepDir, env: { ...process.env, QT_DIFF_REQUESTS: reqFile }, timeout: 60_000,
      stdio: ['ignore', 'ignore', 'inherit', 'pipe'], encoding: 'utf8',
    });
    if (child.status !== 0 || !child.output[3]) throw new Error(`${spec.step}: ${spec.ours} gave no answers (exit ${child.status}, ${child.error || child.signal || ''})`);
    return JSON.parse(child.output[3]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The step's settings, `%(here)s` standing for a fresh temporary folder (as oracle.py does). */
function hereSettings(settings = {}, here) {
  return Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, v.split('%(here)s').join(here)]));
}

/**
 * A step's set-up script (`setup: 'initialize_db'`: the package's initialize_db), run as its
 * reader runs it (`initialize_tutorial_db development.ini`) on an ini of the step's settings whose
 * app is the package's main — as oracle.py runs the original's.
 */
async function setUp(pkg, settings, setup, here) {
  const ini = path.join(here, 'diffcheck-setup.ini');
  const lines = ['[app:main]', `paste.app_factory = ${pkg}:main`, ...Object.entries(settings).map(([k, v]) => `${k} = ${v.replace(/\n/g, '\n    ')}`)];
  fs.writeFileSync(ini, lines.join('\n') + '\n');
  await require(path.join(pkg, setup)).main([process.execPath, setup, ini]);
}

/** The answers of an app (a Node request listener) to the requests, through TestApp. */
async function answersFor(app, requests) {
  const { TestApp } = require('pyramid-ts/testing');
  const testapp = new TestApp(app);
  const answers = [];
  const log = console.log;
  console.log = () => undefined; // the steps print (delete), as the oracle's do
  try {
    for (const req of requests) {
      try {
        const res = req.method === 'POST'
          ? await testapp.post(req.url, req.form || {}, { status: '*' })
          : await testapp.get(req.url, { status: '*' });
        answers.push({ status: res.statusCode, headers: res.headers, body: res.text });
      } catch (err) {
        answers.push({ status: 500, exception: String(err) });
      }
    }
  } finally {
    console.log = log;
  }
  return answers;
}

/** A Set-Cookie header as name, whether it has a value, and its attributes (Expires kept only when it is a fixed date). */
function cookieShape(header) {
  const [pair, ...attrs] = header.split(/;\s*/);
  const eq = pair.indexOf('=');
  const parsed = attrs.map((a) => {
    const i = a.indexOf('=');
    return i < 0 ? [a.toLowerCase(), ''] : [a.slice(0, i).toLowerCase(), a.slice(i + 1)];
  });
  const maxAge = parsed.find(([k]) => k === 'max-age');
  const shown = parsed.map(([k, v]) => (k === 'expires' && maxAge && maxAge[1] !== '0' ? 'expires=<date>' : v ? `${k}=${v}` : k)).sort();
  return `${pair.slice(0, eq)}=${pair.slice(eq + 1) ? '<value>' : ''}; ${shown.join('; ')}`;
}

function header(answer, name) {
  const v = (answer.headers || {})[name];
  return v === undefined ? undefined : [].concat(v);
}

/**
 * The state a signed cookie session carries (Pyramid's: base64url of a 64-byte HMAC-SHA512 and
 * the JSON [renewed, created, state]), or null for any other cookie.
 */
function sessionState(value) {
  try {
    const raw = Buffer.from(value.replace(/^"|"$/g, ''), 'base64url');
    const payload = JSON.parse(raw.subarray(64).toString('utf8'));
    return Array.isArray(payload) && payload.length === 3 ? JSON.stringify(payload[2]) : null;
  } catch {
    return null;
  }
}

/**
 * The answers' Set-Cookie headers without session reissues. SignedCookieSessionFactory's default
 * reissue_time=0 re-sends the cookie, state unchanged, whenever a whole second has passed since it
 * was renewed — in Pyramid as in ours — so whether a request sees one depends on the clock.
 * A cookie that re-sends the very session state the client already holds is left out (on both
 * sides); every cookie that changes anything is compared.
 */
function withoutReissues(answers) {
  const jar = new Map();
  return answers.map((answer) => {
    const cookies = header(answer, 'set-cookie');
    if (!cookies) return answer;
    const kept = cookies.filter((c) => {
      const pair = c.split(';')[0];
      const name = pair.slice(0, pair.indexOf('='));
      const state = sessionState(pair.slice(pair.indexOf('=') + 1));
      const reissue = state !== null && jar.get(name) === state;
      if (state === null || /;\s*max-age=0/i.test(c)) jar.delete(name);
      else jar.set(name, state);
      return !reissue;
    });
    const headers = { ...answer.headers };
    if (kept.length) headers['set-cookie'] = kept; else delete headers['set-cookie'];
    return { ...answer, headers };
  });
}

/** What differs between the oracle's answer and ours, as short strings. */
function compare(theirs, ours) {
  const diffs = [];
  if (theirs.status !== ours.status) diffs.push(`status ${theirs.status} vs ours ${ours.status}`);
  if (theirs.exception || ours.exception) {
    // An app error: both must be one; the WSGI/HTTP server's 500 page is not the app's.
    if (!(theirs.exception && ours.status === 500) && !(ours.exception && theirs.status === 500) && theirs.status !== ours.status) diffs.push('error vs answer');
    return diffs;
  }
  for (const name of ['content-type', 'location']) {
    const a = JSON.stringify(header(theirs, name)), b = JSON.stringify(header(ours, name));
    if (a !== b) diffs.push(`${name} ${a} vs ours ${b}`);
  }
  const ca = JSON.stringify((header(theirs, 'set-cookie') || []).map(cookieShape));
  const cb = JSON.stringify((header(ours, 'set-cookie') || []).map(cookieShape));
  if (ca !== cb) diffs.push(`set-cookie ${ca} vs ours ${cb}`);
  if (theirs.body !== undefined && theirs.body !== ours.body) diffs.push(`body ${firstDifference(theirs.body, ours.body)}`);
  if (theirs.bodyContains) {
    for (const part of theirs.bodyContains) if (!String(ours.body).includes(part)) diffs.push(`body lacks ${JSON.stringify(part)}`);
  }
  return diffs;
}

function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const at = (s) => JSON.stringify(s.slice(Math.max(0, i - 20), i + 40));
  return `differs at ${i}: ${at(a)} vs ours ${at(b)}`;
}

function describe(req) {
  return `${req.method || 'GET'} ${req.url}${req.form ? ' ' + new URLSearchParams(req.form) : ''}`;
}

async function run(options = {}) {
  const live = !options.recorded && pythonAvailable();
  const availability = new Map();
  const liveFor = (spec) => {
    if (!live || !spec.needs) return live;
    const key = spec.needs.join(',');
    if (!availability.has(key)) availability.set(key, pythonAvailable(spec.needs));
    return availability.get(key);
  };
  const only = options.steps && options.steps.length ? new Set(options.steps) : null;
  const results = [];
  for (const spec of STEPS) {
    if (only && !only.has(spec.step)) continue;
    let oracle;
    if (spec.oracle === 'expected') {
      const expected = JSON.parse(fs.readFileSync(path.join(HERE, 'expected', `${spec.step}.json`), 'utf8'));
      oracle = { source: 'expected', answers: expected.answers };
    } else {
      oracle = oracleAnswers(spec, liveFor(spec), options.record);
    }
    const ours = withoutReissues(await ourAnswers(spec));
    const theirs = withoutReissues(oracle.answers);
    const differences = [];
    spec.requests.forEach((req, i) => {
      const diffs = compare(theirs[i], ours[i]);
      if (diffs.length) differences.push({ request: describe(req), diffs });
    });
    results.push({ step: spec.step, source: oracle.source, requests: spec.requests.length, equal: spec.requests.length - differences.length, differing: differences.length, differences });
  }
  return results;
}

function table(results) {
  const lines = ['| step | oracle | requests | equal | differing |', '|---|---|---|---|---|'];
  for (const r of results) lines.push(`| ${r.step} | ${r.source} | ${r.requests} | ${r.equal} | ${r.differing} |`);
  const details = [];
  for (const r of results) for (const d of r.differences) details.push(`- ${r.step}: ${d.request}: ${d.diffs.join('; ')}`);
  return lines.join('\n') + (details.length ? '\n\nDifferences:\n' + details.join('\n') : '') + '\n';
}

module.exports = { run, table, compare, cookieShape, sessionState, withoutReissues, answersFor };

if (require.main === module) {
  const args = process.argv.slice(2);
  const steps = args.filter((a) => !a.startsWith('--'));
  run({ steps, record: args.includes('--record'), recorded: args.includes('--recorded') }).then((results) => {
    process.stdout.write(args.includes('--json') ? JSON.stringify(results, null, 1) + '\n' : table(results));
  }, (err) => {
    console.error(err);
    process.exit(2);
  });
}
