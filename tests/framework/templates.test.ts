/**
 * Template renderers (what `config.include('pyramid_chameleon')` or `'pyramid_jinja2'` adds):
 * `.pt` in Chameleon's syntax and `.jinja2`/`.njk`/`.html` in nunjucks', found relative to the
 * view's module or by asset spec, with Pyramid's system values, each expression evaluated once,
 * and `pyramid.reload_templates`.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { Configurator } from '../../framework/config';
import type { Request } from '../../framework/request';
import * as reloader from '../../framework/reloader';
import { makeApp, writeTree, captureLog, serve, httpRequest } from './helpers';
import { resolveAsset } from '../../framework/path';

/**
 * An app whose one view (at `/`, returning `value`) renders `template`: a file name under `dir`
 * (a fresh temporary directory holding `files`), or a name as given when `files` is null.
 */
function makeOne(template: string, value: unknown, files: Record<string, string> | null = null, settings = {}, extra: (config: Configurator) => void = () => {}) {
  const dir = files ? writeTree(files) : null;
  const renderer = dir ? nodePath.join(dir, template) : template;
  const { testapp } = makeApp((config) => {
    config.include('pyramid_jinja2');
    config.addRoute('home', '/');
    config.addView(typeof value === 'function' ? (value as () => unknown) : () => value, { routeName: 'home', renderer });
    extra(config);
  }, settings);
  return { testapp, dir };
}

const render = async (template: string, value: unknown, files: Record<string, string> | null = null) => (await makeOne(template, value, files).testapp.get('/')).text;

describe('finding templates', () => {
  test('a name relative to the module that declared the view', async () => {
    expect(await render('../fixtures/templates/home.pt', { name: 'Home View' })).toBe('<title>Quick Tutorial: Home View</title>\n<h1>Hi Home View</h1>\n');
  });

  test('a package:path asset spec, the package found under the project root', async () => {
    expect(await render('tests:fixtures/templates/home.pt', { name: 'Spec' })).toContain('<h1>Hi Spec</h1>');
  });

  test('{% extends %} resolves against the extending template’s directory', async () => {
    // (the layout's final newline is dropped, as Jinja2's keep_trailing_newline=False does)
    expect(await render('../fixtures/templates/pages/page.jinja2', { name: 'Page' })).toBe('<html><body><h1>Hi Page</h1></body></html>');
  });

  test('a missing template is a 500, logged naming the file', async () => {
    const { testapp } = makeOne('../fixtures/templates/nope.pt', {});
    const log = captureLog('pyramid.router');
    try {
      await testapp.get('/', { status: 500 });
      expect(log.records[0].message).toContain(`Missing template file: ${nodePath.join(__dirname, '..', 'fixtures', 'templates', 'nope.pt')}`);
    } finally {
      log.stop();
    }
  });

  test('the page is text/html; charset=UTF-8', async () => {
    const res = await makeOne('../fixtures/templates/home.pt', { name: 'x' }).testapp.get('/');
    expect(res.header('content-type')).toBe('text/html; charset=UTF-8');
  });
});

describe('nunjucks templates (.jinja2, .njk, .html) autoescape', () => {
  test.each(['t.jinja2', 't.njk', 't.html'])('%s', async (name) => {
    expect(await render(name, { name: '<b>&"\'' }, { [name]: '<h1>Hi {{ name }}</h1>' })).toBe('<h1>Hi &lt;b&gt;&amp;&#34;&#39;</h1>');
  });

  // As Jinja2 prints them (python3-jinja2, autoescape=True, gives this for the same values).
  test('values print as Jinja2 prints them: None, True, lists and dicts as Python, __html__ unescaped', async () => {
    const values = { x: null, t: true, f: false, l: [1, 'a', null], d: { a: 1 }, n: 0, fl: 1.5, h: { __html__: () => '<i>h</i>' } };
    const source = '{{ x }}|{{ t }}|{{ f }}|{{ l }}|{{ d }}|{{ n }}|{{ fl }}|{{ h }}|[{{ missing }}]';
    expect(await render('t.jinja2', values, { 't.jinja2': source })).toBe("None|True|False|[1, &#39;a&#39;, None]|{&#39;a&#39;: 1}|0|1.5|<i>h</i>|[]");
  });

  // As Jinja2 renders them (checked with python3-jinja2: Template('a\r\nb\n\n').render() == 'a\nb\n').
  test.each([
    ['<p>{{ name }}</p>\n', '<p>x</p>'],
    ['a\r\nb\n\n', 'a\nb\n'],
    ['no newline', 'no newline'],
  ])('Jinja2 defaults: one final newline dropped, line endings as \\n (%j)', async (source, output) => {
    expect(await render('t.jinja2', { name: 'x' }, { 't.jinja2': source })).toBe(output);
  });

  test('kwargs calls reach routeUrl: request.route_url("hello", first="jane", last="doe")', async () => {
    const { testapp } = makeOne('t.jinja2', {}, { 't.jinja2': `{{ request.route_url('hello', first='jane', last='doe') }}` }, {}, (config) => config.addRoute('hello', '/howdy/{first}/{last}'));
    expect((await testapp.get('/')).text).toBe('http://localhost/howdy/jane/doe');
  });
});

describe('system values', () => {
  test('view, request, req, context (the root, with URL dispatch) and renderer_name are there beside the view’s values', async () => {
    class Views {
      viewName = 'TutorialViews';
      constructor(readonly request: Request) {}
      home() {
        return { page_title: 'Home View' };
      }
    }
    const files = { 't.jinja2': '{{ view.viewName }} - {{ page_title }} | {{ request.path }} {{ req === request }} | {{ renderer_name }} | {{ context === request.root }}' };
    const dir = writeTree(files);
    const renderer = nodePath.join(dir, 't.jinja2');
    const { testapp } = makeApp((config) => {
      config.include('pyramid_jinja2');
      config.addRoute('home', '/home');
      config.addView(Views, { routeName: 'home', attr: 'home', renderer });
    });
    expect((await testapp.get('/home')).text).toBe(`TutorialViews - Home View | /home True | ${renderer} | True`);
  });

  test('each expression is evaluated once per render: a counting getter rises by one a request (.pt and .jinja2)', async () => {
    for (const [name, source] of [
      ['t.pt', '<p>${view.counter}</p>'],
      ['t.jinja2', '<p>{{ view.counter }}</p>'],
    ]) {
      let count = 0;
      class Views {
        constructor(readonly request: Request) {}
        get counter() {
          return ++count;
        }
        home() {
          return {};
        }
      }
      const dir = writeTree({ [name]: source });
      const { testapp } = makeApp((config) => {
        config.include('pyramid_chameleon');
        config.addRoute('home', '/');
        config.addView(Views, { routeName: 'home', attr: 'home', renderer: nodePath.join(dir, name) });
      });
      expect((await testapp.get('/')).text).toBe('<p>1</p>');
      expect((await testapp.get('/')).text).toBe('<p>2</p>');
    }
  });
});

describe('pyramid.reload_templates', () => {
  async function editBetween(settings: Record<string, string>): Promise<[string, string]> {
    const { testapp, dir } = makeOne('t.pt', { name: 'x' }, { 't.pt': '<p>before ${name}</p>' }, settings);
    const first = (await testapp.get('/')).text;
    fs.writeFileSync(nodePath.join(dir!, 't.pt'), '<p>after ${name}</p>');
    return [first, (await testapp.get('/')).text];
  }

  test('true: an edited template shows on the next request', async () => {
    expect(await editBetween({ 'pyramid.reload_templates': 'true' })).toEqual(['<p>before x</p>', '<p>after x</p>']);
  });

  test('unset: the template is compiled once and kept', async () => {
    expect(await editBetween({})).toEqual(['<p>before x</p>', '<p>before x</p>']);
  });

  test('true: an edited layout shows too, and an unchanged template is not compiled again', async () => {
    const files = { 'layout.jinja2': '<main>{% block body %}{% endblock %}</main>', 'page.jinja2': '{% extends "layout.jinja2" %}{% block body %}{{ name }}{% endblock %}' };
    const { testapp, dir } = makeOne('page.jinja2', { name: 'x' }, files, { 'pyramid.reload_templates': 'true' });
    // The loader reports each file it reads to the reloader: count those reads.
    const read = jest.spyOn(reloader, 'watchFiles');
    try {
      expect((await testapp.get('/')).text).toBe('<main>x</main>');
      const reads = read.mock.calls.length;
      expect((await testapp.get('/')).text).toBe('<main>x</main>');
      expect(read.mock.calls.length).toBe(reads);
      fs.writeFileSync(nodePath.join(dir!, 'layout.jinja2'), '<section>{% block body %}{% endblock %}</section>');
      expect((await testapp.get('/')).text).toBe('<section>x</section>');
    } finally {
      read.mockRestore();
    }
  });
});

// Issue 15 point 9: a view may hand a template a name to include (here from a request parameter);
// it must not reach files outside the template's folder, nor may an asset spec leave its package.
describe('template names stay inside the template folder', () => {
  const tree = {
    'site/templates/page.jinja2': '<p>{% include part %}</p>',
    'site/templates/parts/ok.jinja2': 'an included part',
    'site/templates/parts/up.jinja2': '{% include "../sibling.jinja2" %}',
    'site/templates/sibling.jinja2': 'a sibling',
    'site/secret.ini': 'session.secret = hunter2',
  };

  test('over HTTP: ?part= inside the folder renders; ../ and absolute names are a 500 that leaks nothing, logged naming the folder', async () => {
    const dir = writeTree(tree);
    const { app } = makeApp((config) => {
      config.include('pyramid_jinja2');
      config.addRoute('page', '/page');
      config.addView((request: Request) => ({ part: request.params.get('part') }), { routeName: 'page', renderer: nodePath.join(dir, 'site/templates/page.jinja2') });
    });
    const served = await serve(app);
    const log = captureLog('pyramid.router');
    try {
      const get = (part: string) => httpRequest(served.port, { path: `/page?part=${encodeURIComponent(part)}` });
      expect(await get('parts/ok.jinja2')).toMatchObject({ status: 200, body: '<p>an included part</p>' });
      // Going up is fine while it stays inside the folder.
      expect(await get('parts/up.jinja2')).toMatchObject({ status: 200, body: '<p>a sibling</p>' });
      for (const part of ['../secret.ini', '../../site/secret.ini', nodePath.join(dir, 'site/secret.ini'), 'parts/../../secret.ini']) {
        const response = await get(part);
        expect([part, response.status]).toEqual([part, 500]);
        expect(response.body).not.toContain('hunter2');
      }
      expect(log.records.length).toBe(4);
      expect(log.records[0].message).toContain(`leads out of the template folder ${nodePath.join(dir, 'site/templates')}`);
    } finally {
      log.stop();
      await served.close();
    }
  });

  test('over HTTP: request.overrideRenderer from a request parameter stays inside the view’s folder', async () => {
    const dir = writeTree({
      ...tree,
      'site/views.js': `exports.includeme = (config) => {
  config.include('pyramid_jinja2');
  config.addRoute('pick', '/pick');
  config.addView((request) => { request.overrideRenderer = request.params.get('t'); return { part: 'parts/ok.jinja2' }; }, { routeName: 'pick', renderer: 'json' });
};`,
      'outside.jinja2': 'outside the folder',
    });
    const { app } = makeApp((config) => config.include(nodePath.join(dir, 'site/views.js')));
    const served = await serve(app);
    const log = captureLog('pyramid.router');
    try {
      const get = (t: string) => httpRequest(served.port, { path: `/pick?t=${encodeURIComponent(t)}` });
      expect(await get('templates/page.jinja2')).toMatchObject({ status: 200, body: '<p>an included part</p>' });
      for (const t of ['../outside.jinja2', nodePath.join(dir, 'outside.jinja2'), 'templates/../../outside.jinja2']) {
        const response = await get(t);
        expect([t, response.status]).toEqual([t, 500]);
        expect(response.body).not.toContain('outside the folder');
      }
      expect(log.records.map((r) => /leads out of the view's folder/.test(r.message))).toEqual([true, true, true]);
    } finally {
      log.stop();
      await served.close();
    }
  });

  test('an asset spec must stay inside its package folder', () => {
    const root = nodePath.resolve(__dirname, '..', '..');
    expect(resolveAsset('tests:fixtures/templates/home.pt', __dirname)).toBe(nodePath.join(root, 'tests/fixtures/templates/home.pt'));
    expect(() => resolveAsset('tests:../package.json', __dirname)).toThrow(`Asset spec 'tests:../package.json' leaves its package folder ${nodePath.join(root, 'tests')}`);
    expect(() => resolveAsset('tests:/etc/passwd', __dirname)).toThrow('leaves its package folder');
    expect(() => resolveAsset('tests:fixtures/../../package.json', __dirname)).toThrow('leaves its package folder');
  });

  test('an asset spec included by a template is held to its package too', async () => {
    const log = captureLog('pyramid.router');
    try {
      const text = (await makeOne('t.jinja2', {}, { 't.jinja2': '{% include "tests:../package.json" %}' }).testapp.get('/', { status: 500 })).text;
      expect(text).not.toContain('pyramid-ts');
      expect(log.records[0].message).toContain("Asset spec 'tests:../package.json' leaves its package folder");
    } finally {
      log.stop();
    }
  });
});
