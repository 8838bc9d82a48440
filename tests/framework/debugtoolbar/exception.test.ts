/**
 * The exception page as a user meets it: the Quick Tutorial's debugtoolbar step served by
 * pserve (TypeScript run through pyramid-ts's require hook), with the step's extra-credit bug
 * (`xResponse`). Its frames must name the .ts file and line, read through the hook's source maps.
 */
import { Client, copyProject, editFile, freePort, Pserve, stopAll } from '../../fixtures/pserve-harness';
import * as vm from 'node:vm';
import { isErrorLike, parseFrames, reportException } from '../../../framework/debugtoolbar/exception';
import { DummyRequest } from '../../../framework/testing';

afterEach(stopAll);

const STEP = 'examples/quick_tutorial/debugtoolbar';

it('points at tutorial/index.ts, the line of the bug, under pserve', async () => {
  const root = copyProject([STEP]);
  const dir = `${root}/${STEP}`;
  editFile(dir, 'development.ini', (t) => t.replace('listen = localhost:6543', 'listen = 127.0.0.1:%(http_port)s'));
  editFile(dir, 'tutorial/index.ts', (t) => t.replace("return new Response('<body>", "return new xResponse('<body>"));
  const port = await freePort();
  const pserve = new Pserve(dir, ['development.ini', `http_port=${port}`]);
  await pserve.waitFor(/Serving on/, 20000);
  const client = new Client(port);

  const page = await client.request('/', { headers: { accept: 'text/html' } });
  expect(page.status).toBe(500);
  expect(page.body).toContain('ReferenceError: xResponse is not defined');
  // (Node's source-map support may prefix the name: `Function.helloWorld`.)
  expect(page.body).toMatch(new RegExp(`<code>[\\w.]*helloWorld</code> at <span class="pdtb-file">${dir}/tutorial/index\\.ts:6:3</span>`));
  expect(page.body).toContain('<span class="pdtb-line pdtb-current"><span class="pdtb-lineno">6</span>  return new xResponse(');

  const text = await client.request('/', { headers: { accept: '*/*' } });
  expect(text.body).toContain(`helloWorld at ${dir}/tutorial/index.ts:6:3\n    return new xResponse('<body><h1>Hello World!</h1></body>');\n`);
  // pserve's log says where the traceback is, as pyramid_debugtoolbar's does
  await pserve.waitFor(/Uncaught ReferenceError at http:\/\/127\.0\.0\.1:\d+\/\ntraceback url: http:\/\/127\.0\.0\.1:\d+\/_debug_toolbar\/[0-9a-f]+\/exception/, 5000);
}, 60000);

describe('parseFrames', () => {
  it('reads V8 frames: named, anonymous, async, file URLs; source lines only where the file exists', () => {
    const frames = parseFrames([
      'Error: x',
      `    at named (${__filename}:3:5)`,
      `    at ${__filename}:4:1`,
      `    at async Promise.all (index 0)`,
      `    at async load (file://${__filename}:5:2)`,
      '    at node:internal/main:10:3',
    ].join('\n'));
    expect(frames.map((f) => [f.fn, f.line, f.column, f.user])).toEqual([
      ['named', 3, 5, true], ['', 4, 1, true], ['load', 5, 2, true], ['', 10, 3, false],
    ]);
    expect(frames[0].context[0]).toEqual([1, '/**']);
    expect(frames[3].context).toEqual([]);
  });
});

describe('reportException', () => {
  it('reads an Error from another realm as an Error (a vm context\'s; a native addon\'s, as better-sqlite3\'s SqliteError under jest)', () => {
    const foreign = vm.runInNewContext('new RangeError("from another realm")');
    expect(foreign instanceof Error).toBe(false);
    expect(isErrorLike(foreign)).toBe(true);
    const report = reportException(foreign, new DummyRequest());
    expect([report.name, report.message]).toEqual(['RangeError', 'from another realm']);
    expect(report.stack).toMatch(/^RangeError: from another realm\n/);
    // not errors: plain values and objects without a message and stack
    expect([isErrorLike('boom'), isErrorLike({ message: 'x' }), isErrorLike(null)]).toEqual([false, false, false]);
    expect(reportException({ code: 7 }, new DummyRequest()).name).toBe('object');
  });
});
