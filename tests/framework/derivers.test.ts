/**
 * View derivers: Pyramid's built-in chain, a user's deriver placed by under/over, the options
 * derivers declare, and the refusal of every other unknown option (naming the user's line).
 */
import { Registry } from '../../framework/registry';
import { Configurator, ConfigurationError } from '../../framework/config';
import { Response } from '../../framework/response';
import type { DerivedView } from '../../framework/views';
import type { ViewDeriver, ViewDeriverInfo } from '../../framework/derivers';
import { viewConfig } from '../../framework/decorators';
import { makeApp, here, thrown } from './helpers';

const hello = () => new Response('hello');

/** A deriver that wraps the body in `[name ...]`, so the response shows the chain's order. */
function tagging(name: string): ViewDeriver {
  const deriver: ViewDeriver = (view: DerivedView) => async (context, request) => {
    const response = await view(context, request);
    response.text = `[${name} ${response.text}]`;
    return response;
  };
  Object.defineProperty(deriver, 'name', { value: name });
  return deriver;
}

function makeOne(configure: (config: Configurator) => void) {
  return makeApp((config) => {
    config.addRoute('home', '/');
    configure(config);
  }).testapp;
}

test("Pyramid's chain, from the request's way in: secured_view, csrf_view, owrapped_view, http_cached_view, decorated_view, (user derivers), rendered_view, mapped_view", () => {
  const config = new Configurator();
  config.addViewDeriver(tagging('mine'));
  config.commit();
  // Pyramid's own order (`Configurator().registry.getUtility(IViewDerivers).sorted()`).
  expect(config.registry.viewDerivers.sorted().map((d) => d.name)).toEqual(['secured_view', 'csrf_view', 'owrapped_view', 'http_cached_view', 'decorated_view', 'mine', 'rendered_view', 'mapped_view']);
});

test('wrapper: the named view of no route wraps the response (request.wrappedBody), as Pyramid’s owrapped_view', async () => {
  const testapp = makeOne((config) => {
    config.addView(() => new Response('inner'), { routeName: 'home', wrapper: 'layout' });
    config.addView((request: any) => new Response(`<layout>${request.wrappedBody.toString()}</layout>`), { name: 'layout' });
    config.addRoute('bad', '/bad');
    config.addView(() => new Response('x'), { routeName: 'bad', wrapper: 'missing' });
  });
  expect((await testapp.get('/')).text).toBe('<layout>inner</layout>');
  const { withLog } = await import('./helpers');
  await withLog('pyramid.router', async (log) => {
    await testapp.get('/bad', { status: 500 });
    expect(log.records[0].message).toContain("No wrapper view named 'missing' found when executing view named ''");
  });
});

test('under/over place a deriver; the first in order wraps the others', async () => {
  const testapp = makeOne((config) => {
    config.addViewDeriver(tagging('inner'));
    config.addViewDeriver(tagging('outer'), { under: 'http_cached_view', over: 'decorated_view' });
    config.addViewDeriver(tagging('top'), { under: 'INGRESS', over: 'http_cached_view' });
    config.addView(hello, { routeName: 'home' });
  });
  expect((await testapp.get('/')).text).toBe('[top [outer [inner hello]]]');
});

test('a deriver sees the view options and the original view; it may use the options it declares', async () => {
  const seen: Array<Partial<ViewDeriverInfo>> = [];
  const timed: ViewDeriver = (view, info) => {
    seen.push({ description: info.description, exceptionOnly: info.exceptionOnly });
    if (!info.options.timed) return view;
    return (context, request) => {
      request.response.setHeader('X-Timed', 'yes');
      return view(context, request);
    };
  };
  timed.options = ['timed'];
  const testapp = makeOne((config) => {
    config.addViewDeriver(timed);
    config.addView(function home() {
      return { ok: true };
    }, { routeName: 'home', renderer: 'json', timed: true } as any);
  });
  const res = await testapp.get('/');
  expect(res.header('x-timed')).toBe('yes');
  expect(seen).toEqual([{ description: 'home', exceptionOnly: false }]);
});

test('reserved names and impossible places are refused, as Pyramid', () => {
  const config = new Configurator();
  expect(thrown(() => config.addViewDeriver(tagging('x'), { name: 'VIEW' })).message).toMatch(/^VIEW is a reserved view deriver name/);
  expect(thrown(() => config.addViewDeriver(tagging('x'), { over: 'INGRESS' })).message).toMatch(/^x cannot be over INGRESS/);
  expect(thrown(() => config.addViewDeriver(tagging('x'), { under: 'mapped_view' })).message).toMatch(/^x cannot be under "mapped_view"/);
});

test('httpCache sets Cache-Control and Expires as webob’s cache_expires', async () => {
  const testapp = makeOne((config) => {
    config.addRoute('none', '/none');
    config.addView(hello, { routeName: 'home', httpCache: [60, { public: true }] });
    config.addView(hello, { routeName: 'none', httpCache: 0 });
  });
  const res = await testapp.get('/');
  expect(res.header('cache-control')).toBe('max-age=60, public');
  expect(Date.parse(res.header('expires')!) - Date.now()).toBeGreaterThan(50_000);
  expect((await testapp.get('/none')).header('cache-control')).toBe('max-age=0, must-revalidate, no-cache, no-store');
});

describe('unknown options are refused at configuration time, naming the option and the line (issue 9.6)', () => {
  test('a misspelled view option, from a plain-JavaScript style call', () => {
    const config = new Configurator();
    config.addRoute('home', '/');
    const site = (config.addView(hello, { routeName: 'home', renderr: 'json' } as any), here());
    const error = thrown(() => config.commit());
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain(`View hello (${site}): unknown option 'renderr' (did you mean 'renderer'?)`);
  });

  test('permission is refused until a deriver declares it (on a bare registry, without security): a protected view is never served to everyone', () => {
    const config = new Configurator({ registry: new Registry() });
    config.addRoute('home', '/');
    const site = (config.addView(hello, { routeName: 'home', permission: 'edit' }), here());
    const error = thrown(() => config.makeWsgiApp());
    expect(error.message).toContain(`View hello (${site}): unknown option 'permission' (declared by the secured_view deriver every new Configurator() adds`);
  });

  test('once a deriver declares permission, it is accepted', async () => {
    const secured: ViewDeriver = (view, info) => (info.options.permission ? () => new Response('denied', { status: 403 }) : view);
    secured.options = ['permission'];
    const testapp = makeOne((config) => {
      config.addViewDeriver(secured, { name: 'secured_view', under: 'INGRESS', over: 'http_cached_view' });
      config.addView(hello, { routeName: 'home', permission: 'edit' });
    });
    await testapp.get('/', { status: 403 });
  });

  test('rootFactory on a view, factory on a view, and a misspelled decorator option name the decorator’s line', () => {
    class Views {
      constructor(readonly request: unknown) {}
      @viewConfig({ routeName: 'home', rootFactory: () => null } as any)
      home() {
        return new Response('x');
      }
    }
    const line = here();
    const config = new Configurator();
    config.addRoute('home', '/');
    config.scan({ Views });
    const error = thrown(() => config.commit());
    expect(error.message).toMatch(/^View Views\.home \(.*derivers\.test\.ts:(\d+)\): unknown option 'rootFactory'/);
    expect(Number(/:(\d+)\)/.exec(error.message)![1])).toBe(Number(line.split(':').pop()) - 5);
  });

  test('a route option and a Configurator option', () => {
    expect(thrown(() => new Configurator({ rootfactory: () => null } as any)).message).toMatch(/^new Configurator\(\) \(.*derivers\.test\.ts:\d+\): unknown option 'rootfactory' \(did you mean 'rootFactory'\?\)/);
    const config = new Configurator();
    config.addRoute('home', '/', { requestMethd: 'GET' } as any);
    expect(thrown(() => config.commit()).message).toMatch(/^Route 'home' \(.*derivers\.test\.ts:\d+\): unknown option 'requestMethd' \(did you mean 'requestMethod'\?\)/);
  });

  test('include() and scan() options too', () => {
    expect(thrown(() => new Configurator().include(() => {}, { route_prefix: '/x' } as any)).message).toMatch(/^include\(\) \(.*derivers\.test\.ts:\d+\): unknown option 'route_prefix' \(did you mean 'routePrefix'\?\)/);
    expect(thrown(() => new Configurator().scan({}, { ignores: [] } as any)).message).toMatch(/^scan\(\) \(.*derivers\.test\.ts:\d+\): unknown option 'ignores' \(did you mean 'ignore'\?\)/);
  });

  test('with autocommit (testing.setUp), at once', () => {
    const config = new Configurator({ autocommit: true });
    config.addRoute('home', '/');
    expect(thrown(() => config.addView(hello, { routeName: 'home', permision: 'x' } as any)).message).toMatch(/unknown option 'permision' \(did you mean 'permission'\?\)/);
  });
});

describe('what rendered_view does with a value', () => {
  test('addResponseAdapter turns a view’s value of a class into a Response, subclasses too', async () => {
    class Money {
      constructor(readonly cents: number) {}
    }
    class Euros extends Money {}
    const testapp = makeOne((config) => {
      config.addResponseAdapter((m: Money) => new Response(`${(m.cents / 100).toFixed(2)}`), Money);
      config.addResponseAdapter((s: string) => new Response(`text: ${s}`), String);
      config.addRoute('euros', '/euros');
      config.addView(() => new Euros(250), { routeName: 'home' });
      config.addView(() => 'hi', { routeName: 'euros' });
    });
    expect((await testapp.get('/')).text).toBe('2.50');
    expect((await testapp.get('/euros')).text).toBe('text: hi');
  });

  test('request.overrideRenderer renders with another renderer for this request', async () => {
    const testapp = makeOne((config) => {
      config.addView((request: any) => {
        if (request.params.get('as') === 'string') request.overrideRenderer = 'string';
        return { a: 1 };
      }, { routeName: 'home', renderer: 'json' });
    });
    expect((await testapp.get('/')).text).toBe('{"a": 1}');
    expect((await testapp.get('/?as=string')).text).toBe('[object Object]');
  });

  test('addRenderer registers a renderer for a new extension', async () => {
    const testapp = makeOne((config) => {
      config.addRenderer('.upper', (info) => (value) => `${info.name}: ${String((value as { text: string }).text).toUpperCase()}`);
      config.addView(() => ({ text: 'shout' }), { routeName: 'home', renderer: 'page.upper' });
    });
    expect((await testapp.get('/')).text).toBe('page.upper: SHOUT');
  });
});
