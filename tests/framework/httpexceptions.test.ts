/**
 * HTTP exceptions: status, title, and the body made for the client's Accept. The expected
 * bodies were recorded from Pyramid 2.0 (webob's get_response on the same exception), byte for
 * byte.
 */
import {
  HTTPException,
  HTTPNotFound,
  HTTPFound,
  HTTPForbidden,
  HTTPMethodNotAllowed,
  HTTPNoContent,
  HTTPInternalServerError,
  HTTPClientError,
  HTTPMovedPermanently,
  exceptionResponse,
  isHTTPException,
} from '../../framework/httpexceptions';
import { Response } from '../../framework/response';
import { thrown } from './helpers';

/** Prepares `exc` as for a GET with this Accept (none when undefined); returns [Content-Type, body]. */
function makeOne(exc: HTTPException, accept?: string, method = 'GET'): [string | null, string] {
  exc.prepare({ headers: accept === undefined ? {} : { accept }, method });
  return [exc.contentTypeHeader, exc.text];
}

const html = (status: string, body: string) =>
  `<html>\n <head>\n  <title>${status}</title>\n </head>\n <body>\n  <h1>${status}</h1>\n  ${body}\n </body>\n</html>`;

describe('bodies as Pyramid makes them', () => {
  test.each<[string, () => HTTPException, string | undefined, string, string]>([
    ['404, no Accept', () => new HTTPNotFound(), undefined, 'text/plain; charset=UTF-8', '404 Not Found\n\nThe resource could not be found.\n\n\n\n\n'],
    ['404 with a detail', () => new HTTPNotFound('/nope'), undefined, 'text/plain; charset=UTF-8', '404 Not Found\n\nThe resource could not be found.\n\n\n/nope\n\n'],
    [
      '404 as HTML escapes the detail',
      () => new HTTPNotFound('a <b> & "c"'),
      'text/html',
      'text/html; charset=UTF-8',
      html('404 Not Found', 'The resource could not be found.<br/><br/>\na &lt;b&gt; &amp; &quot;c&quot;\n\n'),
    ],
    [
      '404 as JSON, with Python’s spacing',
      () => new HTTPNotFound('a <b> & "c"'),
      'application/json',
      'application/json',
      '{"message": "The resource could not be found.\\n\\n\\na <b> & \\"c\\"\\n\\n", "code": "404 Not Found", "title": "Not Found"}',
    ],
    [
      '404 as JSON escapes non-ASCII as Python does',
      () => new HTTPNotFound('café'),
      'application/json',
      'application/json',
      '{"message": "The resource could not be found.\\n\\n\\ncaf\\u00e9\\n\\n", "code": "404 Not Found", "title": "Not Found"}',
    ],
    [
      'a comment is an HTML comment in HTML',
      () => new HTTPNotFound('x', { comment: 'my comment' }),
      'text/html',
      'text/html; charset=UTF-8',
      html('404 Not Found', 'The resource could not be found.<br/><br/>\nx\n<!-- my comment -->\n'),
    ],
    ['a comment is plain text otherwise', () => new HTTPNotFound('x', { comment: 'my comment' }), undefined, 'text/plain; charset=UTF-8', '404 Not Found\n\nThe resource could not be found.\n\n\nx\nmy comment\n'],
    ['302, plain', () => new HTTPFound('/plain'), undefined, 'text/plain; charset=UTF-8', '302 Found\n\nThe resource was found at /plain; you should be redirected automatically.\n\n'],
    [
      '302 as HTML escapes the location',
      () => new HTTPFound({ location: '/plain?a=1&b=<' }),
      'text/html',
      'text/html; charset=UTF-8',
      html('302 Found', 'The resource was found at /plain?a=1&amp;b=&lt;; you should be redirected automatically.\n\n'),
    ],
    [
      '302 as JSON',
      () => new HTTPFound('/plain'),
      'application/json',
      'application/json',
      '{"message": "The resource was found at /plain; you should be redirected automatically.\\n\\n", "code": "302 Found", "title": "Found"}',
    ],
    ['405 names the method', () => new HTTPMethodNotAllowed(), undefined, 'text/plain; charset=UTF-8', '405 Method Not Allowed\n\nThe method PUT is not allowed for this resource. \n\n\n'],
  ])('%s', (_name, make, accept, contentType, body) => {
    expect(makeOne(make(), accept, 'PUT')).toEqual([contentType, body]);
  });
});

describe('choosing HTML, JSON or plain text from Accept, as webob’s acceptable_offers', () => {
  test.each<[string, string]>([
    ['*/*', 'text/html'],
    ['text/*', 'text/html'],
    ['application/*', 'application/json'],
    ['application/json, text/html;q=0.9', 'application/json'],
    ['text/html;q=0.5, application/json;q=0.9', 'application/json'],
    ['application/json;q=0.5, text/html;q=0.5', 'text/html'],
    ['text/html;q=0, */*', 'application/json'],
    ['application/xml', 'text/plain'],
    ['text/html;q=0, application/json;q=0', 'text/plain'],
  ])('Accept: %s → %s', (accept, expected) => {
    const [contentType] = makeOne(new HTTPForbidden(), accept);
    expect(contentType!.split(';')[0]).toBe(expected);
  });
});

describe('the exception as a Response', () => {
  test('has its status, title and Pyramid’s message (the detail, else the explanation)', () => {
    const exc = new HTTPNotFound('No page');
    expect(exc.status).toBe('404 Not Found');
    expect(exc.title).toBe('Not Found');
    expect(exc.message).toBe('No page');
    expect(new HTTPNotFound().message).toBe('The resource could not be found.');
    expect(String(exc)).toBe('HTTPNotFound: No page');
    expect(exc).toBeInstanceOf(Response);
    expect(exc).toBeInstanceOf(HTTPClientError);
    expect(isHTTPException(exc)).toBe(true);
    expect(isHTTPException(new Response())).toBe(false);
  });

  test('a body set by the view is kept; prepare does not replace it', () => {
    const exc = new HTTPForbidden({ body: 'go away', contentType: 'text/plain' });
    expect(makeOne(exc, 'text/html')).toEqual(['text/plain; charset=UTF-8', 'go away']);
  });

  test('204 has no body and no content type', () => {
    expect(makeOne(new HTTPNoContent(), 'text/html')).toEqual([null, '']);
  });

  test('a redirect needs a location and carries it as the Location header', () => {
    expect(new HTTPMovedPermanently('/new').location).toBe('/new');
    expect(thrown(() => new HTTPFound({} as never)).message).toBe('HTTPFound needs a location to redirect to');
  });

  test('headers given are sent', () => {
    expect(new HTTPForbidden({ headers: { 'WWW-Authenticate': 'Basic' } }).getHeader('www-authenticate')).toBe('Basic');
  });

  test('a custom body template may name request headers as WSGI does and its own headers, escaped for HTML', () => {
    const exc = new HTTPForbidden({ bodyTemplate: 'No entry for ${HTTP_USER_AGENT} (${x_reason}).', headers: { X_Reason: 'closed' } });
    exc.prepare({ headers: { accept: 'text/html', 'user-agent': '<bot>' }, method: 'GET' });
    expect(exc.text).toBe(html('403 Forbidden', 'No entry for &lt;bot&gt; (closed).'));
  });

  test('exceptionResponse makes the class for a code, and refuses redirects', () => {
    expect(exceptionResponse(404)).toBeInstanceOf(HTTPNotFound);
    expect(exceptionResponse(500, { detail: 'x' })).toBeInstanceOf(HTTPInternalServerError);
    expect(() => exceptionResponse(302)).toThrow('No HTTP exception for status 302; redirects take a location: new HTTPFound(url)');
  });

  test('a thrown exception has a stack pointing at the throw', () => {
    const exc = thrown(() => {
      throw new HTTPNotFound();
    }) as unknown as HTTPNotFound;
    expect(exc.stack).toContain('httpexceptions.test.ts');
  });
});
