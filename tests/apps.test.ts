/**
 * Apps in their own folders (examples/GROUP/APP, workspace members): each calls its package
 * `tutorial`, and the commands run in its folder serve and test that folder's app, with npx
 * finding them in the workspace, never in the registry.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const app = path.join(__dirname, '..', 'examples', 'quick_tutorial', 'ini');
const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_|^INIT_CWD$/i.test(k)));

function run(command: string, args: string[]) {
  return spawnSync(command, args, { cwd: app, env, encoding: 'utf8', timeout: 120_000 });
}

describe('an app in its own folder (examples/quick_tutorial/ini)', () => {
  it('npx prequest serves that folder\'s tutorial/, not the repository\'s', () => {
    const result = run('npx', ['--offline', 'prequest', 'development.ini', '/']);
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 0, stdout: '<body><h1>Hello World!</h1></body>\n' });
  });

  it('npx proutes lists that app\'s route', () => {
    const result = run('npx', ['--offline', 'proutes', 'development.ini']);
    expect(result.stdout).toBe('Name     Pattern    View                   Method    \n----     -------    ----                   ------    \nhello    /          tutorial.helloWorld    *         \n');
  });

  it('npm test runs that app\'s tests', () => {
    const result = run('npm', ['test']);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/Tests:\s+1 passed, 1 total/);
  });
});
