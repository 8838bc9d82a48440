/**
 * Custom view and route predicates (addViewPredicate, addRoutePredicate) with Pyramid's
 * predicate objects, their weight against the built-ins, and Pyramid's order score.
 */
import { Configurator } from '../../framework/config';
import { Response } from '../../framework/response';
import { PredicateList, type PredicateInfo } from '../../framework/predicates';
import type { Request } from '../../framework/request';
import { makeApp, thrown } from './helpers';

class ContentTypePredicate {
  constructor(private readonly value: string, readonly info: PredicateInfo) {}
  text() {
    return `content_type = ${this.value}`;
  }
  __call__(_context: unknown, request: Request) {
    return request.contentType === this.value;
  }
}

test('a view predicate added by addViewPredicate is an addView option; the view needs it to hold', async () => {
  const { testapp } = makeApp((config) => {
    config.addViewPredicate('contentType', ContentTypePredicate);
    config.addRoute('upload', '/upload');
    config.addView(() => new Response('json'), { routeName: 'upload', contentType: 'application/json' } as any);
    config.addView(() => new Response('other'), { routeName: 'upload' });
  });
  expect((await testapp.post('/upload', '{}', { contentType: 'application/json' } as any)).text).toBe('json');
  expect((await testapp.post('/upload', { a: '1' })).text).toBe('other');
});

test('a route predicate sees the matchdict; a factory function works as a class does', async () => {
  const { testapp } = makeApp((config) => {
    config.addRoutePredicate('numeric', (names: string[]) => ({
      text: () => `numeric = ${names.join(',')}`,
      __call__: (info: { match: Record<string, string> }) => names.every((n) => /^\d+$/.test(info.match[n])),
    }));
    config.addRoute('byId', '/items/{id}', { numeric: ['id'] } as any);
    config.addRoute('byName', '/items/{name}');
    config.addView((request: Request) => new Response(`id ${request.matchdict.id}`), { routeName: 'byId' });
    config.addView((request: Request) => new Response(`name ${request.matchdict.name}`), { routeName: 'byName' });
  });
  expect((await testapp.get('/items/42')).text).toBe('id 42');
  expect((await testapp.get('/items/pen')).text).toBe('name pen');
});

test('a predicate factory that makes no predicate object is a configuration error naming the view', () => {
  const config = new Configurator();
  config.addViewPredicate('broken', () => ({}) as any);
  config.addRoute('r', '/');
  config.addView(() => new Response(''), { routeName: 'r', broken: 1 } as any);
  expect(thrown(() => config.commit()).message).toMatch(/must make an object with text\(\) and __call__\(context, request\) \(.*predicates\.test\.ts:\d+\)$/);
});

test("Pyramid's weights: the later in the list, the heavier; a user's predicate weighs more than every built-in", () => {
  const list = new PredicateList('view');
  list.add('contentType', ContentTypePredicate);
  const info = { registry: null as any, settings: {} };
  const order = (options: Record<string, unknown>) => list.make(options, info).order;
  expect(order({ xhr: true })).toBeGreaterThan(order({ requestMethod: 'GET' }));
  expect(order({ customPredicates: [() => true] })).toBeGreaterThan(order({ contentType: 'a/b' }));
  expect(order({ xhr: true, requestMethod: 'GET' })).toBeLessThan(order({ matchParam: 'a=b' }));
  expect(order({})).toBe(1 << 30);
  expect(list.names()).toContain('contentType');
  expect(list.names()).not.toContain('isAuthenticated');
});
