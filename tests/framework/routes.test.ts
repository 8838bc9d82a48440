/**
 * URL dispatch: patterns, matching against the decoded path, the order routes are tried in,
 * and URL generation, each as Pyramid's urldispatch does it (the expected values were read
 * from Pyramid 2.0 running the same patterns).
 */
import { Route, RoutesMapper, splitPathInfo, quotePathSegment, type Matchdict } from '../../framework/routes';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Request } from '../../framework/request';
import { thrown, makeApp, serve, httpRequest } from './helpers';
import { describeWithPyramid, PYTHON } from '../interop/pyramid';

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

describe('the index finds the same first match as trying every route in order', () => {
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

// Issue 15 points 4 and 13, against the real Pyramid: tests/interop/make_route_fixtures.py ran
// pyramid.urldispatch.Route(pattern).match(path) / .generate(kw) over a table and wrote the answers.
interface RouteFixtures {
  match: Array<{ pattern: string; path: string; match: Matchdict | null }>;
  generate: Array<{ pattern: string; kw: Record<string, unknown>; path?: string; error?: string }>;
}
const FIXTURE_PATH = join(__dirname, '..', 'interop', 'fixtures', 'pyramid-routes.json');
const fixtures: RouteFixtures = JSON.parse(readFileSync(FIXTURE_PATH, 'utf-8'));

describe('matching and generation, row by row as the real Pyramid', () => {
  const patterns = [...new Set(fixtures.match.map((row) => row.pattern))];

  test.each(patterns)('%s: every path of the table', (pattern) => {
    const route = new Route('r', pattern);
    const rows = fixtures.match.filter((row) => row.pattern === pattern);
    expect(rows.map((row) => [row.path, route.match(row.path)])).toEqual(rows.map((row) => [row.path, row.match]));
  });

  test.each(fixtures.generate.map((row) => [row.pattern, row]))('%s generates as Pyramid', (pattern, row) => {
    const route = new Route('r', pattern);
    if (row.path !== undefined) expect(route.generate(row.kw)).toBe(row.path);
    else expect(thrown(() => route.generate(row.kw)).message).toContain(`needs a value for '${/KeyError: '(\w+)'/.exec(row.error!)![1]}'`);
  });

  test('old-style placeholders over HTTP: /foo/:baz/biz/:buz/bar matches and routeUrl fills it', async () => {
    const { app } = makeApp((config) => {
      config.addRoute('old', '/foo/:baz/biz/:buz/bar');
      config.addView((request: Request) => ({ match: request.matchdict, url: request.routePath('old', { baz: 'a b', buz: 'c/d' }) }), { routeName: 'old', renderer: 'json' });
    });
    const served = await serve(app);
    try {
      const response = await httpRequest(served.port, { path: '/foo/1/biz/2/bar' });
      expect([response.status, JSON.parse(response.body)]).toEqual([200, { match: { baz: '1', buz: '2' }, url: '/foo/a%20b/biz/c/d/bar' }]);
    } finally {
      await served.close();
    }
  });
});

describeWithPyramid('the route fixture file', () => {
  test('is what make_route_fixtures.py writes today with the real Pyramid (run it to update)', () => {
    const result = spawnSync(PYTHON, [join(__dirname, '..', 'interop', 'make_route_fixtures.py'), '--stdout'], { encoding: 'utf-8', timeout: 60_000 });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(readFileSync(FIXTURE_PATH, 'utf-8'));
  });
});

describe('markers sharing a segment are matched without backtracking (issue 15 point 4)', () => {
  const slow = '/' + '-'.repeat(4000);

  test('a 4,000-character path against /{a}-{b}-{c}.html: no match, in bounded time (500 ms, reported)', () => {
    const route = new Route('r', '/{a}-{b}-{c}.html');
    const started = process.hrtime.bigint();
    expect(route.match(slow)).toBeNull();
    expect(route.match(slow + '.html')).toEqual({ a: '-'.repeat(3996), b: '-', c: '-' });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    process.stdout.write(`/{a}-{b}-{c}.html against 4,000 characters: ${ms.toFixed(1)} ms\n`);
    expect(ms).toBeLessThan(500);
  });

  test('markers with a class regex of their own, and markers that cross slashes, are bounded too (reported)', () => {
    const cases: Array<[string, string]> = [
      ['/{a:.*}/{b:.*}/{c:.*}.html', '/' + 'x/'.repeat(2000)],
      ['/{a:[a-z-]+}-{b:[a-z-]+}-{c:[a-z-]+}.html', '/' + 'a-'.repeat(2000)],
      ['/{a:\\d+}{b:\\d+}{c:\\d+}x', '/' + '1'.repeat(4000)],
    ];
    for (const [pattern, path] of cases) {
      const route = new Route('r', pattern);
      const started = process.hrtime.bigint();
      expect(route.match(path)).toBeNull();
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      process.stdout.write(`${pattern} against ${path.length} characters: ${ms.toFixed(1)} ms\n`);
      expect([pattern, ms < 500]).toEqual([pattern, true]);
    }
  });

  test('over HTTP, that request is a prompt 404 and the next one is served (bounded at 2 s, reported)', async () => {
    const { app } = makeApp((config) => {
      config.addRoute('page', '/{a}-{b}-{c}.html');
      config.addRoute('five', '/{a}-{b}-{c}-{d}-{e}');
      config.addView((request: Request) => request.matchdict, { routeName: 'page', renderer: 'json' });
      config.addView((request: Request) => request.matchdict, { routeName: 'five', renderer: 'json' });
    });
    const served = await serve(app);
    try {
      const started = process.hrtime.bigint();
      expect((await httpRequest(served.port, { path: '/' + 'x'.repeat(4000) })).status).toBe(404);
      expect((await httpRequest(served.port, { path: slow.slice(0, 3000) + 'x' })).status).toBe(200);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      process.stdout.write(`two 4,000-character paths over HTTP: ${ms.toFixed(1)} ms\n`);
      expect(ms).toBeLessThan(2000);
      expect(JSON.parse((await httpRequest(served.port, { path: '/a-b-c.html' })).body)).toEqual({ a: 'a', b: 'b', c: 'c' });
    } finally {
      await served.close();
    }
  });

  // The regex (when it finishes) is Pyramid's semantics; the linear matcher must agree with it everywhere.
  const patterns = [
    '/{a}-{b}-{c}.html', '/{a}-{b}', '/{a}.{b}', '/x/{a}{b}', '/{a}{b}{c}', '/{a}/{b}.{ext}', '/pre{a}-{b}post', '/{a}-{b}*rest',
    '/{a}{b}/*rest', '/v/{a}-{b}/{c}-{d}', '/{a}--{b}', '/{a}-{b}/',
    // Markers with a regex of their own that is one repeated character class, greedy or lazy.
    '/{a:\\d+}{b}', '/{a:.*}/{b:.*}', '/{a:[a-z]+?}{b}', '/{a:.*?}-{b:.*}', '/{a:\\w*}{b:\\w*}x', '/{a:[^-]+}-{b}-{c:[a-z.]*}', '/{a:.+}{b:\\d+}*rest',
  ];
  test.each(patterns)('%s agrees with its regular expression on 3,000 random short paths', (pattern) => {
    const route = new Route('r', pattern);
    const regexOnly = new Route('r', pattern);
    (regexOnly as unknown as { pieces: null }).pieces = null;
    const rand = random(pattern.length * 7919);
    // '😀' is two UTF-16 units and one character: no marker may end between them.
    const alphabet = ['a', 'b', '-', '.', '/', 'x', '.html', 'pre', 'post', '--', 'v/', '\n', '1', '22', '😀', 'é'];
    const fill = () => Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pick(rand, alphabet)).join('');
    let matched = 0;
    for (let i = 0; i < 3000; i++) {
      // Half the paths are the pattern with its markers filled in (often a match), half are noise.
      const path =
        rand() < 0.5
          ? pattern.replace(/\{\w+(?::[^}]*)?\}/g, fill).replace(/\*\w+$/, fill)
          : '/' + Array.from({ length: Math.floor(rand() * 9) }, () => pick(rand, alphabet)).join('');
      const expected = regexOnly.match(path);
      expect([path, route.match(path)]).toEqual([path, expected]);
      if (expected) matched++;
    }
    expect(matched).toBeGreaterThan(50);
  });
});
