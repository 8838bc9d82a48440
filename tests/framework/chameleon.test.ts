/**
 * `.pt` templates in Chameleon's `${...}` syntax: escaping as Chameleon escapes (text: & < >;
 * attributes also "), `${structure: x}`, None rendering nothing, Python spellings, and the
 * translation keeping every line where it was.
 */
import * as nunjucks from 'nunjucks';
import { translate, translateExpression, escapeText, escapeAttr } from '../../framework/chameleon';
import { templateEnvironment } from '../../framework/templates';
import { Registry } from '../../framework/registry';

/** Renders `.pt` source with `values`, through the same environment the renderer uses. */
function makeOne(source: string, values: Record<string, unknown> = {}): string {
  const env = templateEnvironment(new Registry(), __dirname);
  return new nunjucks.Template(translate(source, 't.pt'), env, 't.pt', true).render(values);
}

describe('escaping, as Chameleon', () => {
  test('text escapes & < > and leaves quotes', () => {
    expect(makeOne('<p>${x}</p>', { x: `<b> & "q" 'a'` })).toBe(`<p>&lt;b&gt; &amp; "q" 'a'</p>`);
  });

  test('an attribute value also escapes "', () => {
    expect(makeOne('<a href="${x}" title=\'${x}\'>${x}</a>', { x: '"<>&' })).toBe('<a href="&quot;&lt;&gt;&amp;" title=\'&quot;&lt;&gt;&amp;\'>"&lt;&gt;&amp;</a>');
  });

  test('${structure: x} inserts raw HTML', () => {
    expect(makeOne('<div>${structure: form}</div>', { form: '<form a="1"></form>' })).toBe('<div><form a="1"></form></div>');
  });

  test('None and undefined render as nothing; 0 renders', () => {
    expect(makeOne('[${a}][${b}][${c}][${structure: a}]', { a: null, c: 0 })).toBe('[][][0][]');
  });

  test('the escape helpers', () => {
    expect(escapeText('<&>"')).toBe('&lt;&amp;&gt;"');
    expect(escapeAttr('<&>"')).toBe('&lt;&amp;&gt;&quot;');
    expect(escapeText(null)).toBe('');
  });

  test('an attribute whose whole value is None is dropped', () => {
    expect(makeOne('<a href="${v}">x</a>', { v: null })).toBe('<a>x</a>');
  });
});

describe('expressions in Python’s spelling', () => {
  test.each([
    ['x is None', 'x == none'],
    ['x is not None', 'x != none'],
    ['True and not False', 'true and not false'],
    ["'None is None'", "'None is None'"],
    ['view.logged_in is None', 'view.logged_in == none'],
  ])('%s → %s', (python, nunjucksExpr) => {
    expect(translateExpression(python)).toBe(nunjucksExpr);
  });

  test('dotted access, subscripts, calls with keyword arguments and + work', () => {
    const request = { route_url: (name: string, kw: Record<string, string>) => `/${name}/${kw.first}/${kw.last}` };
    const out = makeOne("${request.route_url('hello', first='jane', last='doe')} ${view.reqts['css']} ${a + '/login'} ${x is None}", {
      request,
      view: { reqts: { css: 'a.css' } },
      a: 'http://localhost',
      x: null,
    });
    expect(out).toBe('/hello/jane/doe a.css http://localhost/login true');
  });

  test('a brace inside a string or a dict literal does not end the expression', () => {
    expect(makeOne("${'}'}|${ {'a': 1}['a'] }")).toBe('}|1');
  });
});

describe('translation', () => {
  test('keeps every line where it was, so errors name the .pt line', () => {
    const source = '<html>\n<p>${a}</p>\n\n<p>${b}\n</p>\n';
    expect(translate(source).split('\n')).toHaveLength(source.split('\n').length);
  });

  test('text that nunjucks would read as its own syntax stays literal', () => {
    expect(makeOne('<p>{{ not a tag }} {% nor this %} {# nor this #}</p>${x}', { x: 1 })).toBe('<p>{{ not a tag }} {% nor this %} {# nor this #}</p>1');
  });

  test("an unclosed '${' names the template and line", () => {
    expect(() => translate('<p>\n${oops</p>', 'home.pt')).toThrow("home.pt:2: '${' is never closed");
  });

  test('a $ without a brace is text', () => {
    expect(makeOne('<p>costs $5 ${x}</p>', { x: 'now' })).toBe('<p>costs $5 now</p>');
  });
});

describe('TAL attributes, as the later tutorial steps write them', () => {
  test('tal:condition keeps or drops the element (authentication step)', () => {
    const source = '<a tal:condition="view.logged_in is None" href="/login">Log In</a>' +
      '<a tal:condition="view.logged_in is not None" href="/logout">Logout</a>';
    expect(makeOne(source, { view: { logged_in: null } })).toBe('<a href="/login">Log In</a>');
    expect(makeOne(source, { view: { logged_in: 'editor' } })).toBe('<a href="/logout">Logout</a>');
  });

  test('tal:repeat repeats the element; repeat.x.number counts from 1 (forms step)', () => {
    const source = '<ul><li tal:repeat="page pages"><a href="${page.uid}">${page.title}</a> ${repeat.page.number}</li></ul>';
    expect(makeOne(source, { pages: [{ uid: '100', title: 'A<' }, { uid: '101', title: 'B' }] })).toBe(
      '<ul><li><a href="100">A&lt;</a> 1</li><li><a href="101">B</a> 2</li></ul>',
    );
  });

  test('a <tal:block> element leaves no tag of its own', () => {
    expect(makeOne('<tal:block tal:repeat="r rs"><link href="${r}"/></tal:block>', { rs: ['a.css', 'b.css'] })).toBe(
      '<link href="a.css"/><link href="b.css"/>',
    );
  });

  test('tal:replace puts escaped text in the element’s place; tal:content fills it, raw with structure', () => {
    expect(makeOne('<span tal:replace="message"/>!', { message: 'Failed <login>' })).toBe('Failed &lt;login&gt;!');
    expect(makeOne('<p tal:content="structure body">old</p><p tal:content="body">old</p>', { body: '<em>hi</em>' })).toBe(
      '<p><em>hi</em></p><p>&lt;em&gt;hi&lt;/em&gt;</p>',
    );
  });

  test('tal:attributes sets attributes, escaped, and leaves out the ones that are None', () => {
    expect(makeOne('<a href="#" tal:attributes="href url; title nothing">x</a>', { url: '/a?b=1&c="2"', nothing: null })).toBe(
      '<a href="/a?b=1&amp;c=&quot;2&quot;">x</a>',
    );
  });

  test('tal:define names values; tal:omit-tag="" keeps only the content', () => {
    expect(makeOne('<div tal:define="n 2; m n + 1">${n} ${m}</div><b tal:omit-tag="">inner</b>')).toBe('<div>2 3</div>inner');
  });

  test('lines stay where they were, so an error names the line of the .pt file', () => {
    const source = '<p tal:content="body">old\nstuff</p>\n<input\n tal:attributes="value v"/>\n<i>${x}</i>\n';
    const translated = translate(source, 't.pt');
    expect(translated.split('\n')).toHaveLength(source.split('\n').length);
    expect(translated.split('\n')[4]).toContain('(x)');
  });
});
