/**
 * Tweens: wrapping the router (sync and async), Pyramid's placement (under/over, INGRESS,
 * MAIN, EXCVIEW), the `pyramid.tweens` setting's explicit list, and exception views as the
 * excview tween.
 */
import { Configurator, ConfigurationError } from '../../framework/config';
import { Response } from '../../framework/response';
import { INGRESS, MAIN, EXCVIEW, type Handler, type TweenFactory } from '../../framework/tweens';
import type { Registry } from '../../framework/registry';
import { TestApp } from '../../framework/testing';
import { makeApp, thrown, withLog } from './helpers';

/** A tween factory named `name` that records its passage in an X-Trail header. */
function trail(name: string): TweenFactory {
  const factory = (handler: Handler, _registry: Registry): Handler => (request) => {
    request.headers['x-trail'] = `${request.headers['x-trail'] ?? ''}>${name}`;
    const result = handler(request);
    const mark = (response: Response) => {
      response.setHeader('X-Trail', `${response.getHeader('X-Trail') ?? ''}<${name}`);
      return response;
    };
    return result instanceof Promise ? result.then(mark) : mark(result as Response);
  };
  Object.defineProperty(factory, 'name', { value: name });
  return factory;
}

function makeOne(configure: (config: Configurator) => void, settings = {}) {
  return makeApp((config) => {
    config.addRoute('home', '/');
    config.addView((request: any) => new Response(`in: ${request.headers['x-trail'] ?? ''}`), { routeName: 'home' });
    config.addRoute('boom', '/boom');
    config.addView(() => {
      throw new Error('boom');
    }, { routeName: 'boom' });
    configure(config);
  }, settings);
}

test('tweens wrap the main handler: the first in order sees the request first and the response last', async () => {
  const { testapp, config } = makeOne((config) => {
    config.addTween(trail('a'));
    config.addTween(trail('b'));
    config.addTween(trail('main'), { over: MAIN });
  });
  expect(config.registry.tweens.implicit().map((t) => t.name)).toEqual(['b', 'a', EXCVIEW, 'main']);
  const res = await testapp.get('/');
  expect(res.text).toBe('in: >b>a>main');
  expect(res.header('x-trail')).toBe('<main<a<b');
});

test('an async tween works, and a tween over the excview sees the error page, one under it the error', async () => {
  const seen: string[] = [];
  const asyncTween: TweenFactory = (handler) => async (request) => {
    await new Promise((resolve) => setImmediate(resolve));
    try {
      const response = await handler(request);
      seen.push(`over: ${response.statusCode}`);
      return response;
    } catch (error) {
      seen.push(`over: threw`);
      throw error;
    }
  };
  const under: TweenFactory = (handler) => (request) => {
    try {
      return handler(request);
    } catch (error) {
      seen.push(`under: ${(error as Error).message}`);
      throw error;
    }
  };
  const { testapp } = makeOne((config) => {
    config.addTween(asyncTween, { over: EXCVIEW });
    config.addTween(under, { under: EXCVIEW });
    config.addExceptionView(() => new Response('sorry', { status: 500 }), { context: Error });
  });
  expect((await testapp.get('/boom', { status: 500 })).text).toBe('sorry');
  expect(seen).toEqual(['under: boom', 'over: 500']);
});

test('pyramid.tweens lists the tweens explicitly: hints are ignored, and without the excview there are no exception views', async () => {
  const { testapp, config } = makeOne(
    (config) => {
      config.addTween(trail('a'), { over: MAIN });
      config.addExceptionView(() => new Response('never'), { context: Error });
    },
    { 'pyramid.tweens': 'tests.fixtures.tweens:outer\n tests.fixtures.tweens.inner' },
  );
  expect(config.registry.tweens.inUse().map((t) => t.name)).toEqual(['tests.fixtures.tweens:outer', 'tests.fixtures.tweens.inner']);
  expect((await testapp.get('/')).text).toBe('in: >outer>inner');
  await withLog('pyramid.router', () => testapp.get('/boom', { status: 500 }));
});

test('a reserved name, INGRESS as over and MAIN as under are configuration errors, as Pyramid', () => {
  const config = new Configurator();
  expect(thrown(() => config.addTween(trail('x'), { name: MAIN })).message).toMatch(/^MAIN is a reserved tween name/);
  expect(thrown(() => config.addTween(trail('x'), { over: INGRESS })).message).toMatch(/^x cannot be over INGRESS/);
  expect(thrown(() => config.addTween(trail('x'), { under: MAIN })).message).toMatch(/^x cannot be under MAIN/);
  const cyclic = new Configurator();
  cyclic.addTween(trail('a'), { under: 'b' });
  cyclic.addTween(trail('b'), { under: 'a' });
  const error = thrown(() => cyclic.makeWsgiApp());
  expect(error).toBeInstanceOf(ConfigurationError);
  expect(error.message).toBe("Implicit ordering cycle:'a' sorts before ['b']; 'b' sorts before ['a']");
});

test('a tween returning something else than a response is a logged 500; the app keeps serving', async () => {
  const bad: TweenFactory = (handler) => (request) => (request.path === '/bad' ? (undefined as unknown as Response) : handler(request));
  const { app } = makeOne((config) => config.addTween(bad));
  const testapp = new TestApp(app);
  await withLog('pyramid.router', async (log) => {
    await testapp.get('/bad', { status: 500 });
    expect(log.records[0].message).toContain('A tween returned undefined, not a Response');
  });
  await testapp.get('/');
});

test('request.invokeExceptionView renders the exception view for an error a tween caught itself', async () => {
  const catching: TweenFactory = (handler) => (request) => {
    try {
      return handler(request);
    } catch (error) {
      return request.invokeExceptionView(error);
    }
  };
  const { testapp } = makeOne((config) => {
    config.addTween(catching, { under: EXCVIEW });
    config.addExceptionView((error: Error, _request: unknown) => new Response(`caught ${error.message}`, { status: 500 }), { context: Error });
  });
  expect((await testapp.get('/boom', { status: 500 })).text).toBe('caught boom');
});
