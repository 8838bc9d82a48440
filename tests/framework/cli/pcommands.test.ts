/**
 * proutes and pviews against the real Pyramid's (tests/fixtures/pcommands/oracle.json, written by
 * make_oracle.py with /usr/bin/python3): the Quick Tutorial's sessions step (ours: the repository's
 * tutorial/) and pcommands_app (Python and TypeScript twins side by side). The tables must be the
 * same text; pviews' `context:` line differs only in Python's module path and object address.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as proutes from '../../../framework/cli/proutes';
import * as pviews from '../../../framework/cli/pviews';
import { capture } from './capture';

const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'pcommands');
const oracle = JSON.parse(fs.readFileSync(path.join(fixtures, 'oracle.json'), 'utf8')) as Record<'sessions' | 'app' | 'traversal', Case[]>;
const ours = { sessions: path.join(__dirname, '..', '..', '..', 'development.ini'), app: path.join(fixtures, 'app.ini'), traversal: path.join(fixtures, 'traversal.ini') };

interface Case { command: 'proutes' | 'pviews'; argv: string[]; code: number; stdout: string }

/**
 * Python's `<pyramid.traversal.DefaultRootFactory object at 0x...>` is our `<DefaultRootFactory object>`;
 * a dict subclass (the traversal app's Root and Folder) Python shows as the dict itself.
 */
function normalizeContext(text: string): string {
  return text.replace(/context: <(?:[\w.]+\.)?(\w+) object(?: at 0x\.\.\.)?>/g, 'context: <$1 object>')
    .replace(/context: \{.*\}$/m, 'context: <a mapping>').replace(/context: <(Root|Folder) object>/, 'context: <a mapping>');
}

describe.each(['sessions', 'app', 'traversal'] as const)('the %s app, as Pyramid prints it', (app) => {
  it.each(oracle[app].map((c) => [`${c.command} ${c.argv.join(' ')}`, c] as const))('%s', async (_title, c) => {
    const main = c.command === 'proutes' ? proutes.main : pviews.main;
    const result = await capture(main, [ours[app], ...c.argv.slice(1)]);
    expect({ code: result.code, stdout: normalizeContext(result.stdout) }).toEqual({ code: c.code, stdout: normalizeContext(c.stdout) });
    expect(result.stderr).toBe('');
  });
});

describe('proutes and pviews on the command line', () => {
  it('say what they need without an ini, as Pyramid does (exit 2)', async () => {
    expect(await capture(proutes.main, [])).toEqual({ code: 2, stdout: 'requires a config file argument\n', stderr: '' });
    expect(await capture(pviews.main, [ours.app])).toEqual({ code: 2, stdout: 'Command requires a config file arg and a url arg\n', stderr: '' });
  });

  it('read [proutes] format from the ini, and the command line overrides it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proutes-'));
    const ini = path.join(dir, 'app.ini');
    fs.writeFileSync(ini, `[app:main]\nuse = config:${ours.app}\n\n[proutes]\nformat = method\n    name\n`);
    const fromIni = await capture(proutes.main, [ini, '-g', 'item']);
    expect(fromIni.stdout).toBe('Method    Name    \n------    ----    \nGET       item    \nPOST      item    \n');
    const fromFlag = await capture(proutes.main, [ini, '-g', 'item', '-f', 'pattern']);
    expect(fromFlag.stdout).toBe('Pattern        \n-------        \n/items/{id}    \n/items/{id}    \n');
  });

  it('fill %(name)s from name=value arguments, as pserve does', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proutes-'));
    const ini = path.join(dir, 'app.ini');
    fs.writeFileSync(ini, '[app:main]\nuse = config:%(target)s\n');
    const result = await capture(proutes.main, [ini, `target=${ours.app}`, '-f', 'name', '-g', 'home']);
    expect(result).toEqual({ code: 0, stdout: 'Name    \n----    \nhome    \n', stderr: '' });
  });

  it('report an ini mistake on one line with the file and line, exit 1', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proutes-'));
    const ini = path.join(dir, 'app.ini');
    fs.writeFileSync(ini, '[app:main]\nuse = egg:nothing_here\n');
    const result = await capture(proutes.main, [ini]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^proutes: .*app\.ini:2: \[app:main\] use: egg:nothing_here: no package 'nothing_here': .*\n$/);
  });

  it('refuse what is not name=value after the ini, with the usage line (exit 2)', async () => {
    const result = await capture(proutes.main, [ours.app, 'oops']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('usage: proutes [-h] [-n NAME] [-g GLOB] [-f FORMAT] [-v] config_uri [config_vars ...]\n' +
      'proutes: error: Variable assignment \'oops\' invalid (no "="); variables after the ini look like http_port=8080\n');
  });
});

const python = '/usr/bin/python3';
const havePyramid = fs.existsSync(python) && (() => {
  try {
    execFileSync(python, ['-c', 'import pyramid.scripts.proutes'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

(havePyramid ? it : it.skip)('oracle.json is what make_oracle.py writes today (the real Pyramid, /usr/bin/python3)', () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'oracle-')), 'oracle.json');
  execFileSync(python, [path.join(fixtures, 'make_oracle.py')], { env: { ...process.env, ORACLE_OUT: out }, timeout: 60_000 });
  expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toEqual(oracle);
});
