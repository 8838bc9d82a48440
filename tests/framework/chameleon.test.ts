/**
 * The `.pt` engine beyond the corpus (chameleon-corpus.test.ts compares 298 templates with the
 * real Chameleon): errors name the file, line, column and expression; the renderer behind
 * `config.include('pyramid_chameleon')` (system values, asset specs, `#macro` names, the cache
 * and `pyramid.reload_templates` watching layouts loaded with `load:`); escaping and Markup; i18n
 * with a `translate` function; what is not supported says so.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { PageTemplate, TemplateLookup, TemplateError, Markup, escapeText, escapeAttr, templateLookup } from '../../framework/chameleon';
import type { Registry } from '../../framework/registry';
import { PyException } from '../../framework/chameleon/pyruntime';
import * as reloader from '../../framework/reloader';
import { makeApp, writeTree, captureLog, thrown } from './helpers';

/** Renders `.pt` source from a string with `values`. */
function makeOne(source: string, values: Record<string, unknown> = {}): string {
  return new PageTemplate(source, 't.pt').render(values);
}

/** An app whose view at `/` renders `template` (a file of `files`) with `value`. */
function makeApp1(template: string, value: unknown, files: Record<string, string>, settings: Record<string, string> = {}) {
  const dir = writeTree(files);
  const { testapp } = makeApp((config) => {
    config.include('pyramid_chameleon');
    config.addRoute('home', '/');
    config.addView(() => value, { routeName: 'home', renderer: nodePath.join(dir, template) });
  }, settings);
  return { testapp, dir };
}

describe('errors name the template, line, column and expression', () => {
  test('an undefined name raises NameError (never renders as empty)', () => {
    const error = thrown(() => makeOne('<html>\n  <p>${foo}</p>\n</html>')) as Error & { template: unknown };
    expect(error.name).toBe('NameError');
    expect(error.template).toEqual({ expression: 'foo', filename: 't.pt', line: 2, column: 7 });
    expect(error.message).toBe('foo\n\n - Expression: "foo"\n - Filename:   t.pt\n - Location:   (line 2: col 7)');
  });

  test('a failing expression keeps its own error class and gains the location', () => {
    const error = thrown(() => makeOne('<div>\n<p tal:content="view.broken()">x</p>\n</div>', { view: { broken: () => { throw new RangeError('boom'); } } })) as Error & { template: { line: number } };
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toContain('boom\n\n - Expression: "view.broken()"');
    expect(error.template.line).toBe(2);
  });

  test('a syntax error is reported when the template is compiled, with its line', () => {
    const template = new PageTemplate('<div>\n<p>ok</p>\n<p tal:condition="a b c">x</p>\n</div>', '/app/t.pt');
    const error = thrown(() => template.check()) as TemplateError;
    expect(error).toBeInstanceOf(TemplateError);
    expect([error.filename, error.line, error.column]).toEqual(['/app/t.pt', 3, 18]);
    expect(error.message).toBe('invalid syntax\n\n - String:     "a b c"\n - Filename:   /app/t.pt\n - Location:   (line 3: col 18)\n - Source:     <p tal:condition="a b c">x</p>\n                                 ^^^^^');
  });

  test('in an app: an undefined name is a 500, logged with the file and line', async () => {
    const { testapp, dir } = makeApp1('t.pt', {}, { 't.pt': '<p>\n  ${nope}\n</p>' });
    const log = captureLog('pyramid');
    try {
      await testapp.get('/', { status: 500 });
      expect(log.records[0].message).toContain(`NameError: nope\n\n - Expression: "nope"\n - Filename:   ${nodePath.join(dir, 't.pt')}\n - Location:   (line 2: col 4)`);
    } finally {
      log.stop();
    }
  });

  test('an error inside a macro names the macro’s file', () => {
    const dir = writeTree({ 'layout.pt': '<div>\n  <p metal:define-slot="body">${title}</p>\n</div>', 'page.pt': '<div metal:use-macro="load: layout.pt"/>' });
    const error = thrown(() => new TemplateLookup().get(nodePath.join(dir, 'page.pt')).render()) as Error & { template: unknown };
    expect(error.template).toEqual({ expression: 'title', filename: nodePath.join(dir, 'layout.pt'), line: 2, column: 32 });
  });
});

describe('escaping, as Chameleon', () => {
  test('a value in a single-quoted attribute is escaped for \' (no way out of the attribute)', () => {
    expect(makeOne("<a title='${t}' tal:attributes=\"href h\" class='x'>t</a>", { t: "x' onmouseover='alert(1)", h: '"><script>' })).toBe("<a title='x&#39; onmouseover=&#39;alert(1)' class='x' href=\"&quot;&gt;&lt;script&gt;\">t</a>");
  });

  test('Markup and any object with __html__ are inserted as they are', () => {
    const form = { __html__: () => '<form></form>' };
    expect(makeOne('<div>${m} ${form}</div><p title="${m}"/>', { m: new Markup('<b>"</b>'), form })).toBe('<div><b>"</b> <form></form></div><p title="<b>"</b>"/>');
  });

  test('the helpers other modules use', () => {
    expect(escapeText('<&>"\'')).toBe('&lt;&amp;&gt;"\'');
    expect(escapeAttr('<&>"')).toBe('&lt;&amp;&gt;&quot;');
  });
});

describe('the renderer (config.include("pyramid_chameleon"))', () => {
  test('sees the view’s values over Pyramid’s system values', async () => {
    const { testapp } = makeApp1('t.pt', { name: 'N' }, { 't.pt': '${name} ${request.path} ${renderer_name.endswith("t.pt")} ${req is request}' });
    expect((await testapp.get('/')).text).toBe('N / True True');
  });

  test('a layout with fill-slot, as the Pyramid starter writes it', async () => {
    const { testapp } = makeApp1('page.pt', { project: 'demo' }, {
      'layout.pt': '<html>\n<body>\n  <div metal:define-slot="content">No content</div>\n</body>\n</html>',
      'page.pt': '<div metal:use-macro="load: layout.pt">\n  <div metal:fill-slot="content">Welcome to ${project}</div>\n</div>',
    });
    expect((await testapp.get('/')).text).toBe('<html>\n<body>\n  <div>Welcome to demo</div>\n</body>\n</html>');
  });

  test('`name#macro.pt` renders one macro of the template, as pyramid_chameleon', async () => {
    const { testapp } = makeApp1('page#sidebar.pt', { x: 1 }, { 'page.pt': '<html><div metal:define-macro="sidebar">side ${x}</div></html>' });
    expect((await testapp.get('/')).text).toBe('<div>side 1</div>');
  });

  test('load: takes asset specs (a package folder under the project root)', () => {
    const dir = writeTree({ 'package.json': '{"name": "project"}', 'myapp/templates/layout.pt': '<b metal:define-slot="s">L</b>', 'views/page.pt': '<i metal:use-macro="load: myapp:templates/layout.pt"/>' });
    expect(new TemplateLookup().get(nodePath.join(dir, 'views', 'page.pt')).render()).toBe('<b>L</b>');
  });

  test('a template passed in the namespace is a macro source (Pyramid: get_renderer(...).implementation())', async () => {
    const dir = writeTree({ 'main.pt': '<html><body metal:define-macro="page"><h1 metal:define-slot="title">T</h1>${body}</body></html>', 'page.pt': '<x metal:use-macro="main.macros[\'page\']"><b metal:fill-slot="title">Mine</b></x>' });
    const { testapp } = makeApp((config) => {
      config.include('pyramid_chameleon');
      config.addRoute('home', '/');
      config.addView((request: { registry: Registry }) => ({ main: templateLookup(request.registry).get(nodePath.join(dir, 'main.pt')), body: 'B' }), { routeName: 'home', renderer: nodePath.join(dir, 'page.pt') });
    });
    expect((await testapp.get('/')).text).toBe('<body><b>Mine</b>B</body>');
  });

  test('.txt templates, as pyramid_chameleon: only ${...} is replaced, nothing is escaped or parsed', async () => {
    // Chameleon's PageTextTemplateFile gives this for the same file and values.
    const source = 'Hello ${name} & <b>${x}</b>\n$${not} $$5 ${structure: x}\n<tal:b condition="0">kept as text</tal:b>\n';
    const { testapp } = makeApp1('t.txt', { name: 'W', x: '<i>' }, { 't.txt': source });
    expect((await testapp.get('/')).text).toBe('Hello W & <b><i></b>\n${not} $5 <i>\n<tal:b condition="0">kept as text</tal:b>\n');
  });

  test('load: names stay inside the folder of the configured template (issue 15: no way out by a name)', () => {
    const dir = writeTree({ 'secret.pt': '<p>secret</p>', 'app/shared/layout.pt': '<b>shared</b>', 'app/templates/page.pt': '<i metal:use-macro="load: ${name}"/>' });
    const lookup = new TemplateLookup();
    const page = () => lookup.get(nodePath.join(dir, 'app', 'templates', 'page.pt'), undefined, 'xml', nodePath.join(dir, 'app'));
    expect(page().render({ name: '../shared/layout.pt' })).toBe('<b>shared</b>');
    const error = thrown(() => page().render({ name: '../../secret.pt' }));
    expect(error.name).toBe('ValueError');
    expect(error.message).toContain('leads out of the template folder');
  });

  test('a value that is not an object of names is refused, as Pyramid', async () => {
    const { testapp } = makeApp1('t.pt', 'text', { 't.pt': '<p/>' });
    const log = captureLog('pyramid');
    try {
      await testapp.get('/', { status: 500 });
      expect(log.records[0].message).toContain('renderer was passed non-dictionary as value');
    } finally {
      log.stop();
    }
  });
});

describe('compiled once; pyramid.reload_templates', () => {
  test('a template is compiled once and kept (one read of each file)', async () => {
    const read = jest.spyOn(reloader, 'watchFiles');
    try {
      const { testapp } = makeApp1('page.pt', {}, { 'layout.pt': '<b metal:define-slot="s">L</b>', 'page.pt': '<i metal:use-macro="load: layout.pt"/>' });
      expect((await testapp.get('/')).text).toBe('<b>L</b>');
      expect((await testapp.get('/')).text).toBe('<b>L</b>');
      expect(read.mock.calls.map(([files]) => nodePath.basename([...files][0]))).toEqual(['page.pt', 'layout.pt']);
    } finally {
      read.mockRestore();
    }
  });

  test('true: an edited layout loaded with load: shows on the next request', async () => {
    const { testapp, dir } = makeApp1('page.pt', {}, { 'layout.pt': '<b metal:define-slot="s">L1</b>', 'page.pt': '<i metal:use-macro="load: layout.pt"/>' }, { 'pyramid.reload_templates': 'true' });
    expect((await testapp.get('/')).text).toBe('<b>L1</b>');
    fs.writeFileSync(nodePath.join(dir, 'layout.pt'), '<u metal:define-slot="s">L2 changed</u>');
    expect((await testapp.get('/')).text).toBe('<u>L2 changed</u>');
  });

  test('unset: the edit is not seen', async () => {
    const { testapp, dir } = makeApp1('page.pt', {}, { 'layout.pt': '<b metal:define-slot="s">L1</b>', 'page.pt': '<i metal:use-macro="load: layout.pt"/>' });
    expect((await testapp.get('/')).text).toBe('<b>L1</b>');
    fs.writeFileSync(nodePath.join(dir, 'layout.pt'), '<u metal:define-slot="s">L2 changed</u>');
    expect((await testapp.get('/')).text).toBe('<b>L1</b>');
  });
});

describe('i18n', () => {
  test('without a translator the i18n attributes go and the text is normalized, as Chameleon', () => {
    expect(makeOne('<p i18n:translate="">  Hello\n   ${name} </p>', { name: 'A' })).toBe('<p>Hello A</p>');
  });

  test('a translate function in the namespace translates i18n:translate text, with its mapping', () => {
    const translate = (msgid: string, options: { mapping: Record<string, string> | null; domain: string | null }) => `[${options.domain}] ${msgid.toUpperCase()} ${options.mapping ? JSON.stringify(options.mapping) : ''}`;
    expect(makeOne('<div i18n:domain="app"><p i18n:translate="">Hi <b i18n:name="who">${name}</b></p></div>', { name: 'Ann', translate })).toBe('<div><p>[app] HI ${WHO} {"who":"<b>Ann</b>"}</p></div>');
  });
});

describe('booleanAttributes (Chameleon\'s boolean_attributes; the corpus\'s boolattr-* cases compare with Chameleon)', () => {
  const booleanAttributes = new Set(['checked', 'selected']);

  test('off by default, as pyramid_chameleon: a value is rendered as text', () => {
    expect(makeOne('<input tal:attributes="checked on"/>', { on: false })).toBe('<input checked="False"/>');
  });

  test('a string template takes it as an option: true gives name="name", false drops the attribute', () => {
    const template = new PageTemplate('<option tal:attributes="selected on" value="a">A</option>', 't.pt', 'xml', { booleanAttributes });
    expect(template.render({ on: 'yes' })).toBe('<option value="a" selected="selected">A</option>');
    expect(template.render({ on: '' })).toBe('<option value="a">A</option>');
  });

  test('an array of names does as well; a lone string is refused with the way out', () => {
    expect(new PageTemplate('<input tal:attributes="checked 1"/>', 't.pt', 'xml', { booleanAttributes: ['checked'] }).render()).toBe('<input checked="checked"/>');
    expect(() => new PageTemplate('<input/>', 't.pt', 'xml', { booleanAttributes: 'checked' }).render()).toThrow("not the string 'checked': write new Set(['checked'])");
  });

  test('a lookup gives it to every template it compiles, those loaded with load: too', () => {
    const dir = writeTree({
      'page.pt': '<div tal:define="lib load: lib.pt"><i metal:use-macro="lib.macros.box"/></div>',
      'lib.pt': '<b metal:define-macro="box"><input tal:attributes="checked on"/></b>',
    });
    const lookup = new TemplateLookup({ booleanAttributes });
    expect(lookup.get(nodePath.join(dir, 'page.pt')).render({ on: 1 })).toBe('<div><b><input checked="checked"/></b></div>');
  });
});

describe('where Chameleon 3.8 fails for reasons of its own, ours renders', () => {
  test("repeat's first() and last(), by value or by key, as Zope's (Chameleon 3.8 has neither)", () => {
    const rows = [{ kind: 'a', n: 1 }, { kind: 'a', n: 2 }, { kind: 'b', n: 3 }];
    const source = '<tal:r repeat="r rows"><h2 tal:condition="repeat.r.first(\'kind\')">${r.kind}</h2>${r.n}<hr tal:condition="repeat[\'r\'].last(\'kind\')"/></tal:r>|<i tal:repeat="x xs">${repeat.x.first()}${repeat.x.last()}</i>';
    expect(makeOne(source, { rows, xs: [1, 1, 2] })).toBe('<h2>a</h2>12<hr/><h2>b</h2>3<hr/>|<i>TrueFalse</i>\n <i>FalseTrue</i>\n <i>TrueTrue</i>');
  });


  test('global on tal:repeat leaves the last item defined', () => {
    expect(makeOne('<div><p tal:repeat="global x xs">${x}</p>${x}</div>', { xs: [1, 2] })).toBe('<div><p>1</p>\n<p>2</p>2</div>');
  });

  test("a | inside a string or brackets is not a fallback: '|'.join(xs) (a syntax error in Chameleon)", () => {
    expect(makeOne("<p>${'|'.join(xs)} ${[x | 1 for x in xs] if 0 else '''a|b'''} ${missing | 'fb|x'} ${'a\\|b'}</p>", { xs: ['a', 'b'] })).toBe("<p>a|b a|b fb|x a|b</p>");
  });

  test('a dict comprehension', () => {
    expect(makeOne("<p>${ {k: v for k, v in [('a', 1)]} }</p>")).toBe("<p>{'a': 1}</p>");
  });
});

test('mutated corpus templates compile and render to output, a TemplateError or a Python exception: never a crash of the engine', () => {
  const dir = nodePath.join(__dirname, '..', 'fixtures', 'chameleon', 'cases');
  const sources = fs.readdirSync(dir).filter((f) => f.endsWith('.pt')).sort().map((f) => fs.readFileSync(nodePath.join(dir, f), 'utf-8'));
  let seed = 42; // deterministic: the same 2,000 mutants every run
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
  const chars = '<>${}"\':;|/()[]\n tal:metal:';
  const crashes: string[] = [];
  for (let k = 0; k < 2000; k++) {
    let s = sources[rnd(sources.length)];
    for (let j = 1 + rnd(3); j > 0; j--) {
      const at = rnd(s.length + 1);
      const op = rnd(3);
      if (op === 0) s = s.slice(0, at) + s.slice(at + 1 + rnd(5));
      else if (op === 1) s = s.slice(0, at) + chars[rnd(chars.length)] + s.slice(at);
      else s = s.slice(0, at) + s.slice(rnd(s.length + 1));
    }
    try {
      new PageTemplate(s, 'mutant.pt').render({ xs: [1, 2], x: 1, d: { a: 1 }, name: 'n' });
    } catch (e) {
      if (!(e instanceof TemplateError) && !(e instanceof PyException)) crashes.push(`${String(e)}\n  in ${JSON.stringify(s)}`);
    }
  }
  expect(crashes).toEqual([]);
});

test('a tag without a name is a compile error naming its line, not a crash', () => {
  const error = thrown(() => new PageTemplate('<p>\n</<p>x</p>', 't.pt').check());
  expect(error).toBeInstanceOf(TemplateError);
  expect((error as TemplateError).line).toBe(2);
});

describe('what is not supported says so', () => {
  test.each([
    ['<p>${import: os.path}</p>', 'import: expressions are not supported'],
    ['<?python x = 1 ?><p/>', 'Python code blocks (<?python ... ?>) are not supported'],
  ])('%s', (source, message) => {
    const error = thrown(() => new PageTemplate(source, 't.pt').check());
    expect(error).toBeInstanceOf(TemplateError);
    expect(error.message).toContain(message);
  });
});
