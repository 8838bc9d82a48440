/** pshell: a Node REPL over the app's environment, with [pshell] names and a setup hook. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough, Readable } from 'stream';
import * as pshell from '../../../framework/cli/pshell';
import { capture } from './capture';

const app = path.join(__dirname, '..', '..', 'fixtures', 'pcommands', 'app.ini');

/** Runs pshell with `lines` typed in; resolves to the exit code and the whole session's text. */
async function session(argv: string[], lines: string[]) {
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const result = await capture(pshell.main, argv, { input: Readable.from(lines.map((l) => l + '\n')), output });
  return { ...result, text };
}

describe('pshell', () => {
  it('binds app, root, registry, request, root_factory and settings, and lists them', async () => {
    const { code, text } = await session([app], ['request.routeUrl("item", { id: 7 })', 'typeof app', 'root instanceof root_factory.constructor', 'settings === registry.settings']);
    expect(code).toBe(0);
    expect(text).toContain('Environment:\n  app          The application (a Node request listener).\n  registry     Active Pyramid registry.\n' +
      '  request      Active request object.\n  root         Root of the default resource tree.\n' +
      '  root_factory Default root factory used to create `root`.\n  settings     Active registry settings.\n');
    expect(text).toContain(">>> 'http://localhost/items/7'");
    expect(text).toContain(">>> 'function'");
    expect(text).toContain('>>> true');
  });

  it('binds the [pshell] names and runs its setup(env), which may add names', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pshell-'));
    fs.writeFileSync(path.join(dir, 'tools.js'), 'exports.setup = async (env) => { env.answer = 42; };\nexports.greeting = "hi";\n');
    const ini = path.join(dir, 'shell.ini');
    fs.writeFileSync(ini, `[app:main]\nuse = config:${app}\n\n[pshell]\nsetup = ./tools:setup\ntools = ./tools\n`);
    const { code, text } = await session([ini], ['answer + 1', 'tools.greeting']);
    expect(code).toBe(0);
    expect(text).toContain('  answer       42\n');
    expect(text).toContain('Custom Variables:\n  tools        ./tools\n');
    expect(text).toContain('>>> 43');
    expect(text).toContain(">>> 'hi'");
  });

  it('names the setup it cannot find, on one line', async () => {
    const result = await capture(pshell.main, [app, '--setup', 'nothing_here.setup'], { input: Readable.from([]), output: new PassThrough() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^pshell: setup = nothing_here\.setup: Cannot find module 'nothing_here' \(looked for .*\)\n$/);
  });

  it('lists its shells and refuses one it does not have', async () => {
    expect((await session(['-l'], [])).stdout).toBe('Available shells:\n  node\n');
    expect(await capture(pshell.main, [app, '-p', 'ipython'], { input: Readable.from([]), output: new PassThrough() }))
      .toEqual({ code: 1, stdout: 'could not find a shell named "ipython"\n', stderr: '' });
  });
});
