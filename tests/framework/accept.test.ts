/**
 * The Accept header as webob reads it for Pyramid: which offers a client takes and in what
 * order, what a view may offer (one media type: no wildcard, list or q, as Pyramid 2.0), and
 * the server's order between offers (`addAcceptViewOrder`). The same rules against the real
 * Pyramid are in tests/interop/extensions.test.ts.
 */
import { acceptableOffers, acceptableEncodings, normalizeOffer, sortAcceptOffers } from '../../framework/accept';
import { Configurator, ConfigurationError } from '../../framework/config';
import { Response } from '../../framework/response';
import { makeApp, thrown } from './helpers';

test('acceptable offers in the client’s order of preference, as webob', () => {
  expect(acceptableOffers('application/json;q=0.5, text/html', ['application/json', 'text/html', 'image/png'])).toEqual(['text/html', 'application/json']);
  expect(acceptableOffers(undefined, ['a/b', 'c/d'])).toEqual(['a/b', 'c/d']);
  expect(acceptableOffers('text/*;q=0.3, text/html;q=0', ['text/html', 'text/plain'])).toEqual(['text/plain']);
});

test('the most specific range decides: parameters over the bare type, over type/*, over */*', () => {
  const header = 'text/html;level=1;q=0.9, text/html;q=0.5, text/*;q=0.3, */*;q=0.1';
  expect(acceptableOffers(header, ['image/png', 'text/plain', 'text/html', 'text/html;level=1'])).toEqual(['text/html;level=1', 'text/html', 'text/plain', 'image/png']);
  // Types, subtypes and parameter names are case-insensitive.
  expect(acceptableOffers('TEXT/HTML;Level=1', ['text/html;level=1', 'text/html'])).toEqual(['text/html;level=1']);
});

test('a header that breaks the grammar counts as none (every offer); an empty one accepts nothing', () => {
  expect(acceptableOffers('garbage;;', ['text/html', 'application/json'])).toEqual(['text/html', 'application/json']);
  expect(acceptableOffers('', ['text/html'])).toEqual([]);
  // Empty list elements are allowed, as RFC 7230 says.
  expect(acceptableOffers(', text/html,,', ['text/html'])).toEqual(['text/html']);
});

test('hostile headers (16 KB of spaces, parameters, commas, quotes) are read in linear time', () => {
  const hostile = ['text/html' + ' '.repeat(16000) + 'x', 'text/html' + ';a=b'.repeat(4000) + ' x', 'text/html,' + ' ,'.repeat(8000) + 'x', 'text/html;a="' + '\\"'.repeat(8000)];
  for (const header of hostile) {
    const start = process.hrtime.bigint();
    acceptableOffers(header, ['text/html']);
    acceptableEncodings(header, ['gzip']);
    // Generous: a few ms on a quiet machine; a backtracking blow-up would take seconds or more.
    expect(Number(process.hrtime.bigint() - start) / 1e6).toBeLessThan(1000);
  }
});

test('Accept-Encoding as webob reads it: q=0 refuses, * stands for the rest, identity unless refused', () => {
  expect(acceptableEncodings('gzip;q=0.5, br', ['gzip', 'br', 'identity'])).toEqual(['br', 'identity', 'gzip']);
  expect(acceptableEncodings('br;q=0, *;q=0.3', ['gzip', 'br', 'identity'])).toEqual(['gzip', 'identity']);
  expect(acceptableEncodings('*;q=0', ['gzip', 'identity'])).toEqual([]);
  // No header, or one that breaks the grammar: webob's false header, "nothing asked".
  expect(acceptableEncodings(undefined, ['gzip'])).toBeNull();
  expect(acceptableEncodings('gzip;;', ['gzip'])).toBeNull();
});

test('an offer is one media type: written one way, and no wildcard, list or q', () => {
  expect(normalizeOffer('TEXT/HTML; Charset="utf8"')).toBe('text/html;charset=utf8');
  expect(normalizeOffer('text/html;x="a b"')).toBe('text/html;x="a b"');
  for (const bad of ['text/*', '*/*', 'text/html;q=0.5', 'text/html, application/json', 'html', '']) {
    expect(() => normalizeOffer(bad)).toThrow(`accept ${JSON.stringify(bad)} is not a media type`);
  }
});

test('the server order: by the place of type/subtype, an offer with parameters before the bare one', () => {
  expect(sortAcceptOffers(['application/json', 'text/html', 'text/html;charset=utf8', 'image/png'], ['text/html', 'application/json'])).toEqual([
    'text/html;charset=utf8',
    'text/html',
    'application/json',
    'image/png',
  ]);
});

describe('accept in the configuration', () => {
  test('a view takes one media type: a list or a wildcard is an error naming the line', () => {
    const config = new Configurator();
    const list = thrown(() => config.addView(() => new Response('x'), { accept: ['text/html', 'application/json'] as any }));
    expect(list).toBeInstanceOf(ConfigurationError);
    expect(list.message).toMatch(/\(.*accept\.test\.ts:\d+\): a list is not supported in the "accept" view predicate/);
    const wildcard = thrown(() => config.addView(() => new Response('x'), { accept: 'text/*' }));
    expect(wildcard.message).toMatch(/^accept "text\/\*" is not a media type: .* \(.*accept\.test\.ts:\d+\)$/);
  });

  test('a route takes several; not a wildcard', () => {
    const config = new Configurator();
    config.addRoute('api', '/api', { accept: ['application/json', 'Text/HTML'] });
    expect(thrown(() => config.addRoute('other', '/other', { accept: ['text/html', '*/*'] })).message).toMatch(/accept "\*\/\*" is not a media type.*accept\.test\.ts:\d+/);
  });

  test('addAcceptViewOrder checks its media types where it is called, and its order at commit', () => {
    const config = new Configurator();
    expect(thrown(() => config.addAcceptViewOrder('text/html;charset=utf8', { weighsMoreThan: 'text/plain' })).message).toMatch(
      /^addAcceptViewOrder\("text\/html;charset=utf8"\) \(.*accept\.test\.ts:\d+\): cannot compare a media type with parameters/,
    );
    expect(thrown(() => config.addAcceptViewOrder('text/html;charset=utf8', { weighsMoreThan: 'text/plain;charset=utf8' })).message).toMatch(/cannot compare parameters across different media types/);
    config.addAcceptViewOrder('application/json', { weighsMoreThan: 'text/csv' });
    config.addView(() => new Response('json'), { accept: 'application/json' });
    expect(thrown(() => config.commit()).message).toMatch(/^addAcceptViewOrder\(\): Unsatisfied before dependencies: application\/json \(application\/json at .*accept\.test\.ts:\d+\)/);
  });

  test('views offering media types answer by the client’s preference, then the server’s order', async () => {
    const { testapp } = makeApp((config) => {
      config.addAcceptViewOrder('application/json', { weighsMoreThan: 'text/html' });
      config.addRoute('page', '/page');
      config.addView(() => new Response('html'), { routeName: 'page', accept: 'text/html' });
      config.addView(() => new Response('json'), { routeName: 'page', accept: 'application/json' });
      config.addView(() => new Response('any'), { routeName: 'page' });
    });
    expect((await testapp.get('/page', { headers: { Accept: 'text/html, application/json;q=0.9' } })).text).toBe('html');
    expect((await testapp.get('/page', { headers: { Accept: '*/*' } })).text).toBe('json');
    expect((await testapp.get('/page', { headers: { Accept: 'image/png' } })).text).toBe('any');
  });
});
