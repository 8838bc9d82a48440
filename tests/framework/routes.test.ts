/**
 * URL dispatch: patterns, matching against the decoded path, the order routes are tried in,
 * and URL generation, each as Pyramid's urldispatch does it (the expected values were read
 * from Pyramid 2.0 running the same patterns).
 */
import { Route, RoutesMapper, splitPathInfo, quotePathSegment, type Matchdict } from '../../framework/routes';
import { thrown } from './helpers';

/** A mapper holding `patterns` (name → pattern, in order), compiled as at commit. */
function makeOne(patterns: Record<string, string>): RoutesMapper {
  const mapper = new RoutesMapper();
  for (const [name, pattern] of Object.entries(patterns)) mapper.add(new Route(name, pattern));
  mapper.compile();
  return mapper;
}

/** [route name, matchdict] for a decoded path, or null; as Pyramid's mapper reports it. */
function matchOf(mapper: RoutesMapper, path: string): [string, Matchdict] | null {
  const found = mapper.match(path, {});
  return found && [found.route.name, found.match];
}

describe('patterns and matching', () => {
  const mapper = makeOne({
    hello: '/howdy/{first}/{last}',
    num: '/n/{id:\\d+}',
    star: '/s/*subpath',
    home: '/',
    ext: '/f/{name}.{ext}',
    quantity: '/q/{code:[a-z]{2,3}}',
  });

  test.each<[string, [string, Matchdict] | null]>([
    ['/howdy/Jane/Doe', ['hello', { first: 'Jane', last: 'Doe' }]],
    ['/howdy/amy x/smïth', ['hello', { first: 'amy x', last: 'smïth' }]],
    ['/howdy/a/b/c', null],
    ['/howdy', null],
    ['/howdy/', null],
    ['/n/12', ['num', { id: '12' }]],
    ['/n/ab', null],
    ['/s', null],
    ['/s/', ['star', { subpath: [] }]],
    ['/s/a/b c/../d', ['star', { subpath: ['a', 'd'] }]],
    ['/s/a//b/./c', ['star', { subpath: ['a', 'b', 'c'] }]],
    ['/f/a.b.json', ['ext', { name: 'a.b', ext: 'json' }]],
    ['/', ['home', {}]],
    ['/q/abc', ['quantity', { code: 'abc' }]],
    ['/q/abcd', null],
  ])('%s matches %j, as in Pyramid', (path, expected) => {
    expect(matchOf(mapper, path)).toEqual(expected);
  });

  test('a pattern matches the whole path: /howdy and /howdy.json do not collide', () => {
    const m = makeOne({ hello: '/howdy', hello_json: '/howdy.json' });
    expect(matchOf(m, '/howdy.json')).toEqual(['hello_json', {}]);
    expect(matchOf(m, '/howdy')).toEqual(['hello', {}]);
    expect(matchOf(m, '/howdyxjson')).toBeNull();
  });

  test('a pattern without a leading slash gets one', () => {
    expect(new Route('r', 'about').pattern).toBe('/about');
    expect(matchOf(makeOne({ r: 'about' }), '/about')).toEqual(['r', {}]);
  });

  test('the first route added wins when several match', () => {
    const m = makeOne({ specific: '/page/edit', general: '/page/{name}', last: '/{any}/{thing}' });
    expect(matchOf(m, '/page/edit')![0]).toBe('specific');
    expect(matchOf(m, '/page/view')![0]).toBe('general');
    const reversed = makeOne({ general: '/page/{name}', specific: '/page/edit' });
    expect(matchOf(reversed, '/page/edit')![0]).toBe('general');
  });

  test('route predicates are asked only after the pattern matched, and a failing one lets later routes try', () => {
    const asked: string[] = [];
    const mapper = new RoutesMapper();
    const onlyPost = Object.assign((_info: unknown, request: { method: string }) => {
      asked.push(request.method);
      return request.method === 'POST';
    }, { text: 'request_method = POST' });
    mapper.add(new Route('post', '/thing', {}, [onlyPost]));
    mapper.add(new Route('any', '/thing'));
    mapper.compile();
    expect(mapper.match('/other', { method: 'GET' })).toBeNull();
    expect(asked).toEqual([]);
    expect(mapper.match('/thing', { method: 'GET' })!.route.name).toBe('any');
    expect(mapper.match('/thing', { method: 'POST' })!.route.name).toBe('post');
    expect(asked).toEqual(['GET', 'POST']);
  });

  test('a static route generates URLs but never matches', () => {
    const mapper = new RoutesMapper();
    mapper.add(new Route('external', '/ext/{x}', { static: true }));
    mapper.compile();
    expect(mapper.match('/ext/1', {})).toBeNull();
    expect(mapper.get('external')!.generate({ x: 1 })).toBe('/ext/1');
  });

  test('adding a route under an existing name replaces it and moves it last, as Pyramid’s mapper', () => {
    const mapper = new RoutesMapper();
    mapper.add(new Route('a', '/x'));
    mapper.add(new Route('b', '/{y}'));
    mapper.add(new Route('a', '/z'));
    mapper.compile();
    expect(mapper.names).toEqual(['b', 'a']);
    expect(mapper.match('/x', {})!.route.name).toBe('b');
  });

  test('a bad pattern is an error naming the route and the pattern', () => {
    expect(thrown(() => new Route('bad', '/a/{x'))).toHaveProperty('message', `Route 'bad': unbalanced '{' in pattern "/a/{x"`);
    expect(thrown(() => new Route('bad', '/a/{x:(}')).message).toMatch(/^Route 'bad': pattern "\/a\/\{x:\(\}" is not a valid regular expression/);
    expect(thrown(() => new Route('bad', '/a/{x-y}')).message).toBe(`Route 'bad': bad marker name {x-y} in "/a/{x-y}"`);
  });
});

describe('splitPathInfo', () => {
  test.each([
    ['/', []],
    ['', []],
    ['/a/b', ['a', 'b']],
    ['a//b/', ['a', 'b']],
    ['/a/./b/../c', ['a', 'c']],
    ['/../a', ['a']],
  ])('%j → %j', (path, segments) => {
    expect(splitPathInfo(path)).toEqual(segments);
  });
});

describe('URL generation', () => {
  const mapper = makeOne({
    hello: '/howdy/{first}/{last}',
    num: '/n/{id:\\d+}',
    star: '/s/*subpath',
    ext: '/f/{name}.{ext}',
    literal: "/a(b) c:d/{x}",
    optional: '/o/{x}*rest',
  });
  const generate = (name: string, kw: Record<string, unknown>) => mapper.get(name)!.generate(kw);

  test.each<[string, Record<string, unknown>, string]>([
    ['hello', { first: 'jane', last: 'doe' }, '/howdy/jane/doe'],
    // A '/' in a value is kept, '?', '#' and ' ' are quoted, as Pyramid's PATH_SAFE quoting.
    ['hello', { first: 'a b/c?d#e&f=g', last: 'smïth' }, '/howdy/a%20b/c%3Fd%23e&f=g/sm%C3%AFth'],
    ['hello', { first: "~!$&'()*+,;=:@", last: '%' }, "/howdy/~!$&'()*+,;=:@/%25"],
    ['num', { id: 5 }, '/n/5'],
    ['ext', { name: 'a', ext: 'json' }, '/f/a.json'],
    ['star', { subpath: ['a b', 'c/d'] }, '/s/a%20b/c/d'],
    ['star', { subpath: 'a b/c/d' }, '/s/a%20b/c/d'],
    ['star', { subpath: '' }, '/s/'],
    // The pattern's own text is quoted too (only '/' kept).
    ['literal', { x: "(!*')" }, "/a%28b%29%20c%3Ad/(!*')"],
    ['optional', { x: '1', rest: ['a', 'b'] }, '/o/1a/b'],
  ])('%s with %j → %s', (name, kw, expected) => {
    expect(generate(name, kw)).toBe(expected);
  });

  test('a missing value is an error naming the route, its pattern and the key (a star value too)', () => {
    expect(thrown(() => generate('hello', { first: 'a' })).message).toBe(
      "Route 'hello' (/howdy/{first}/{last}) needs a value for 'last' to make a URL",
    );
    expect(thrown(() => generate('star', {})).message).toBe("Route 'star' (/s/*subpath) needs a value for 'subpath' to make a URL");
  });

  test('a generated path matches its route again with the same values', () => {
    const kw = { first: 'amy x', last: 'smïth' };
    const path = generate('hello', kw);
    expect(matchOf(mapper, decodeURIComponent(path))).toEqual(['hello', kw]);
  });

  test('quotePathSegment quotes as Python’s quote(value, safe)', () => {
    expect(quotePathSegment('a b/c')).toBe('a%20b%2Fc');
    expect(quotePathSegment('a b/c', '/')).toBe('a%20b/c');
    expect(quotePathSegment("(!*')", '')).toBe('%28%21%2A%27%29');
    expect(quotePathSegment('_.-~')).toBe('_.-~');
    expect(quotePathSegment('é')).toBe('%C3%A9');
  });
});

describe('the index finds the same first match as trying every route in order', () => {
  /** A small deterministic PRNG (mulberry32), so a failure is reproducible from its seed. */
  function random(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const segmentParts = ['a', 'b', 'ab', '{x}', '{n:\\d+}', 'a{x}', '{x}.json', ''] as const;
  const pathParts = ['a', 'b', 'ab', '1', '22', 'a1', 'x.json', '', '.'] as const;

  function randomPattern(rand: () => number, i: number): string {
    const segments: string[] = [];
    const length = Math.floor(rand() * 4);
    for (let s = 0; s < length; s++) segments.push(pick(rand, segmentParts).replace('{x}', `{x${s}}`).replace('{n:', `{n${s}:`));
    let pattern = '/' + segments.join('/');
    const tail = rand();
    if (tail < 0.15) pattern += (pattern.endsWith('/') ? '' : '/') + `*rest${i}`;
    else if (tail < 0.25) pattern += '/';
    return pattern;
  }

  /** The reference: every route in order, the first whose regex matches. */
  function naiveMatch(routes: Route[], path: string): [string, Matchdict] | null {
    for (const route of routes) {
      const match = route.match(path);
      if (match !== null) return [route.name, match];
    }
    return null;
  }

  test.each([1, 2, 3, 42, 2024, 31337])('seed %i: 40 route tables × 60 paths agree', (seed) => {
    const rand = random(seed);
    let compared = 0;
    for (let table = 0; table < 40; table++) {
      const mapper = new RoutesMapper();
      const count = 1 + Math.floor(rand() * 12);
      for (let i = 0; i < count; i++) mapper.add(new Route(`r${i}`, randomPattern(rand, i)));
      mapper.compile();
      for (let p = 0; p < 60; p++) {
        const depth = Math.floor(rand() * 5);
        const path = '/' + Array.from({ length: depth }, () => pick(rand, pathParts)).join('/');
        const expected = naiveMatch(mapper.routes, path);
        const actual = matchOf(mapper, path);
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
          throw new Error(`seed ${seed}: ${path} gave ${JSON.stringify(actual)}, in order ${JSON.stringify(expected)}; routes ${mapper.routes.map((r) => `${r.name}=${r.pattern}`).join(' ')}`);
        }
        if (expected !== null) compared++;
      }
    }
    // Enough of the paths matched something for the comparison to mean anything.
    expect(compared).toBeGreaterThan(200);
  });
});
