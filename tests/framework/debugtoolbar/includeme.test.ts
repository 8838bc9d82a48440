/**
 * What including the toolbar adds to an app: with `debugtoolbar.enabled = false`, nothing at
 * all (the same tweens, derivers, subscribers and routes as without it); enabled, its tween over
 * the exception views (and over pyramid_tm's tween when there is one), its deriver, subscribers
 * and static route. Included by its Pyramid name, from pyramid.includes or config.include().
 */
import { Configurator } from '../../../framework/config';
import { EXCVIEW } from '../../../framework/tweens';
import { TWEEN_NAME } from '../../../framework/debugtoolbar';
import type { Registry } from '../../../framework/registry';

function appRegistry(settings: Record<string, string>, configure: (config: Configurator) => void = () => {}): Registry {
  const config = new Configurator({ settings });
  config.addRoute('home', '/');
  config.addView(() => 'home', { routeName: 'home', renderer: 'string' });
  configure(config);
  return config.makeWsgiApp().registry;
}

function shape(registry: Registry) {
  return {
    tweens: registry.tweens.inUse().map((t) => t.name),
    listeners: registry.hasListeners,
    routes: registry.routes.names,
    requestExtensions: [...registry.requestExtensions.keys()],
    derivers: registry.viewDerivers,
  };
}

it('enabled = false adds nothing to the app', () => {
  const without = shape(appRegistry({}));
  const disabled = shape(appRegistry({ 'pyramid.includes': 'pyramid_debugtoolbar', 'debugtoolbar.enabled': 'false' }));
  expect(disabled).toEqual(without);
  expect(disabled.tweens).toEqual([EXCVIEW]);
  expect(disabled.listeners).toBe(false);
});

it('enabled, from pyramid.includes or config.include(): the tween over excview, a static route, subscribers', () => {
  for (const registry of [appRegistry({ 'pyramid.includes': 'pyramid_debugtoolbar' }), appRegistry({}, (c) => c.include('pyramid_debugtoolbar'))]) {
    const s = shape(registry);
    expect(s.tweens).toEqual([TWEEN_NAME, EXCVIEW]);
    expect(s.listeners).toBe(true);
    expect([...s.routes].sort()).toEqual(['debugtoolbar', 'home']);
    expect(registry.routes.get('debugtoolbar')!.options.static).toBe(true);
  }
});

it("sits over pyramid_tm's tween when the app has one, as Pyramid's toolbar", () => {
  const tm = () => (request: unknown) => request as never;
  const registry = appRegistry({}, (c) => {
    c.addTween(tm, { name: 'pyramid_tm.tm_tween_factory', over: EXCVIEW });
    c.include('pyramid_debugtoolbar');
  });
  expect(shape(registry).tweens).toEqual([TWEEN_NAME, 'pyramid_tm.tm_tween_factory', EXCVIEW]);
});
