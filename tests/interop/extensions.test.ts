/**
 * The extension points' subtle cases, replayed on our framework and compared with what the
 * real Pyramid gave on the same configuration (tests/interop/extensions_oracle.py wrote
 * fixtures/extensions.json): tween order and its errors, subscriber order, the order of views
 * with as many predicates, context inheritance, and which exception view answers.
 */
import { Configurator } from '../../framework/config';
import { Response } from '../../framework/response';
import { HTTPFound, HTTPNotFound, HTTPForbidden, HTTPError, HTTPException } from '../../framework/httpexceptions';
import { INGRESS, MAIN, EXCVIEW, type TweenFactory } from '../../framework/tweens';
import { TestApp } from '../../framework/testing';
import type { Request } from '../../framework/request';
import cases from './fixtures/extensions.json';

type Case = (typeof cases)[number] & Record<string, any>;

const tokens: Record<string, string> = { INGRESS, MAIN, EXCVIEW };
const hint = (value: string | string[] | undefined) => (value === undefined ? undefined : Array.isArray(value) ? value.map((v) => tokens[v] ?? v) : (tokens[value] ?? value));

function runTweens(c: Case) {
  const config = new Configurator();
  try {
    for (const [name, opts] of c.tweens as Array<[string, { under?: string | string[]; over?: string | string[] }]>) {
      const factory: TweenFactory = (handler) => handler;
      config.addTween(factory, { name, under: hint(opts.under), over: hint(opts.over) });
    }
    config.commit();
    return { order: config.registry.tweens.implicit().map((t) => (t.name === EXCVIEW ? 'EXCVIEW' : t.name)) };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message.replace(EXCVIEW, 'EXCVIEW')}` };
  }
}

class Base {}
class Derived extends Base {}
const events: Record<string, Function | null> = { Base, Derived, object: Object };

function runSubscribers(c: Case) {
  const calls: string[] = [];
  const config = new Configurator();
  for (const [name, event] of c.subscribers as Array<[string, string | null]>) config.addSubscriber(() => calls.push(name), event === null ? null : events[event]);
  config.commit();
  const Event = events[c.notify as string] as new () => object;
  config.registry.notify(new Event());
  return { calls };
}

class A {
  __name__: string | null = null;
  __parent__: unknown = null;
}
class B extends A {}
class C extends B {}
class Root {
  __name__ = '';
  __parent__ = null;
  children = new Map<string, A>();
  constructor() {
    for (const [name, Cls] of [['a', A], ['b', B], ['c', C]] as const) {
      const child = new Cls();
      child.__name__ = name;
      child.__parent__ = this;
      this.children.set(name, child);
    }
  }
  __getitem__(name: string) {
    return this.children.get(name);
  }
}
class ValueError extends Error {}
const contexts: Record<string, Function> = { A, B, C, Root, Exception: Error, ValueError, HTTPNotFound, HTTPError, HTTPException, HTTPFound };
const raises: Record<string, () => unknown> = {
  ValueError: () => new ValueError('bad value'),
  HTTPFound: () => new HTTPFound({ location: '/elsewhere' }),
  HTTPNotFound: () => new HTTPNotFound(),
  HTTPForbidden: () => new HTTPForbidden(),
};
const optionNames: Record<string, string> = {
  route_name: 'routeName',
  request_param: 'requestParam',
  match_param: 'matchParam',
  request_method: 'requestMethod',
  custom_predicates: 'customPredicates',
  physical_path: 'physicalPath',
  path_info: 'pathInfo',
};

async function runViews(c: Case) {
  const config = new Configurator(c.traversal ? { rootFactory: () => new Root() } : {});
  for (const [name, pattern] of (c.routes ?? []) as Array<[string, string]>) config.addRoute(name, pattern);
  for (const [name, given] of c.views as Array<[string, Record<string, any>]>) {
    const { raises: raised, exception, ...rest } = given;
    const options: Record<string, any> = {};
    for (const [key, value] of Object.entries(rest)) {
      options[optionNames[key] ?? key] = key === 'context' || key === 'containment' ? contexts[value] : key === 'custom_predicates' ? [() => true] : value;
    }
    const view = () => {
      if (raised) throw raises[raised]();
      return new Response(name);
    };
    if (exception) config.addExceptionView(view, options);
    else config.addView(view, options);
  }
  const testapp = new TestApp(config.makeWsgiApp());
  const responses = [];
  for (const req of c.requests as Array<{ path: string; method?: string; headers?: Record<string, string> }>) {
    const res = await testapp.request(req.method ?? 'GET', req.path, { headers: req.headers ?? {}, expectErrors: true });
    responses.push({ status: res.statusCode, body: res.statusCode < 300 && res.contentType === 'text/html' ? res.text : null, location: res.location ?? null });
  }
  return { responses };
}

/** What traversal found, as a view of any context and any name sees it. */
async function runTraversal(c: Case) {
  const config = new Configurator({ rootFactory: () => new Root() });
  for (const [name, pattern] of (c.routes ?? []) as Array<[string, string]>) config.addRoute(name, pattern, { factory: () => new Root() });
  const show = (context: any, request: Request) =>
    new Response([context.constructor.name, context.__name__ ?? '', request.viewName, request.subpath.join('/'), request.traversed.join('/'), request.resourceUrl(context)].join('|'));
  for (const name of c.names as string[]) {
    config.addView(show, { name });
    for (const [route] of (c.routes ?? []) as Array<[string, string]>) config.addView(show, { name, routeName: route });
  }
  const testapp = new TestApp(config.makeWsgiApp());
  const responses = [];
  for (const path of c.paths as string[]) {
    const res = await testapp.get(path, { expectErrors: true });
    responses.push([res.statusCode, res.statusCode === 200 ? res.text : null]);
  }
  return { responses };
}

const run: Record<string, (c: Case) => unknown> = { tweens: runTweens, subscribers: runSubscribers, views: runViews, traversal: runTraversal };

describe.each((cases as Case[]).map((c) => [`${c.kind}: ${c.name}`, c]))('%s', (_title, c) => {
  test('as the real Pyramid', async () => {
    expect(await run[c.kind](c)).toEqual(c.result);
  });
});
