/**
 * The request path as Pyramid reads it (issue 15 point 13): compared with the real Pyramid,
 * waitress and webob through tests/interop/fixtures/pyramid-routes.json, which
 * tests/interop/make_route_fixtures.py writes (routes.test.ts checks that it still does).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodePathInfo, URLDecodeError } from '../../framework/urldecode';
import { utf8ErrorMessage } from '../../framework/unicode';
import { HTTPBadRequest } from '../../framework/httpexceptions';
import type { Request } from '../../framework/request';
import { Response } from '../../framework/response';
import { makeApp, serve, httpRequest, thrown } from './helpers';

interface Fixtures {
  decode: Array<{ raw: string; path_info?: string; error?: string }>;
  http: Array<{ raw: string; status: number; body: string }>;
}
const fixtures: Fixtures = JSON.parse(readFileSync(join(__dirname, '..', 'interop', 'fixtures', 'pyramid-routes.json'), 'utf-8'));

describe('decodePathInfo, as waitress and webob decode PATH_INFO', () => {
  test.each(fixtures.decode.filter((row) => row.path_info !== undefined).map((row) => [row.raw, row.path_info!]))('%s reads as Pyramid’s %j', (raw, expected) => {
    expect(decodePathInfo(raw)).toBe(expected);
  });

  test.each(fixtures.decode.filter((row) => row.error !== undefined).map((row) => [row.raw, row.error!]))('%s is a URLDecodeError (a 400) with Python’s message: %s', (raw, message) => {
    const error = thrown(() => decodePathInfo(raw));
    expect(error).toBeInstanceOf(URLDecodeError);
    expect(error).toBeInstanceOf(HTTPBadRequest);
    expect((error as URLDecodeError).detail).toBe(message);
  });

  test('utf8ErrorMessage is null for good UTF-8', () => {
    expect(utf8ErrorMessage(Buffer.from('/smïth/😀'))).toBeNull();
  });
});

describe('over HTTP, beside Pyramid served by waitress', () => {
  const { app } = makeApp((config) => {
    config.addRoute('abc', '/abc/{x}');
    config.addView((request: Request) => ({ match: request.matchdict }), { routeName: 'abc', renderer: 'json' });
  });

  test.each(fixtures.http.map((row) => [row.raw, row]))('GET %s', async (raw, pyramid) => {
    const served = await serve(app);
    try {
      const ours = await httpRequest(served.port, { path: raw });
      if (pyramid.status === 200) {
        expect([ours.status, ours.body]).toEqual([pyramid.status, pyramid.body]);
      } else {
        // Pyramid's URLDecodeError escapes its router as waitress's 500; ours is a 400 saying the same.
        expect(pyramid.status).toBe(500);
        const message = fixtures.decode.find((row) => row.raw === raw)!.error!;
        expect(ours.status).toBe(400);
        expect(ours.body).toContain(message);
      }
    } finally {
      await served.close();
    }
  });
});

test('an exception view registered for URLDecodeError answers it, as a Pyramid app may register one', async () => {
  const { app } = makeApp((config) => {
    config.addRoute('abc', '/abc/{x}');
    config.addView(() => new Response('found'), { routeName: 'abc' });
    config.addExceptionView((error: URLDecodeError, _request: unknown) => new Response(`bad path: ${error.detail}`, { status: 404, contentType: 'text/plain' }), { context: URLDecodeError });
  });
  const served = await serve(app);
  try {
    const response = await httpRequest(served.port, { path: '/abc/%FF' });
    expect([response.status, response.body]).toEqual([404, "bad path: 'utf-8' codec can't decode byte 0xff in position 5: invalid start byte"]);
  } finally {
    await served.close();
  }
});
