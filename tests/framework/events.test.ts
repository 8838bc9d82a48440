/**
 * Events: the router's NewRequest, BeforeTraversal, ContextFound and NewResponse in that order,
 * BeforeRender changing a renderer's system values, ApplicationCreated, `registry.notify`,
 * subscriber predicates, and `@subscriber` found by scan.
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
