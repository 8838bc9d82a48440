/**
 * pyramid.paster and pyramid.scripting (framework/paster.ts, framework/scripting.ts), and
 * TypeScript run outside pserve: a plain script (`node -r pyramid-ts/register app.ts`) and a
 * package.json `bin` console script (`npx show_settings development.ini`).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bootstrap, getApp, getAppSettings, setupLogging } from '../../framework/paster';
import { prepare, DefaultRootFactory } from '../../framework/scripting';
import { getLogger } from '../../framework/logging';
import { ConfigurationError } from '../../framework/exceptions';
import { TestApp } from '../../framework/testing';

const repo = path.join(__dirname, '..', '..');
const ini = path.join(repo, 'development.ini');

describe('pyramid.paster', () => {
  it('getApp loads [app:main] as pserve does', async () => {
    const res = await new TestApp(await getApp(ini)).get('/howdy');
    expect(res.text).toContain('<h1>Hi Hello View</h1>');
  });

  it('getAppSettings gives what main() would receive, without calling it, with options filling %(name)s', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paster-'));
    const file = path.join(dir, 'x.ini');
    fs.writeFileSync(path.join(dir, 'app.js'), 'exports.main = () => { throw new Error("not called"); };\n');
    fs.writeFileSync(file, '[app:main]\nuse = call:app:main\ngreeting = hello %(who)s\n\n[app:other]\nuse = call:app:main\nname = other\n');
    expect(getAppSettings(file, undefined, { who: 'world' })).toEqual({ greeting: 'hello world' });
    expect(getAppSettings(`${file}#other`)).toEqual({ name: 'other' });
    expect(getAppSettings(file, 'other')).toEqual({ name: 'other' });
  });

  it('setupLogging configures the loggers of the ini ([logger_tutorial] level DEBUG)', () => {
    setupLogging(ini);
    expect(getLogger('tutorial').isEnabledFor(10)).toBe(true);
  });

  it('bootstrap gives app, root, request, registry, rootFactory and a closer that ends the request', async () => {
    const env = await bootstrap(ini);
    expect(typeof env.app).toBe('function');
    expect(env.registry).toBe(env.app.registry);
    expect(env.request.registry).toBe(env.registry);
    expect(env.root).toBeInstanceOf(DefaultRootFactory);
    expect(env.request.routeUrl('hello')).toBe('http://localhost/howdy');
    const finished: string[] = [];
    env.request.addFinishedCallback(() => finished.push('done'));
    env.closer();
    env.closer();
    expect(finished).toEqual(['done']);
  });
});

describe('pyramid.scripting.prepare', () => {
  it('needs a registry, and says how to get one', () => {
    expect(() => prepare()).toThrow(ConfigurationError);
    expect(() => prepare()).toThrow('prepare(): no registry; pass { registry: app.registry } (or a request that has one), or use bootstrap(configUri)');
  });
});

/** A project outside the repository that has pyramid-ts installed (a link, as npm install of a folder makes). */
function project(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'scripts-')));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(path.join(repo, 'framework'), path.join(dir, 'node_modules', 'pyramid-ts'), 'dir');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text, { mode: name.includes('scripts/') ? 0o755 : 0o644 });
  }
  return dir;
}

const appFiles = {
  'package.json': JSON.stringify({ name: 'site', version: '0.0.0', bin: { show_settings: 'site/scripts/show_settings.ts' } }),
  'site/index.ts': `import { Configurator } from 'pyramid-ts/config';

export function main(globalConfig: Record<string, string>, settings: Record<string, string>) {
  const config = new Configurator({ settings });
  config.addRoute('home', '/');
  return config.makeWsgiApp();
}
`,
  'development.ini': '[app:main]\nuse = egg:site\ngreeting = hello\n',
  // a console script, as a Pyramid project's [console_scripts] entry point
  'site/scripts/show_settings.ts': `#!/usr/bin/env -S node -r pyramid-ts/register
import { bootstrap, getAppSettings, setupLogging } from 'pyramid-ts/paster';

async function main(argv: string[]) {
  const configUri = argv[0];
  setupLogging(configUri);
  const settings: Record<string, string> = getAppSettings(configUri);
  const env = await bootstrap(configUri);
  try {
    console.log(\`greeting=\${settings.greeting} home=\${env.request.routeUrl('home')}\`);
  } finally {
    env.closer();
  }
}

main(process.argv.slice(2));
`,
  'hello.ts': `import { Configurator } from 'pyramid-ts/config';
const config = new Configurator();
const answer: number = 42;
console.log(\`plain script ran: \${answer} \${typeof config.addRoute}\`);
`,
};

describe('TypeScript outside pserve', () => {
  it('runs a plain script with node -r pyramid-ts/register', () => {
    const dir = project(appFiles);
    const run = spawnSync(process.execPath, ['-r', 'pyramid-ts/register', 'hello.ts'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({ status: 0, stdout: 'plain script ran: 42 function\n', stderr: '' });
  });

  it('runs a package.json bin written in TypeScript as a console script, with npx', () => {
    const dir = project(appFiles);
    const npx = spawnSync('npx', ['--offline', '--no-install', 'show_settings', 'development.ini'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect({ status: npx.status, stdout: npx.stdout }).toEqual({ status: 0, stdout: 'greeting=hello home=http://localhost/\n' });
  });
});
