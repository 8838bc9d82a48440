/**
 * The built-in renderers: `json` (Python's json.dumps layout, application/json) and `string`,
 * both writing into `request.response` so a view's headers and cookies survive; and the
 * error for a renderer nobody registered.
 */
import { rendererFactoryFor, builtinRenderers } from '../../framework/renderers';
import type { Request } from '../../framework/request';
import { makeApp, thrown } from './helpers';

/** GETs `/` from an app whose view returns `view(request)`'s value through `renderer`. */
async function makeOne(renderer: string, view: (request: Request) => unknown) {
  const { testapp } = makeApp((config) => {
    config.addRoute('home', '/');
    config.addView(view, { routeName: 'home', renderer });
  });
  return testapp.get('/');
}

describe('json', () => {
  test('is exactly {"name": "Hello View"}, as the tutorial’s step 14 asserts, with Content-Type application/json', async () => {
    const res = await makeOne('json', () => ({ name: 'Hello View' }));
    expect(res.text).toBe('{"name": "Hello View"}');
    expect(res.header('content-type')).toBe('application/json');
  });

  test('nested values, non-ASCII and floats as Python writes them', async () => {
    const res = await makeOne('json', () => ({ a: [1, 2.5, null, true], b: { c: 'é' } }));
    expect(res.text).toBe('{"a": [1, 2.5, null, true], "b": {"c": "\\u00e9"}}');
  });

  test('keeps a content type, status, header and cookie the view set on request.response', async () => {
    const res = await makeOne('json', (request) => {
      request.response.contentType = 'application/vnd.api+json';
      request.response.status = 201;
      request.response.setHeader('X-Extra', '1');
      request.response.setCookie('seen', 'yes');
      return { ok: true };
    });
    expect(res.statusCode).toBe(201);
    // As the real Pyramid sends it: webob's content_type setter gives a non-textual type no charset.
    expect(res.header('content-type')).toBe('application/vnd.api+json');
    expect(res.header('x-extra')).toBe('1');
    expect(res.headers['set-cookie']).toEqual(['seen=yes; Path=/']);
  });
});

describe('string', () => {
  test('writes String(value) as text/plain', async () => {
    const res = await makeOne('string', () => 42);
    expect(res.text).toBe('42');
    expect(res.header('content-type')).toBe('text/plain; charset=UTF-8');
  });
});

describe('rendererFactoryFor', () => {
  const factories = new Map(Object.entries(builtinRenderers));

  test('finds a renderer by its whole name, else by extension', () => {
    expect(rendererFactoryFor('json', factories).type).toBe('json');
    factories.set('.pt', builtinRenderers.string);
    expect(rendererFactoryFor('templates/home.pt', factories).type).toBe('.pt');
    factories.delete('.pt');
  });

  test('an unknown one lists the known renderers, and for a template names the add-on to include', () => {
    expect(thrown(() => rendererFactoryFor('yaml', factories)).message).toBe("No renderer for 'yaml'. Known renderers: json, string.");
    expect(thrown(() => rendererFactoryFor('home.jinja2', factories)).message).toBe(
      "No renderer for 'home.jinja2'. Known renderers: json, string. Templates need an add-on: config.include('pyramid_chameleon') (or 'pyramid_jinja2') registers .pt, .txt, .jinja2, .njk and .html.",
    );
  });
});
