/**
 * multipart/form-data bodies as request.POST: what a browser posts for deform's forms
 * (`enctype="multipart/form-data"`), built here by the platform's own FormData encoder.
 */
import { parseMultipart } from '../../framework/multipart';
import { HTTPBadRequest, HTTPRequestEntityTooLarge } from '../../framework/httpexceptions';

/** The body and Content-Type a browser would send for `fields`. */
async function encode(fields: Array<[string, string | Blob, string?]>): Promise<{ body: Buffer; type: string }> {
  const form = new FormData();
  for (const [name, value, filename] of fields) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, value, filename);
  }
  const encoded = new Response(form);
  return { body: Buffer.from(await encoded.arrayBuffer()), type: encoded.headers.get('content-type')! };
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

test('fields in order, repeated names kept, UTF-8 and line breaks intact', async () => {
  const { body, type } = await encode([['_charset_', 'UTF-8'], ['title', 'Grüße "quoted"'], ['body', '<p>a\r\nb</p>'], ['tag', 'x'], ['tag', 'y'], ['submit', 'submit']]);
  const post = parseMultipart(body, type, 100);
  expect(post.items()).toEqual([['_charset_', 'UTF-8'], ['title', 'Grüße "quoted"'], ['body', '<p>a\r\nb</p>'], ['tag', 'x'], ['tag', 'y'], ['submit', 'submit']]);
  expect(post.getall('tag')).toEqual(['x', 'y']);
});

test('an empty file input is an empty field, as webob has it; a file is a clear 400 for now', async () => {
  const empty = await encode([['upload', new Blob([]), ''], ['a', '1']]);
  expect(parseMultipart(empty.body, empty.type, 100).items()).toEqual([['upload', ''], ['a', '1']]);
  const file = await encode([['upload', new Blob(['data']), 'notes.txt']]);
  const error = thrown(() => parseMultipart(file.body, file.type, 100));
  expect(error).toBeInstanceOf(HTTPBadRequest);
  expect((error as Error).message).toContain("the part 'upload' carries the file 'notes.txt'");
});

test('more parts than pyramid.max_form_params is a 413', async () => {
  const { body, type } = await encode([['a', '1'], ['b', '2'], ['c', '3']]);
  expect(parseMultipart(body, type, 3).size).toBe(3);
  expect(thrown(() => parseMultipart(body, type, 2))).toBeInstanceOf(HTTPRequestEntityTooLarge);
});

test.each([
  ['no boundary', 'x', 'multipart/form-data', 'names no boundary'],
  ['unclosed', '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1', 'multipart/form-data; boundary=b', 'not closed'],
  ['no blank line', '--b\r\nContent-Disposition: form-data; name="a"\r\n--b--', 'multipart/form-data; boundary=b', 'no blank line'],
  ['no name', '--b\r\nContent-Type: text/plain\r\n\r\n1\r\n--b--', 'multipart/form-data; boundary=b', 'no Content-Disposition name'],
  ['no boundary line', 'hello', 'multipart/form-data; boundary=b', 'no part starts'],
])('malformed (%s) is a 400 saying what is wrong', (_what, body, type, message) => {
  const error = thrown(() => parseMultipart(Buffer.from(body), type, 100));
  expect(error).toBeInstanceOf(HTTPBadRequest);
  expect((error as Error).message).toContain(message);
});

test('a quoted boundary and an empty form', () => {
  expect(parseMultipart(Buffer.from('--"a b"--\r\n'.replace(/"/g, '')), 'multipart/form-data; boundary="a b"', 10).size).toBe(0);
});
