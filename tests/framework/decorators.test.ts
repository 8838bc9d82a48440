/**
 * `@viewConfig` and `@viewDefaults` only record: options and the decorator's own file:line on
 * the decorated object itself, nothing registered until a scan.
 */
import { viewConfig, viewDefaults, viewConfigRecords, viewDefaultsOf, notFoundViewConfig, forbiddenViewConfig, exceptionViewConfig } from '../../framework/decorators';
import { Configurator } from '../../framework/config';
import { here } from './helpers';

/** A decorated class as the tutorial writes one: defaults, one view, and two stacked. */
function makeOne() {
  @viewDefaults({ renderer: 'home.pt' })
  class Views {
    @viewConfig({ routeName: 'home' })
    home() {
      return {};
    }

    @viewConfig({ routeName: 'hello_json', renderer: 'json' })
    @viewConfig({ routeName: 'hello' })
    hello() {
      return {};
    }
  }
  return { Views };
}

test('a method decorator records on the class, naming the method and the decorator’s line', () => {
  const { Views } = makeOne();
  const records = viewConfigRecords(Views);
  expect(records.map((r) => [r.kind, r.attr, r.options])).toEqual([
    ['view', 'home', { routeName: 'home' }],
    ['view', 'hello', { routeName: 'hello' }],
    ['view', 'hello', { routeName: 'hello_json', renderer: 'json' }],
  ]);
  expect(String(records[0].site)).toMatch(/decorators\.test\.ts:\d+$/);
  expect(records[1].site!.line).toBeGreaterThan(records[0].site!.line);
});

test('@viewDefaults stores one object, read by viewDefaultsOf', () => {
  expect(viewDefaultsOf(makeOne().Views)).toEqual({ renderer: 'home.pt' });
  expect(viewDefaultsOf(class Plain {})).toEqual({});
});

test('records are the class’s own: a subclass does not inherit its base’s', () => {
  const { Views } = makeOne();
  class Sub extends Views {}
  expect(viewConfigRecords(Sub)).toEqual([]);
  expect(viewDefaultsOf(Sub)).toEqual({});
});

test('on a function, the decorator returns the function, recorded', () => {
  const line = here();
  const hello = viewConfig({ routeName: 'hello' })(function hello() {
    return {};
  });
  expect(hello.name).toBe('hello');
  const [record] = viewConfigRecords(hello);
  expect(record.kind).toBe('view');
  expect(record.attr).toBeUndefined();
  expect(`${record.site!.file}:${record.site!.line - 1}`).toBe(line);
});

test('the not-found, forbidden and exception decorators record their kind', () => {
  const kinds = [notFoundViewConfig(), forbiddenViewConfig(), exceptionViewConfig({ context: TypeError })].map((d) => viewConfigRecords(d(() => null))[0].kind);
  expect(kinds).toEqual(['notfound', 'forbidden', 'exception']);
});

test('decorating registers nothing: a Configurator that does not scan has no views', () => {
  makeOne();
  const config = new Configurator();
  config.addRoute('home', '/');
  config.makeWsgiApp();
  expect(config.registry.views.size).toBe(0);
});
