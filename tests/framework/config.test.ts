/**
 * The Configurator: settings, routes, views and their predicates, the not-found, forbidden and
 * exception views, include, scan, conflicts and configuration after a commit. Each
 * directive is checked through the app it builds, driven in-process with TestApp.
 */
import * as nodePath from 'node:path';
import { Configurator, ConfigurationError, ConfigurationConflictError } from '../../framework/config';
import { Response } from '../../framework/response';
import { HTTPForbidden, HTTPNotFound } from '../../framework/httpexceptions';
import { TestApp } from '../../framework/testing';
import type { Request } from '../../framework/request';
import { makeApp, here, thrown, captureLog } from './helpers';
import * as scanapp from '../fixtures/scanapp';
import * as includesModule from '../fixtures/scanapp/includes';

/** A Configurator with no settings; `configure` adds directives; returns the committed app's TestApp. */
function makeOne(configure: (config: Configurator) => void, settings = {}): TestApp {
  return makeApp(configure, settings).testapp;
}

const text = (body: string) => () => new Response(body);

describe('settings', () => {
  test('are the ones given, with Pyramid’s booleans parsed under both names', () => {
    const config = new Configurator({ settings: { 'pyramid.reload_templates': 'true', 'tutorial.secret': '98zd' } });
    expect(config.getSettings()['tutorial.secret']).toBe('98zd');
    expect(config.getSettings()['pyramid.reload_templates']).toBe(true);
    expect(config.getSettings().reload_templates).toBe(true);
    expect(config.getSettings()['pyramid.debug_notfound']).toBe(false);
    config.addSettings({ extra: 1 });
    expect(config.registry.settings.extra).toBe(1);
  });

  test('two Configurators never share a registry', () => {
    const a = new Configurator({ settings: { x: 'a' } });
    const b = new Configurator({ settings: { x: 'b' } });
    expect(a.registry).not.toBe(b.registry);
    expect(a.getSettings().x).toBe('a');
  });
});

describe('addRoute and addView', () => {
  test('a function view gets the request; a route with no request method accepts GET, HEAD, POST and PUT', async () => {
    const testapp = makeOne((config) => {
      config.addRoute('plain', '/plain');
      config.addView((request: Request) => new Response({ contentType: 'text/plain', body: `${request.method} ${request.params.get('name', 'No Name Provided')}` }), { routeName: 'plain' });
    });
    expect((await testapp.get('/plain')).text).toBe('GET No Name Provided');
    expect((await testapp.get('/plain?name=Jane%20Doe')).text).toBe('GET Jane Doe');
    expect((await testapp.post('/plain', { name: 'Bob' })).text).toBe('POST Bob');
    expect((await testapp.put('/plain', {})).text).toBe('PUT No Name Provided');
    expect((await testapp.head('/plain')).text).toBe('');
  });

  test('a class view is made once per request with the request, and attr names the method', async () => {
    const made: unknown[] = [];
    class Views {
      constructor(readonly request: Request) {
        made.push(request);
      }
      home() {
        return new Response(`home ${this.request.matchdict.first}`);
      }
    }
    const testapp = makeOne((config) => {
      config.addRoute('home', '/howdy/{first}');
      config.addView(Views, { routeName: 'home', attr: 'home' });
    });
    expect((await testapp.get('/howdy/jane')).text).toBe('home jane');
    await testapp.get('/howdy/amy');
    expect(made).toHaveLength(2);
    expect(made[0]).not.toBe(made[1]);
  });

  test('a dict from a view with the json renderer is Python-spaced JSON, application/json', async () => {
    const res = await makeOne((config) => {
      config.addRoute('hello_json', '/howdy.json');
      config.addView(() => ({ name: 'Hello View' }), { routeName: 'hello_json', renderer: 'json' });
    }).get('/howdy.json');
    expect(res.text).toBe('{"name": "Hello View"}');
    expect(res.header('content-type')).toBe('application/json');
  });

  test('routePrefix-free URLs: unmatched paths and partial matches are 404', async () => {
    const testapp = makeOne((config) => {
      config.addRoute('hello', '/howdy/{first}/{last}');
      config.addView(text('hi'), { routeName: 'hello' });
    });
    await testapp.get('/howdy', { status: 404 });
    await testapp.get('/howdy/a/b/c', { status: 404 });
  });

  test('a class view needs attr', () => {
    class NoAttr {}
    const config = new Configurator();
    config.addRoute('r', '/');
    config.addView(NoAttr, { routeName: 'r' });
    expect(thrown(() => config.makeWsgiApp()).message).toMatch(/^View class NoAttr needs attr: the name of the method to call \(.*config\.test\.ts:\d+\)$/);
  });

  test('an unknown renderer is a configuration error that says how to add templates', () => {
    const config = new Configurator();
    config.addRoute('r', '/');
    config.addView(text('x'), { routeName: 'r', renderer: 'home.pt' });
    const error = thrown(() => config.makeWsgiApp());
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain("No renderer for 'home.pt'. Known renderers: json, string. Templates need an add-on: config.include('pyramid_chameleon')");
  });
});

describe('view predicates', () => {
  /** The tutorial's step 15: hello, edit (POST), delete (POST + form.delete) on one route. */
  function step15() {
    return makeOne((config) => {
      config.addRoute('hello', '/howdy/{first}/{last}');
      config.addView(text('hello'), { routeName: 'hello' });
      config.addView((request: Request) => new Response(`edit ${request.params.get('new_name')}`), { routeName: 'hello', requestMethod: 'POST' });
      config.addView(text('delete'), { routeName: 'hello', requestMethod: 'POST', requestParam: 'form.delete' });
    });
  }

  test('the view with more predicates is tried first: POST with form.delete picks delete over edit', async () => {
    const testapp = step15();
    expect((await testapp.post('/howdy/jane/doe', { new_name: 'Bob', 'form.edit': 'Save' })).text).toBe('edit Bob');
    expect((await testapp.post('/howdy/jane/doe', { new_name: 'Bob', 'form.delete': 'Delete' })).text).toBe('delete');
  });

  test('GET ?form.delete=Delete and PUT give hello (delete needs POST)', async () => {
    const testapp = step15();
    expect((await testapp.get('/howdy/jane/doe?form.delete=Delete')).text).toBe('hello');
    expect((await testapp.put('/howdy/jane/doe', {})).text).toBe('hello');
  });

  test('requestMethod GET also answers HEAD; other methods find no view (404, as Pyramid’s predicate mismatch)', async () => {
    const testapp = makeOne((config) => {
      config.addRoute('r', '/');
      config.addView(text('get'), { routeName: 'r', requestMethod: 'GET' });
    });
    expect((await testapp.head('/')).statusCode).toBe(200);
    await testapp.post('/', {}, { status: 404 });
  });

  test.each<[string, object, Record<string, string>, string, boolean]>([
    ['requestParam present', { requestParam: 'q' }, {}, '/r?q=', true],
    ['requestParam missing', { requestParam: 'q' }, {}, '/r', false],
    ['requestParam value', { requestParam: 'q=1' }, {}, '/r?q=1', true],
    ['requestParam other value', { requestParam: 'q=1' }, {}, '/r?q=2', false],
    ['matchParam', { matchParam: 'kind=a' }, {}, '/a', true],
    ['matchParam other', { matchParam: 'kind=a' }, {}, '/b', false],
    ['header present', { header: 'X-Token' }, { 'X-Token': 'x' }, '/r', true],
    ['header missing', { header: 'X-Token' }, {}, '/r', false],
    ['header regex', { header: 'X-Token:^ab+$' }, { 'X-Token': 'abb' }, '/r', true],
    ['header regex fails', { header: 'X-Token:^ab+$' }, { 'X-Token': 'ba' }, '/r', false],
    ['accept', { accept: 'application/json' }, { Accept: 'application/json' }, '/r', true],
    ['accept wildcard', { accept: 'application/json' }, { Accept: 'application/*' }, '/r', true],
    ['accept other', { accept: 'application/json' }, { Accept: 'text/html' }, '/r', false],
    ['accept q=0', { accept: 'application/json' }, { Accept: 'application/json;q=0' }, '/r', false],
    ['xhr', { xhr: true }, { 'X-Requested-With': 'XMLHttpRequest' }, '/r', true],
    ['xhr missing', { xhr: true }, {}, '/r', false],
  ])('%s', async (_name, predicate, headers, url, matches) => {
    const testapp = makeOne((config) => {
      config.addRoute('r', '/{kind}');
      config.addView(text('matched'), { routeName: 'r', ...predicate });
    });
    const res = await testapp.get(url, { headers, status: matches ? 200 : 404 });
    if (matches) expect(res.text).toBe('matched');
  });
});

describe('not-found, forbidden and exception views', () => {
  test('addNotFoundView answers unmatched URLs, with the HTTPNotFound as context', async () => {
    const res = await makeOne((config) => {
      config.addNotFoundView((context: HTTPNotFound, request: Request) => new Response({ status: 404, body: `custom: ${request.pathInfo} (${context.status})` }));
    }).get('/nope', { status: 404 });
    expect(res.text).toBe('custom: /nope (404 Not Found)');
  });

  test('without one, the 404 page is Pyramid’s', async () => {
    const res = await makeOne(() => {}).get('/nope', { status: 404 });
    expect(res.text).toBe('404 Not Found\n\nThe resource could not be found.\n\n\n/nope\n\n');
    expect(res.header('content-type')).toBe('text/plain; charset=UTF-8');
  });

  test('addForbiddenView answers a thrown HTTPForbidden (200 if it says so, as the tutorial’s login page)', async () => {
    const res = await makeOne((config) => {
      config.addRoute('secret', '/secret');
      config.addView(() => {
        throw new HTTPForbidden();
      }, { routeName: 'secret' });
      config.addForbiddenView(text('please log in'));
    }).get('/secret');
    expect(res.statusCode).toBe(200);
    expect(res.text).toBe('please log in');
  });

  test('addExceptionView picks the view for the error’s class, nearest first; a two-argument view gets the error as context', async () => {
    class AppError extends Error {}
    class NotAllowed extends AppError {}
    const testapp = makeOne((config) => {
      config.addRoute('a', '/a');
      config.addRoute('b', '/b');
      config.addView(() => {
        throw new NotAllowed('nope');
      }, { routeName: 'a' });
      config.addView(() => {
        throw new AppError('broken');
      }, { routeName: 'b' });
      config.addExceptionView((error: Error, request: Request) => new Response({ status: 403, body: `not allowed: ${error.message} ${request.exception === error}` }), { context: NotAllowed });
      // One argument: the view gets the request, as in Pyramid, and finds the error on it.
      config.addExceptionView((request: Request) => new Response({ status: 500, body: `app error: ${(request.exception as Error).message}` }), { context: AppError });
    });
    expect((await testapp.get('/a', { status: 403 })).text).toBe('not allowed: nope true');
    expect((await testapp.get('/b', { status: 500 })).text).toBe('app error: broken');
  });
});

describe('include', () => {
  beforeEach(() => {
    includesModule.calls.length = 0;
  });

  test('a function gets a Configurator on the same registry', async () => {
    const res = await makeOne((config) => {
      config.include((child: Configurator) => {
        expect(child.registry).toBe(config.registry);
        child.addRoute('x', '/x');
        child.addView(text('from include'), { routeName: 'x' });
      });
    }).get('/x');
    expect(res.text).toBe('from include');
  });

  test('a module name (relative to the caller) whose module has includeme, a module object, and the pyramid.includes setting', async () => {
    for (const configure of [
      (config: Configurator) => config.include('../fixtures/scanapp/includes'),
      (config: Configurator) => config.include(includesModule),
    ]) {
      expect((await makeOne(configure).get('/included')).text).toBe('included');
    }
    // pyramid.includes names modules as Pyramid does: dotted, from the project root.
    expect((await makeOne(() => {}, { 'pyramid.includes': '\n  tests.fixtures.scanapp.includes\n' }).get('/included')).text).toBe('included');
  });

  test('including one module twice in the same way runs it once', () => {
    makeOne((config) => {
      config.include('../fixtures/scanapp/includes');
      config.include('../fixtures/scanapp/includes');
    });
    makeOne((config) => {
      config.include(includesModule);
      config.include(includesModule);
    });
    expect(includesModule.calls).toHaveLength(2);
  });

  test('including one module by name and as an object runs it once, as Pyramid', () => {
    makeOne((config) => {
      config.include(includesModule);
      config.include('../fixtures/scanapp/includes');
    });
    expect(includesModule.calls).toHaveLength(1);
  });

  test('routePrefix puts the included routes under a prefix, nested includes under both', async () => {
    const testapp = makeOne((config) => {
      config.include(
        (api: Configurator) => {
          api.addRoute('users', '/users');
          api.addView(text('users'), { routeName: 'users' });
          api.include(
            (v1: Configurator) => {
              v1.addRoute('v1root', '/');
              v1.addView(text('v1'), { routeName: 'v1root' });
            },
            { routePrefix: 'v1' },
          );
        },
        { routePrefix: '/api/' },
      );
    });
    expect((await testapp.get('/api/users')).text).toBe('users');
    // Pyramid's rule: prefix + '/' + pattern, so the included '/' is '/api/v1/'.
    expect((await testapp.get('/api/v1/')).text).toBe('v1');
    await testapp.get('/users', { status: 404 });
  });

  test("under a prefix, '' and '/' are both the prefix with a slash; inheritSlash gives the prefix itself, as Pyramid", async () => {
    const testapp = makeOne((config) => {
      config.include(
        (users: Configurator) => {
          users.addRoute('index', '');
          users.addView(text('index'), { routeName: 'index' });
          users.addRoute('bare', '', { inheritSlash: true });
          users.addView(text('bare'), { routeName: 'bare' });
        },
        { routePrefix: '/users' },
      );
    });
    expect((await testapp.get('/users/')).text).toBe('index');
    expect((await testapp.get('/users')).text).toBe('bare');
  });

  test('a module without includeme, or a name that does not resolve, is a clear error', () => {
    expect(thrown(() => new Configurator().include('../fixtures/scanapp/views')).message).toMatch(/^include\('..\/fixtures\/scanapp\/views'\) \(.*config\.test\.ts:\d+\): the module has no includeme\(config\) function$/);
    expect(thrown(() => new Configurator().include('.nothing_here')).message).toMatch(/^include\('.nothing_here'\) \(.*config\.test\.ts:\d+\): Cannot find module '.nothing_here'/);
  });
});

describe('scan', () => {
  test("scan('.views') resolves against the calling module, as the tutorial’s step 07", async () => {
    const testapp = new TestApp(scanapp.main());
    expect((await testapp.get('/')).text).toContain('<body>Visit');
    expect((await testapp.get('/howdy')).text).toBe('<h1>Hi Hello View</h1>\n');
  });

  test('@viewDefaults gives the class’s options; a @viewConfig option of the same name wins; stacked decorators register twice', async () => {
    const testapp = new TestApp(scanapp.main());
    const json = await testapp.get('/howdy.json');
    expect(json.text).toBe('{"name": "Hello JSON"}');
    const post = await testapp.post('/howdy', {});
    expect(post.text).toBe('[object Object]');
    expect(post.header('content-type')).toBe('text/plain; charset=UTF-8');
  });

  test('a @notFoundViewConfig view is registered by scan', async () => {
    const res = await new TestApp(scanapp.main()).get('/nope', { status: 404 });
    expect(res.text).toBe('Nothing at /nope');
  });

  test('scanning the same module twice (by name and as an object) registers each view once: no conflict', async () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      expect((await new TestApp(scanapp.mainScanTwice()).get('/')).text).toContain('Visit');
    } finally {
      warn.mockRestore();
    }
  });

  test('scanning a module a second time does not warn that it has no views', () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      scanapp.mainScanTwice();
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  test('venusian’s rule: a re-exported view is registered only from the module that defines it', async () => {
    const testapp = new TestApp(scanapp.mainReexport());
    expect((await testapp.get('/extra')).text).toBe('extra');
    await testapp.get('/', { status: 404 });
  });

  test('scan() with no argument scans every module of the caller’s package, subdirectories too', async () => {
    const testapp = new TestApp(scanapp.mainWholePackage());
    expect((await testapp.get('/deep')).text).toBe('deep');
    expect((await testapp.get('/extra')).text).toBe('extra');
    expect((await testapp.get('/')).text).toContain('Visit');
  });

  test('two Configurators in one process never see each other’s views', async () => {
    const scanned = new TestApp(scanapp.main());
    const other = makeOne((config) => {
      config.addRoute('home', '/');
      config.addRoute('hello', '/howdy');
    });
    await other.get('/', { status: 404 });
    await scanned.get('/', { status: 200 });
    // And a second scanning app gets its own registrations, not "already scanned".
    await new TestApp(scanapp.main()).get('/', { status: 200 });
  });

  test('a module with no decorated views is worth a warning', () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      new Configurator().scan('../fixtures/scanapp/includes');
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^scan\(\) found no views in .*includes\.ts \(.*config\.test\.ts:\d+\)/), 'PyramidScanWarning');
    } finally {
      warn.mockRestore();
    }
  });
});

describe('commit: conflicts, unknown routes, and configuration after a commit', () => {
  test('two views for one route with the same predicates conflict, and the error prints both file:line', () => {
    const config = new Configurator();
    config.addRoute('home', '/');
    const first = (config.addView(text('a'), { routeName: 'home' }), here());
    const second = (config.addView(text('b'), { routeName: 'home' }), here());
    const error = thrown(() => config.makeWsgiApp());
    expect(error).toBeInstanceOf(ConfigurationConflictError);
    expect(error.message).toBe(`Conflicting configuration actions\n  For: ("view", null, "", "home", "view")\n    ${first}\n    ${second}`);
  });

  test('two routes of one name conflict', () => {
    const config = new Configurator();
    const first = (config.addRoute('home', '/'), here());
    const second = (config.addRoute('home', '/home'), here());
    expect(thrown(() => config.commit()).message).toBe(`Conflicting configuration actions\n  For: ("route", "home")\n    ${first}\n    ${second}`);
  });

  test('views that differ in a predicate do not conflict', () => {
    const config = new Configurator();
    config.addRoute('home', '/');
    config.addView(text('a'), { routeName: 'home' });
    config.addView(text('b'), { routeName: 'home', requestMethod: 'POST' });
    expect(() => config.commit()).not.toThrow();
  });

  test('a directive in the including configuration overrides the same one in an include, without conflict', async () => {
    const testapp = makeOne((config) => {
      config.addRoute('home', '/');
      config.addView(text('root wins'), { routeName: 'home' });
      config.include((child: Configurator) => child.addView(text('include loses'), { routeName: 'home' }));
    });
    expect((await testapp.get('/')).text).toBe('root wins');
  });

  test('a view for a route that does not exist names the route, the view’s line and the known routes', () => {
    const config = new Configurator();
    config.addRoute('home', '/');
    config.addRoute('hello', '/howdy');
    const site = (config.addView(function hello() {}, { routeName: 'helo' }), here());
    expect(thrown(() => config.makeWsgiApp()).message).toBe(`No route named 'helo' found for view hello (${site}). Known routes: home, hello.`);
  });

  test('as Pyramid, directives after a commit wait for the next one; an app made before shares the registry', async () => {
    const config = new Configurator();
    config.addRoute('home', '/');
    config.addView(text('first'), { routeName: 'home' });
    const before = config.makeWsgiApp();
    config.addRoute('late', '/late');
    config.addView(text('late'), { routeName: 'late' });
    // The same discriminator as an earlier commit's: no conflict, the later one replaces it.
    config.addView(text('second'), { routeName: 'home' });
    const after = config.makeWsgiApp();
    expect(after).not.toBe(before);
    expect((await new TestApp(after).get('/late')).text).toBe('late');
    expect((await new TestApp(after).get('/')).text).toBe('second');
    expect((await new TestApp(before).get('/late')).text).toBe('late');
  });

  test('makeWsgiApp twice gives the same app', () => {
    const config = new Configurator();
    expect(config.makeWsgiApp()).toBe(config.makeWsgiApp());
  });

  test('the package directory defaults to the calling module’s', () => {
    expect(new Configurator().packageDir).toBe(__dirname);
    expect(nodePath.basename(new Configurator().packageDir)).toBe('framework');
  });
});

describe('views that return no response', () => {
  test('a view returning a dict without a renderer is a 500, and the log says what was returned', async () => {
    const log = captureLog('pyramid.router');
    try {
      await makeOne((config) => {
        config.addRoute('r', '/');
        config.addView(function noRenderer() {
          return { name: 'x' };
        }, { routeName: 'r' });
      }).get('/', { status: 500 });
      expect(String(log.records[0].error)).toContain("Could not convert return value of the view callable noRenderer into a response object. The value returned was { name: 'x' }.");
    } finally {
      log.stop();
    }
  });
});

describe('telling registrations apart', () => {
  test('two @viewConfig on one line are two registrations', async () => {
    const testapp = makeOne((config) => {
      config.addRoute('a', '/a');
      config.addRoute('b', '/b');
      config.scan('../fixtures/oneline/views');
    });
    expect((await testapp.get('/a')).text).toBe('both');
    expect((await testapp.get('/b')).text).toBe('both');
  });

  test('two views of one route with different anonymous custom predicates do not conflict', async () => {
    const testapp = makeOne((config) => {
      config.addRoute('r', '/');
      config.addView(text('even'), { routeName: 'r', customPredicates: [(_c, r) => r.params.get('n') === '2'] });
      config.addView(text('odd'), { routeName: 'r', customPredicates: [(_c, r) => r.params.get('n') === '1'] });
    });
    expect((await testapp.get('/?n=2')).text).toBe('even');
    expect((await testapp.get('/?n=1')).text).toBe('odd');
  });

  test('two error classes of one name are two exception-view contexts', async () => {
    const First = class Oops extends Error {};
    const Second = class Oops extends Error {};
    const testapp = makeOne((config) => {
      config.addRoute('first', '/first');
      config.addView(() => { throw new First(); }, { routeName: 'first' });
      config.addRoute('second', '/second');
      config.addView(() => { throw new Second(); }, { routeName: 'second' });
      config.addExceptionView(text('first handled'), { context: First });
      config.addExceptionView(text('second handled'), { context: Second });
    });
    expect((await testapp.get('/first')).text).toBe('first handled');
    expect((await testapp.get('/second')).text).toBe('second handled');
  });

  test('a commit that failed fails again with the same error, rather than serving half a configuration', () => {
    const config = new Configurator();
    config.addRoute('home', '/');
    config.addView(text('x'), { routeName: 'hom' });
    const first = thrown(() => config.makeWsgiApp());
    expect(first).toBeInstanceOf(ConfigurationError);
    expect(thrown(() => config.makeWsgiApp())).toBe(first);
  });
});

describe('addNotFoundView with appendSlash', () => {
  test('a path that matches a route once slashed is redirected there, query kept; others get the view', async () => {
    const testapp = makeOne((config) => {
      config.addRoute('docs', '/docs/');
      config.addView(text('docs'), { routeName: 'docs' });
      config.addNotFoundView(text('nothing here'), { appendSlash: true });
    });
    const res = await testapp.get('/docs?page=2', { status: 302 });
    expect(res.location).toBe('http://localhost/docs/?page=2');
    expect((await testapp.get('/nope', { status: '*' })).text).toBe('nothing here');
  });
});

describe('mistakes in a directive’s own arguments', () => {
  test('a bad route pattern or predicate is a ConfigurationError naming the line', () => {
    const pattern = thrown(() => new Configurator().addRoute('bad', '/{id:[}'));
    expect(pattern).toBeInstanceOf(ConfigurationError);
    expect(pattern.message).toMatch(/^Route 'bad': pattern .* is not a valid regular expression: .* \(.*config\.test\.ts:\d+\)$/);
    const predicate = thrown(() => new Configurator().addView(text('x'), { routeName: 'r', matchParam: 'nokey' }));
    expect(predicate).toBeInstanceOf(ConfigurationError);
    expect(predicate.message).toMatch(/^matchParam "nokey" must be 'key=value' \(.*config\.test\.ts:\d+\)$/);
  });
});

describe('@notFoundViewConfig with appendSlash', () => {
  test('scan gives it the same redirect as addNotFoundView', async () => {
    const { notFoundViewConfig } = await import('../../framework/decorators');
    const notFound = notFoundViewConfig({ appendSlash: true })(function notFound() {
      return new Response('nothing here', { status: 404 });
    });
    const testapp = makeOne((config) => {
      config.addRoute('docs', '/docs/');
      config.addView(text('docs'), { routeName: 'docs' });
      config.scan({ notFound });
    });
    expect((await testapp.get('/docs', { status: 302 })).location).toBe('http://localhost/docs/');
    expect((await testapp.get('/nope', { status: 404 })).text).toBe('nothing here');
  });
});
