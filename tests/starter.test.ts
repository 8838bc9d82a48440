/**
 * The package as a user gets it (issue 9's check): pack the framework (`npm run pack`: compiled
 * JS and .d.ts), make a project from the starter in a temporary folder outside the repository
 * with `npx pyramid-ts create` (and through `npm init pyramid-ts`'s create-pyramid-ts), `npm install` it (the framework from the tarball, the rest from
 * the npm registry, through npm's cache), then run its tests, `npx pserve --reload` to a first
 * 200, and `npx proutes`. npx must find each command in the project, never in the registry
 * (`--offline`).
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';

const repo = path.join(__dirname, '..');
const STEP_TIMEOUT = 240_000;

/** The environment without what `npm test` sets for the repository's own npm. */
const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_|^INIT_CWD$/i.test(k)));

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: STEP_TIMEOUT });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited with ${result.status ?? result.signal}:\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('a new project from the starter, with the framework from its npm tarball', () => {
  const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'starter-')));
  const project = path.join(work, 'my-app');
  let tarball = '';

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('packs the framework as compiled JavaScript with declarations', () => {
    const out = run(process.execPath, [path.join(repo, 'framework', 'scripts', 'pack.js'), '--out', work], repo).stdout.trim().split('\n');
    tarball = out[out.length - 1];
    const files = run('tar', ['tzf', tarball], work).stdout.split('\n');
    expect(files).toEqual(expect.arrayContaining(['package/index.js', 'package/index.d.ts', 'package/api/config.js', 'package/api/config.d.ts',
      'package/bin/pserve.js', 'package/register.js', 'package/starter/_package.json']));
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.startsWith('package/starter/'))).toEqual([]);
  }, STEP_TIMEOUT);

  it('makes the project with npx pyramid-ts create', () => {
    const created = run('npx', ['--prefer-offline', '--yes', '--package', tarball, 'pyramid-ts', 'create', 'my-app', '--framework', tarball], work);
    expect(created.stdout).toContain(`Created my-app in ${project}`);
    for (const file of ['package.json', 'tsconfig.json', 'development.ini', 'production.ini', 'README.md', '.gitignore',
      'my_app/index.ts', 'my_app/routes.ts', 'my_app/views/default.ts', 'my_app/templates/mytemplate.pt', 'tests/views.test.ts']) {
      expect(fs.existsSync(path.join(project, file))).toBe(true);
    }
  }, STEP_TIMEOUT);

  it('makes the same project through npm init pyramid-ts\'s package, create-pyramid-ts', () => {
    const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], path.join(repo, 'create-pyramid-ts')).stdout) as Array<{ filename: string }>;
    const initer = path.join(work, packed[0].filename);
    const other = path.join(work, 'via-init');
    fs.mkdirSync(other);
    // what `npm init pyramid-ts my-app` runs once both packages are published
    run('npm', ['exec', '--prefer-offline', '--yes', '--package', tarball, '--package', initer, '--', 'create-pyramid-ts', 'my-app'], other);
    const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      (e.isDirectory() ? files(path.join(dir, e.name)).map((f) => `${e.name}/${f}`) : [e.name])).sort();
    expect(files(path.join(other, 'my-app'))).toEqual(files(project));
    expect(JSON.parse(fs.readFileSync(path.join(other, 'my-app', 'package.json'), 'utf8')).dependencies).toEqual({ 'pyramid-ts': '^0.1.0' });
  }, STEP_TIMEOUT);

  it('installs, its own tests pass, and it type-checks against the shipped declarations', () => {
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], project);
    expect(fs.realpathSync(path.join(project, 'node_modules', 'pyramid-ts'))).toBe(path.join(project, 'node_modules', 'pyramid-ts'));
    const tested = run('npm', ['test'], project);
    expect(tested.stderr).toMatch(/Tests:\s+5 passed, 5 total/);
    // the package's declarations type-check the project under its own strict tsconfig
    run('npx', ['--offline', 'tsc', '--noEmit'], project);
  }, STEP_TIMEOUT);

  it('serves with npx pserve development.ini --reload, to a first 200', async () => {
    const ini = fs.readFileSync(path.join(project, 'development.ini'), 'utf8');
    expect(ini).toContain('listen = localhost:6543');
    // the same app on a free port: development.ini's own [app:main], a server of our own
    fs.writeFileSync(path.join(project, 'test.ini'), '[app:main]\nuse = config:development.ini#main\n\n[server:main]\nuse = egg:waitress#main\nlisten = 127.0.0.1:0\n');
    const child = spawn('npx', ['--offline', 'pserve', 'test.ini', '--reload'], { cwd: project, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`pserve did not say 'Serving on' within 60 s:\n${output}`)), 60_000);
        const check = () => {
          const m = /Serving on (http:\/\/\S+)/.exec(output);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        };
        child.stdout.on('data', check);
        child.stderr.on('data', check);
        child.on('exit', (code) => reject(new Error(`pserve exited with ${code}:\n${output}`)));
      });
      const home = await get(`${url}/`);
      expect(home.status).toBe(200);
      expect(home.body).toContain('Welcome to <span class="font-normal">my-app</span>');
      expect((await get(`${url}/badurl`)).status).toBe(404);
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
    }
  }, STEP_TIMEOUT);

  it('lists its routes with npx proutes development.ini', () => {
    const routes = run('npx', ['--offline', 'proutes', 'development.ini'], project);
    // Pyramid's cookiecutter shows the same rows: `__static/  /static/*subpath  cc_starter:static/  *`, then home
    expect(routes.stdout).toBe('Name         Pattern             View                           Method    \n' +
      '----         -------             ----                           ------    \n' +
      '__static/    /static/*subpath    my_app:static/                 *         \n' +
      'home         /                   my_app.views.default.myView    *         \n');
  }, STEP_TIMEOUT);
});
