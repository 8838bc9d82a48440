/**
 * addRequestMethod: methods, properties and reified properties, seen by views, templates,
 * tweens and testing.DummyRequest after setUp.
 */
import * as nodePath from 'node:path';
import * as testing from '../../framework/testing';
import { Response } from '../../framework/response';
import type { Request } from '../../framework/request';
import { makeApp, writeTree } from './helpers';

test('a method, a property computed on each read, and a reified one computed once per request', async () => {
  let computed = 0;
  const dir = writeTree({ 'page.jinja2': '{{ request.greet("you") }} {{ request.user }}' });
  const { testapp } = makeApp((config) => {
    config.include('pyramid_jinja2');
    config.addRequestMethod((request: Request, who: string) => `hello ${who} at ${request.path}`, 'greet');
    config.addRequestMethod(() => ++computed, 'counter', { property: true });
    config.addRequestMethod((request: Request) => `user-${request.params.get('u')}-${++computed}`, 'user', { reify: true });
    config.addTween((handler) => (request: any) => {
      request.headers['x-user'] = request.user;
      return handler(request);
    }, { name: 'userTween' });
    config.addRoute('home', '/');
    config.addRoute('page', '/page');
    config.addView((request: any) => new Response(`${request.counter} ${request.counter} ${request.user} ${request.user} ${request.headers['x-user']}`), { routeName: 'home' });
    config.addView(() => ({}), { routeName: 'page', renderer: nodePath.join(dir, 'page.jinja2') });
  });
  computed = 0;
  expect((await testapp.get('/?u=jo')).text).toBe('2 3 user-jo-1 user-jo-1 user-jo-1');
  expect((await testapp.get('/page?u=al')).text).toBe('hello you at /page user-al-4');
});

test('a DummyRequest made after setUp has them', () => {
  const config = testing.setUp();
  try {
    config.addRequestMethod(() => 'from the registry', 'origin', { reify: true });
    const request = new testing.DummyRequest() as testing.DummyRequest & { origin: string };
    expect(request.origin).toBe('from the registry');
  } finally {
    testing.tearDown();
  }
  expect((new testing.DummyRequest() as any).origin).toBeUndefined();
});
