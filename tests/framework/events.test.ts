/**
 * Events: the router's NewRequest, BeforeTraversal, ContextFound and NewResponse in that order,
 * BeforeRender changing a renderer's system values, ApplicationCreated, `registry.notify`,
 * subscriber predicates, `@subscriber` found by scan, and multi-object subscriptions
 * (`addSubscriber(fn, [EventClass, ObjectClass])` heard by `registry.notify(event, object)`).
 */
import { Configurator, ConfigurationError } from '../../framework/config';
import { Response } from '../../framework/response';
import { NewRequest, BeforeTraversal, ContextFound, NewResponse, BeforeRender, ApplicationCreated } from '../../framework/events';
import { subscriber } from '../../framework/decorators';
import { makeApp, writeTree, thrown, withLog } from './helpers';
import * as nodePath from 'node:path';

test('the router announces NewRequest, BeforeTraversal, ContextFound, then NewResponse after the response callbacks', async () => {
  const seen: string[] = [];
  const { testapp } = makeApp((config) => {
    config.addRoute('home', '/{name}');
    config.addView((request: any) => {
      seen.push('view');
      request.addResponseCallback(() => seen.push('response callback'));
      return new Response('hi');
    }, { routeName: 'home' });
    config.addSubscriber((e: NewRequest) => seen.push(`NewRequest ${e.request.matchedRoute === null}`), NewRequest);
    config.addSubscriber((e: BeforeTraversal) => seen.push(`BeforeTraversal ${e.request.matchdict.name}`), BeforeTraversal);
    config.addSubscriber((e: ContextFound) => seen.push(`ContextFound ${e.request.context === e.request.root}`), ContextFound);
    config.addSubscriber((e: NewResponse) => {
      seen.push(`NewResponse ${e.response.text}`);
      e.response.setHeader('X-Seen', 'yes');
    }, NewResponse);
  });
  const res = await testapp.get('/x');
  expect(res.header('x-seen')).toBe('yes');
  expect(seen).toEqual(['NewRequest true', 'BeforeTraversal x', 'ContextFound true', 'view', 'response callback', 'NewResponse hi']);
});

test('a BeforeRender subscriber adds renderer globals and may change system values', async () => {
  const dir = writeTree({ 'page.jinja2': '{{ site_name }}: {{ title }} ({{ renderer_name }})' });
  const { testapp } = makeApp((config) => {
    config.include('pyramid_jinja2');
    config.addRoute('home', '/');
    config.addView(() => ({ title: 'Home' }), { routeName: 'home', renderer: nodePath.join(dir, 'page.jinja2') });
    config.addSubscriber((event: BeforeRender) => {
      event.site_name = 'Wiki';
      event.renderer_name = 'changed';
      expect(event.renderingVal).toEqual({ title: 'Home' });
    }, BeforeRender);
  });
  expect((await testapp.get('/')).text).toBe('Wiki: Home (changed)');
});

test('ApplicationCreated is announced once per app made; registry.notify calls subscribers of any event class', () => {
  const config = new Configurator();
  const created: unknown[] = [];
  config.addSubscriber((e: ApplicationCreated) => created.push(e.app), ApplicationCreated);
  class Custom {}
  const custom: unknown[] = [];
  config.addSubscriber((e) => custom.push(e), Custom);
  const app = config.makeWsgiApp();
  config.makeWsgiApp();
  expect(created).toEqual([app]);
  const event = new Custom();
  config.registry.notify(event);
  config.registry.notify(new NewRequest(null as any));
  expect(custom).toEqual([event]);
});

test('subscriber predicates (addSubscriberPredicate) filter events; an unknown one is an error naming the line', () => {
  class RequestPathPredicate {
    constructor(private readonly path: string) {}
    text() {
      return `request_path = ${this.path}`;
    }
    __call__(event: NewRequest) {
      return event.request.path === this.path;
    }
  }
  const config = new Configurator();
  config.addSubscriberPredicate('requestPath', RequestPathPredicate);
  const seen: string[] = [];
  config.addSubscriber((e: NewRequest) => seen.push(e.request.path), NewRequest, { requestPath: '/admin' });
  config.commit();
  config.registry.notify(new NewRequest({ path: '/' } as any));
  config.registry.notify(new NewRequest({ path: '/admin' } as any));
  expect(seen).toEqual(['/admin']);
  const other = new Configurator();
  other.addSubscriber(() => {}, NewRequest, { requestPat: '/x' });
  const error = thrown(() => other.commit());
  expect(error).toBeInstanceOf(ConfigurationError);
  expect(error.message).toMatch(/^addSubscriber\(\) \(.*events\.test\.ts:\d+\): unknown option 'requestPat'/);
});

test('@subscriber records; scan registers it, once, for each event class given', () => {
  const seen: string[] = [];
  const onRequest = subscriber(NewRequest, NewResponse)(function onRequest(event: object) {
    seen.push(event.constructor.name);
  });
  class Handlers {
    @subscriber(ApplicationCreated)
    static created() {
      seen.push('created');
    }
  }
  const config = new Configurator();
  config.scan({ onRequest, Handlers });
  config.scan({ onRequest, Handlers });
  config.makeWsgiApp();
  config.registry.notify(new NewRequest(null as any));
  config.registry.notify(new NewResponse(null as any, null as any));
  expect(seen).toEqual(['created', 'NewRequest', 'NewResponse']);
});

test('a class is matched by its prototype, as instanceof: even when its constructor property names another', () => {
  // An ES5-style class whose prototype object was replaced: its instances' `constructor` is Object.
  function Legacy() {}
  Legacy.prototype = { kind: 'legacy' };
  const config = new Configurator();
  const seen: string[] = [];
  config.addSubscriber((e: { kind?: string }) => seen.push(e.kind ?? 'plain'), Legacy);
  config.commit();
  config.registry.notify({});
  config.registry.notify(new (Legacy as any)());
  expect(seen).toEqual(['legacy']);
});

test('an async subscriber that fails is logged, never an unhandled rejection', async () => {
  const config = new Configurator();
  config.addSubscriber(async function failing() {
    throw new Error('later');
  }, NewRequest);
  config.commit();
  await withLog('pyramid.events', async (log) => {
    config.registry.notify(new NewRequest(null as any));
    await new Promise((resolve) => setImmediate(resolve));
    expect(log.records.map((r) => r.message)).toEqual(['Async subscriber failing for NewRequest failed: later']);
  });
});

describe('multi-object subscriptions, as zope\'s subscribers((event, object))', () => {
  class ObjectModified {
    constructor(readonly what: string) {}
  }
  class Page {
    constructor(readonly title: string) {}
  }
  class WikiPage extends Page {}

  test('an array of classes subscribes to notify(event, object) with objects of those classes, called with both', () => {
    const config = new Configurator();
    const seen: string[] = [];
    config.addSubscriber((event: ObjectModified, page: Page) => seen.push(`reindex ${page.title} (${event.what})`), [ObjectModified, Page]);
    config.addSubscriber((event: ObjectModified) => seen.push(`any object: ${event.what}`), [ObjectModified, null]);
    config.addSubscriber(() => seen.push('single'), ObjectModified);
    config.commit();
    config.registry.notify(new ObjectModified('title'), new WikiPage('Front'));
    expect(seen).toEqual(['any object: title', 'reindex Front (title)']);
    seen.length = 0;
    // A subscription is for as many objects as it has classes, in that order.
    config.registry.notify(new ObjectModified('body'));
    config.registry.notify(new WikiPage('Front'), new ObjectModified('body'));
    expect(seen).toEqual(['single']);
  });

  test('subscriber predicates are called with every object notified', () => {
    const config = new Configurator();
    config.addSubscriberPredicate('titled', (title: string) => ({ text: () => `titled = ${title}`, __call__: (_event: unknown, page: Page) => page.title === title }));
    const seen: string[] = [];
    config.addSubscriber((_e: ObjectModified, page: Page) => seen.push(page.title), [ObjectModified, Page], { titled: 'Front' });
    config.commit();
    config.registry.notify(new ObjectModified('x'), new Page('Front'));
    config.registry.notify(new ObjectModified('x'), new Page('Other'));
    expect(seen).toEqual(['Front']);
  });

  test('@subscriber(A, B) hears either event; @subscriber([A, B]) is one pair', () => {
    const seen: string[] = [];
    class Handlers {
      @subscriber(ObjectModified, Page)
      static either(event: object) {
        seen.push(`either ${event.constructor.name}`);
      }
      @subscriber([ObjectModified, Page])
      static pair(event: ObjectModified, page: Page) {
        seen.push(`pair ${event.what} ${page.title}`);
      }
    }
    const config = new Configurator();
    config.scan({ Handlers });
    config.commit();
    config.registry.notify(new Page('Front'));
    config.registry.notify(new ObjectModified('x'), new Page('Front'));
    expect(seen).toEqual(['either Page', 'pair x Front']);
  });

  test('an empty array or something not a class is an error naming the line', () => {
    const config = new Configurator();
    expect(thrown(() => config.addSubscriber(() => {}, [])).message).toMatch(/^addSubscriber\(\) \(.*events\.test\.ts:\d+\): an empty array of event classes/);
    expect(thrown(() => config.addSubscriber(() => {}, ['NewRequest' as any])).message).toMatch(/^addSubscriber\(\) \(.*events\.test\.ts:\d+\): the event type must be a class \(or null for any\), not string/);
  });
});
