/**
 * `use = egg:NAME` (framework/eggs.ts): many app folders may each call their package `tutorial`;
 * an ini serves its own folder's, and never another's silently.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadApp } from '../../framework/ini';
import { resolveEgg } from '../../framework/eggs';

/** Writes a tree of files under a fresh temporary directory; returns that directory. */
function tree(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'eggs-test-')));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** An app package whose main() returns a listener tagged with `label`. */
const app = (label: string) => `exports.main = () => Object.assign((req, res) => res.end(${JSON.stringify(label)}), { label: ${JSON.stringify(label)} });\n`;
const ini = '[app:main]\nuse = egg:tutorial\n';
const pkg = (name: string) => JSON.stringify({ name, version: '0.0.0' });

async function label(iniFile: string): Promise<string> {
  return ((await loadApp(iniFile)) as unknown as { label: string }).label;
}

async function failure(iniFile: string): Promise<string> {
  const error = await loadApp(iniFile).then(() => undefined, (e: unknown) => e);
  if (!(error instanceof Error)) throw new Error(`expected ${iniFile} to fail`);
  return error.message;
}

describe('egg:NAME', () => {
  it('is the folder NAME/ of the ini\'s project, for each of several apps that call their package tutorial', async () => {
    const root = tree({
      'package.json': pkg('repo'), 'tutorial/index.js': app('root'), 'development.ini': ini,
      'steps/ini/package.json': pkg('step-ini'), 'steps/ini/tutorial/index.js': app('ini'), 'steps/ini/development.ini': ini,
      'steps/views/package.json': pkg('step-views'), 'steps/views/tutorial/index.js': app('views'), 'steps/views/development.ini': ini,
    });
    expect(await label(path.join(root, 'development.ini'))).toBe('root');
    expect(await label(path.join(root, 'steps/ini/development.ini'))).toBe('ini');
    expect(await label(path.join(root, 'steps/views/development.ini'))).toBe('views');
  });

  it('is the project itself when its package.json is named NAME (its main)', async () => {
    const root = tree({ 'package.json': JSON.stringify({ name: 'tutorial', main: 'src/app.js' }), 'src/app.js': app('main'), 'development.ini': ini });
    expect(await label(path.join(root, 'development.ini'))).toBe('main');
  });

  it('is one candidate when the project is named NAME and its main is the folder NAME/', async () => {
    const root = tree({ 'package.json': JSON.stringify({ name: 'tutorial', main: 'tutorial/index.js' }), 'tutorial/index.js': app('one'), 'development.ini': ini });
    expect(await label(path.join(root, 'development.ini'))).toBe('one');
    const noMain = tree({ 'package.json': pkg('tutorial'), 'tutorial/index.js': app('folder'), 'development.ini': ini });
    expect(await label(path.join(noMain, 'development.ini'))).toBe('folder');
  });

  it('is an installed npm package when nothing local matches', async () => {
    const root = tree({ 'package.json': pkg('site'), 'node_modules/tutorial/index.js': app('installed'), 'development.ini': ini });
    expect(await label(path.join(root, 'development.ini'))).toBe('installed');
  });

  it('refuses, naming the ini line and both candidates, when an ini without its own package.json sees two', async () => {
    // the case: a step folder without package.json used to serve the repository's tutorial/
    const root = tree({
      'package.json': pkg('repo'), 'tutorial/index.js': app('root'),
      'step/development.ini': `# a step\n${ini}`, 'step/tutorial/index.js': app('step'),
    });
    const message = await failure(path.join(root, 'step/development.ini'));
    expect(message).toBe(`${path.join(root, 'step/development.ini')}:3: [app:main] use: egg:tutorial is ambiguous: ` +
      `the directory ${path.join(root, 'tutorial')}/ and the directory ${path.join(root, 'step/tutorial')}/ both match; ` +
      'give the app its own folder with a package.json beside its ini, or use call:module:main');
    expect(message).not.toContain('\n');
  });

  it('refuses, naming the ini line and where it looked, when nothing matches', async () => {
    const root = tree({ 'package.json': pkg('site'), 'development.ini': ini });
    expect(await failure(path.join(root, 'development.ini'))).toBe(`${path.join(root, 'development.ini')}:2: [app:main] use: ` +
      `egg:tutorial: no package 'tutorial': not the name in ${path.join(root, 'package.json')}, no directory ${path.join(root, 'tutorial')}, not in node_modules`);
  });

  it('says so when the folder is there but has no index', () => {
    const root = tree({ 'package.json': pkg('site'), 'tutorial/views.js': '' });
    expect(resolveEgg('tutorial', root)).toEqual({ problem: `egg:tutorial: the directory ${path.join(root, 'tutorial')}/ has no index.ts (or index.js) exporting main` });
  });
});
