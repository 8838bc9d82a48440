/**
 * The extension points' subtle cases, replayed on our framework and compared with what the
 * real Pyramid gave on the same configuration (tests/interop/extensions_oracle.py wrote
 * fixtures/extensions.json): tween order and its errors, subscriber order (one event, several
 * objects, predicates, `@subscriber` forms), the order of views
 * with as many predicates, context inheritance, and which exception view answers.
 */
import { Configurator, ConfigurationError } from '../../framework/config';
import { Response } from '../../framework/response';
import { HTTPFound, HTTPNotFound, HTTPForbidden, HTTPError, HTTPException } from '../../framework/httpexceptions';
import { INGRESS, MAIN, EXCVIEW, type TweenFactory } from '../../framework/tweens';
import { TestApp } from '../../framework/testing';
import { subscriber, type SubscriberFor } from '../../framework/decorators';
import { virtualRoot } from '../../framework/traversal';
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
class Thing {}
class Special extends Thing {}
const events: Record<string, Function> = { Base, Derived, Thing, Special, object: Object };
type EventSpec = string | null | Array<string | null>;
/** A class name, null (every event), or an array of them (a multi-object subscription). */
const eventType = (spec: EventSpec): SubscriberFor => (Array.isArray(spec) ? spec.map((s) => (s === null ? null : events[s])) : spec === null ? null : events[spec]);

/** Reads the event alone, as Pyramid's one-argument predicates. */
class EventKey {
  constructor(private readonly value: string) {}
  text = () => `event_key = ${this.value}`;
  __call__ = (event: any) => event?.key === this.value;
}
/** Reads the second object of a two-object notification. */
class ObjectKey {
  constructor(private readonly value: string) {}
  text = () => `object_key = ${this.value}`;
  __call__ = (_event: any, object: any) => object?.key === this.value;
}

function runSubscribers(c: Case) {
  const calls: string[][] = [];
  const config = new Configurator();
  config.addSubscriberPredicate('event_key', EventKey);
  config.addSubscriberPredicate('object_key', ObjectKey);
  const recorder = (name: string) => (...objects: object[]) => calls.push([name, ...objects.map((o) => o.constructor.name)]);
  for (const [name, event, predicates] of c.subscribers as Array<[string, EventSpec, Record<string, string>?]>) config.addSubscriber(recorder(name), eventType(event), predicates);
  if (c.decorated) {
    const decorated: Record<string, unknown> = {};
    (c.decorated as Array<[string, EventSpec[]]>).forEach(([name, args], i) => (decorated[`decorated_${i}`] = subscriber(...args.map(eventType))(recorder(name))));
    config.scan(decorated);
  }
  config.commit();
  const results: string[][][] = [];
  for (const notify of c.notify as Array<string | string[]>) {
    calls.length = 0;
    const objects = (Array.isArray(notify) ? notify : [notify]).map((spec) => {
      const [cls, key] = spec.split('=');
      const object = new (events[cls] as new () => Record<string, string>)();
      if (key !== undefined) object.key = key;
      return object;
    });
    config.registry.notify(objects[0], ...objects.slice(1));
    results.push([...calls]);
  }
  return { calls: results };
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
    for (const [name, Cls] of [['a', A], ['b', B], ['c', C], ['d e', A]] as const) {
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
  for (const [value, more, less] of (c.accept_orders ?? []) as Array<[string, string | null, string | null]>) config.addAcceptViewOrder(value, { weighsMoreThan: more ?? undefined, weighsLessThan: less ?? undefined });
  for (const [name, pattern] of (c.routes ?? []) as Array<[string, string]>) config.addRoute(name, pattern, (c.route_options as Record<string, Record<string, unknown>> | undefined)?.[name] ?? {});
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
  const show = (context: any, request: Request) => {
    const vroot = request.virtualRoot as any;
    const fields = [context.constructor.name, context.__name__ ?? '', request.viewName, request.subpath.join('/'), request.traversed.join('/'), request.resourceUrl(context)];
    fields.push(vroot.constructor.name, vroot.__name__ ?? '', request.virtualRootPath.join('/'), (virtualRoot(context, request) as object).constructor.name);
    return new Response(fields.join('|'));
  };
  for (const name of c.names as string[]) {
    config.addView(show, { name });
    for (const [route] of (c.routes ?? []) as Array<[string, string]>) config.addView(show, { name, routeName: route });
  }
  const testapp = new TestApp(config.makeWsgiApp());
  const responses = [];
  // A path, or [path, X-Vhm-Root]: a virtual root.
  for (const given of c.paths as Array<string | [string, string]>) {
    const [path, vhm] = typeof given === 'string' ? [given, undefined] : given;
    const res = await testapp.get(path, { expectErrors: true, headers: vhm === undefined ? {} : { 'X-Vhm-Root': vhm } });
    responses.push([res.statusCode, res.statusCode === 200 ? res.text : null]);
  }
  return { responses };
}

/** Which `accept` values are taken (and how they are written), for views, routes and addAcceptViewOrder. */
function runAcceptOptions(c: Case) {
  const results = (c.values as Array<[string, any, ...any[]]>).map(([directive, value, more, less]) => {
    const config = new Configurator();
    try {
      if (directive === 'view') {
        config.addView(() => new Response('x'), { name: 'v', accept: value });
        config.commit();
        return [...config.registry.views.entries()].find((entry) => entry.name === 'v')!.accept;
      }
      if (directive === 'route') {
        config.addRoute('r', '/', { accept: value });
        config.commit();
        return config.registry.introspector.get('routes', 'r')!.data.accept;
      }
      config.addAcceptViewOrder(value, { weighsMoreThan: more ?? undefined, weighsLessThan: less ?? undefined });
      config.commit();
      return 'ok';
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      return 'refused';
    }
  });
  return { results };
}

const run: Record<string, (c: Case) => unknown> = {
  'accept options': runAcceptOptions, tweens: runTweens, subscribers: runSubscribers, views: runViews, traversal: runTraversal };

describe.each((cases as Case[]).map((c) => [`${c.kind}: ${c.name}`, c]))('%s', (_title, c) => {
  test('as the real Pyramid', async () => {
    expect(await run[c.kind](c)).toEqual(c.result);
  });
});
