/** prequest: one request through the app in process, printed as Pyramid's prequest prints it. */
import * as path from 'path';
import { Readable } from 'stream';
import * as prequest from '../../../framework/cli/prequest';
import { capture } from './capture';

const ini = path.join(__dirname, '..', '..', '..', 'development.ini');
const app = path.join(__dirname, '..', '..', 'fixtures', 'pcommands', 'app.ini');
const noInput = () => Readable.from([]);

describe('prequest', () => {
  it('prints the body of the response (the tutorial\'s home page)', async () => {
    const result = await capture(prequest.main, [ini, '/'], noInput());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('<h1>Hi Home View</h1>\n<p>Count: 1</p>');
    expect(result.stdout.startsWith('<!DOCTYPE html>')).toBe(true);
  });

  it('with -d, prints the status line and the headers first', async () => {
    const result = await capture(prequest.main, [ini, 'howdy', '-d'], noInput());
    const [status, ...rest] = result.stdout.split('\n');
    expect(status).toBe('200 OK');
    expect(rest).toContain('Content-Type: text/html; charset=UTF-8');
    expect(rest.find((l) => l.startsWith('Set-Cookie: session='))).toMatch(/; Path=\/; SameSite=Lax$/);
    expect(result.stdout).toContain('<h1>Hi Hello View</h1>');
  });

  it('sends stdin as the body of -m POST, and -m picks the view by its request method', async () => {
    expect((await capture(prequest.main, [app, '/items/3', '-m', 'POST'], Readable.from(['x=1']))).stdout).toBe('item posted\n');
    expect((await capture(prequest.main, [app, '/items/3'], noInput())).stdout).toBe('item\n');
  });

  it('passes --header and -l (basic auth) to the app', async () => {
    // the search view needs ?q=; its route takes GET and POST
    const found = await capture(prequest.main, [app, '/search?q=x', '--header', 'X-Test: yes', '-l', 'user:pw', '-d'], noInput());
    expect(found.stdout.split('\n')[0]).toBe('200 OK');
    const missing = await capture(prequest.main, [app, '/search', '-d'], noInput());
    expect(missing.stdout.split('\n')[0]).toBe('404 Not Found');
    expect(missing.code).toBe(0);
  });

  it('refuses a header without a colon and an unknown method (exit 2)', async () => {
    expect(await capture(prequest.main, [app, '/', '--header', 'nocolon'], noInput()))
      .toEqual({ code: 2, stdout: "Bad --header=nocolon option, value must be in the form 'name:value'\n", stderr: '' });
    const bad = await capture(prequest.main, [app, '/', '-m', 'BREW'], noInput());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^prequest: error: argument -m\/--method: invalid choice: 'BREW' \(choose from 'GET', /);
  });

  it('needs an ini and a path', async () => {
    expect(await capture(prequest.main, [app], noInput())).toEqual({ code: 2, stdout: 'You must provide at least two arguments\n', stderr: '' });
  });

  it('loads -n NAME', async () => {
    const result = await capture(prequest.main, [app, '/', '-n', 'other'], noInput());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^prequest: .*app\.ini: no \[app:other\] or \[application:other\] or \[composite:other\] or \[composit:other\] or \[pipeline:other\] or \[filter-app:other\] section; choose one of: \[app:main\]\n$/);
  });
});
