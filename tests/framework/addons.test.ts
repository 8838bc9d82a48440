/**
 * Add-ons (framework/addons.ts): `config.include(name)` and `pyramid.includes` load npm packages
 * and local modules that export includeme; one that is not there is a one-line error at the
 * ini's pyramid.includes line, exit code 2, its stack only with -v.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadApp } from '../../framework/ini';
import { AddonNotFoundError } from '../../framework/addons';
import { TestApp } from '../../framework/testing';
import * as proutes from '../../framework/cli/proutes';
import { capture } from './cli/capture';

const repo = path.join(__dirname, '..', '..');
const configModule = JSON.stringify(path.join(repo, 'framework', 'config'));
const responseModule = JSON.stringify(path.join(repo, 'framework', 'response'));

/** An add-on whose includeme adds a route `name` at `/name` answering `name`. */
const addon = (name: string) => `const { Response } = require(${responseModule});
exports.includeme = (config) => {
  config.addRoute(${JSON.stringify(name)}, ${JSON.stringify(`/${name}`)});
  config.addView(() => new Response(${JSON.stringify(name)}), { routeName: ${JSON.stringify(name)} });
};
`;

/** A project: package.json, an app whose main() includes `includes` in code, add-ons, development.ini. */
function project(ini: string, codeIncludes: string[] = [], files: Record<string, string> = {}): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'addons-')));
  const all: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'site', version: '0.0.0' }),
    'site_app/index.js': `const { Configurator } = require(${configModule});
exports.main = (globalConfig, settings) => {
  const config = new Configurator({ settings });
${codeIncludes.map((n) => `  config.include(${JSON.stringify(n)});\n`).join('')}  return config.makeWsgiApp();
};
`,
    'development.ini': ini,
    ...files,
  };
  for (const [name, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function served(dir: string, paths: string[]): Promise<string[]> {
  const app = new TestApp(await loadApp(path.join(dir, 'development.ini')));
  return Promise.all(paths.map(async (p) => (await app.get(p)).text));
}

describe('add-ons', () => {
  it('pyramid.includes loads npm packages (plain, scoped, with a dot in the name) by their includeme', async () => {
    const dir = project('[app:main]\nuse = egg:site_app\npyramid.includes =\n    plain_addon\n    @scope/addon\n    addon.dotted\n', [], {
      'node_modules/plain_addon/index.js': addon('plain'),
      'node_modules/@scope/addon/index.js': addon('scoped'),
      'node_modules/addon.dotted/index.js': addon('dotted'),
    });
    expect(await served(dir, ['/plain', '/scoped', '/dotted'])).toEqual(['plain', 'scoped', 'dotted']);
  });

  it('config.include() loads local modules (relative, dotted from the project) and npm packages', async () => {
    const dir = project('[app:main]\nuse = egg:site_app\n', ['.routes', 'site_app.more.routes', 'plain_addon'], {
      'site_app/routes.js': addon('relative'),
      'site_app/more/routes.js': addon('dotted'),
      'node_modules/plain_addon/index.js': addon('plain'),
    });
    expect(await served(dir, ['/relative', '/dotted', '/plain'])).toEqual(['relative', 'dotted', 'plain']);
  });

  it('a missing add-on in pyramid.includes is an error at that ini line, saying what to install', async () => {
    const dir = project('[app:main]\nuse = egg:site_app\npyramid.reload_templates = true\npyramid.includes =\n    pyramid_mailer\n');
    const error = await loadApp(path.join(dir, 'development.ini')).then(() => undefined, (e: unknown) => e as Error & { exitCode?: number });
    expect(error?.message).toBe(`${path.join(dir, 'development.ini')}:4: [app:main] pyramid.includes: no add-on 'pyramid_mailer': ` +
      "not a module of this project and no npm package 'pyramid_mailer' is installed; install it (npm install pyramid_mailer) or take it out");
    expect(error?.exitCode).toBe(2);
  });

  it('a missing add-on in config.include() names the line that included it', async () => {
    const dir = project('[app:main]\nuse = egg:site_app\n', ['@acme/missing', '.nothere']);
    const error = await loadApp(path.join(dir, 'development.ini')).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(AddonNotFoundError);
    expect((error as Error).message).toBe(`include('@acme/missing') (${path.join(dir, 'site_app', 'index.js')}:4): no add-on '@acme/missing': ` +
      "not a module of this project and no npm package '@acme/missing' is installed; install it (npm install @acme/missing) or take it out");
  });

  it('a local module that is not there is named with the folder it was looked for in', async () => {
    const dir = project('[app:main]\nuse = egg:site_app\n', ['.nothere']);
    const error = await loadApp(path.join(dir, 'development.ini')).then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).toBe(`include('.nothere') (${path.join(dir, 'site_app', 'index.js')}:4): Cannot find module '.nothere' (no ./nothere next to ${path.join(dir, 'site_app')})`);
  });

  it('pserve reports a missing add-on on one line with exit code 2, and its stack with -v', () => {
    const dir = project('[app:main]\nuse = egg:site_app\npyramid.includes = pyramid_mailer\n\n[server:main]\nuse = egg:waitress#main\nlisten = 127.0.0.1:0\n');
    const pserve = path.join(repo, 'framework', 'bin', 'pserve.js');
    const run = (...args: string[]) => spawnSync(process.execPath, [pserve, ...args, 'development.ini'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    const plain = run();
    expect({ status: plain.status, stderr: plain.stderr }).toEqual({
      status: 2,
      stderr: "pserve: development.ini:3: [app:main] pyramid.includes: no add-on 'pyramid_mailer': not a module of this project and " +
        "no npm package 'pyramid_mailer' is installed; install it (npm install pyramid_mailer) or take it out\n",
    });
    const verbose = run('-v');
    expect(verbose.status).toBe(2);
    expect(verbose.stderr).toMatch(/^pserve: development\.ini:3: .*\n(IniError|Error).*\n\s+at /);
  });

  it('the p-commands report it the same way (proutes: one line, exit 2)', async () => {
    const dir = project('[app:main]\nuse = egg:site_app\npyramid.includes = pyramid_mailer\n');
    const result = await capture(proutes.main, [path.join(dir, 'development.ini')]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `proutes: ${path.join(dir, 'development.ini')}:3: [app:main] pyramid.includes: ` +
      "no add-on 'pyramid_mailer': not a module of this project and no npm package 'pyramid_mailer' is installed; " +
      'install it (npm install pyramid_mailer) or take it out\n' });
  });
});
