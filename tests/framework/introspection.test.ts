/**
 * The introspector: what a commit registered, in registration order, with the user's lines,
 * enough for proutes, pviews and ptweens.
 */
import { Configurator } from '../../framework/config';
import { Response } from '../../framework/response';
import { NewRequest } from '../../framework/events';
import { here } from './helpers';

test('routes, views, tweens, subscribers, request methods and static views, each with its call site', () => {
  const config = new Configurator();
  const routeSite = (config.addRoute('home', '/', { requestMethod: 'GET' }), here());
  const homeView = () => new Response('');
  const viewSite = (config.addView(homeView, { routeName: 'home', xhr: true }), here());
  const timing = (handler: any) => handler;
  const tweenSite = (config.addTween(timing), here());
  config.addSubscriber(function onRequest() {}, NewRequest);
  config.addRequestMethod(() => 1, 'one');
  config.addStaticView('static', __dirname);
  config.commit();
  const { introspector } = config.registry;
  const routes = introspector.getCategory('routes');
  expect(routes.map((r) => [r.title, r.data.pattern, r.data.predicates, String(r.site)])).toEqual([
    ['home', '/', ['request_method = GET,HEAD'], routeSite],
    ['__static/', '/static/*subpath', [], expect.stringContaining('introspection.test.ts')],
  ]);
  const views = introspector.getCategory('views').filter((v) => v.data.routeName === 'home');
  expect(views.map((v) => [v.title, v.data.predicates, String(v.site)])).toEqual([['homeView', ['xhr = True'], viewSite]]);
  const tweens = introspector.getCategory('tweens').map((t) => [t.title, t.data.type, t.site === null ? null : String(t.site)]);
  expect(tweens).toContainEqual(['timing', 'implicit', tweenSite]);
  expect(introspector.getCategory('subscribers').map((s) => [s.title, (s.data.event as Function).name])).toEqual([['onRequest', 'NewRequest']]);
  expect(introspector.getCategory('request extensions').map((s) => s.title)).toEqual(['one']);
  expect(introspector.getCategory('static views').map((s) => s.data.routeName)).toEqual(['__static/']);
});
