/**
 * `config.include('pyramid_debugtoolbar')` (or `pyramid.includes = pyramid_debugtoolbar`):
 * reads the `debugtoolbar.*` settings and, when enabled, adds the toolbar's tween (over the
 * exception views and pyramid_tm's tween, as Pyramid's toolbar), a view deriver noting which
 * view ran, subscribers for the renderers' values and the session before the view, the logging
 * panel's handler, and a static `debugtoolbar` route for URL generation. Disabled, it adds
 * nothing at all: the request path is the app's alone.
 */
import * as nodePath from 'node:path';
import { BeforeRender, ContextFound } from '../events';
import { ConfigurationError } from '../exceptions';
import { EXCVIEW, TM_TWEEN } from '../tweens';
import { INGRESS } from '../derivers';
import { resolveModule } from '../path';
import type { Configurator } from '../config';
import type { DerivedView } from '../views';
import type { ViewDeriver } from '../derivers';
import { ToolbarHistory } from './history';
import { hostsMatcher } from './hosts';
import { installLogHandler } from './logs';
import { RequestVarsPanel, sessionSnapshot, BUILTIN_PANELS } from './panels';
import type { PanelClass } from './panel';
import { parseToolbarSettings } from './settings';
import { DebugToolbar, ROOT_PATH, STATE_KEY, toolbarOf, type ToolbarState } from './toolbar';
import { toolbarTweenFactory, TWEEN_NAME } from './tween';

/** A panel named in a setting: a built-in's name, or `module:Export` (relative to the app's folder). */
function resolvePanel(name: string, setting: string, fromDir: string): PanelClass {
  const builtin = BUILTIN_PANELS.find((p) => p.cls.panelName === name);
  if (builtin) return builtin.cls;
  const colon = name.lastIndexOf(':');
  if (colon <= 0) {
    throw new ConfigurationError(`${setting}: no panel '${name}'. Known panels: ${BUILTIN_PANELS.map((p) => p.cls.panelName).join(', ')}; ` +
      'or name your own as module:Export');
  }
  let found: unknown;
  try {
    found = require(resolveModule(name.slice(0, colon), fromDir))[name.slice(colon + 1)];
  } catch (error) {
    throw new ConfigurationError(`${setting}: panel '${name}': ${(error as Error).message}`);
  }
  if (typeof found !== 'function' || typeof (found as PanelClass).panelName !== 'string') {
    throw new ConfigurationError(`${setting}: '${name}' is not a panel class (a DebugPanel subclass with a static panelName)`);
  }
  return found as PanelClass;
}

function panelList(given: string[], extra: string[], isGlobal: boolean, setting: string, fromDir: string): PanelClass[] {
  const names = given.length ? given : BUILTIN_PANELS.filter((p) => p.isGlobal === isGlobal).map((p) => p.cls.panelName);
  const classes = [...names.map((n) => resolvePanel(n, `debugtoolbar.${setting}`, fromDir)), ...extra.map((n) => resolvePanel(n, `debugtoolbar.extra_${setting}`, fromDir))];
  return classes.filter((cls, i) => classes.indexOf(cls) === i);
}

/** Notes which view answered the request, for the Views/Renderers panel. */
const toolbarViewDeriver: ViewDeriver = (view: DerivedView, info) => {
  const record = {
    description: info.description,
    route: (info.options.routeName as string | undefined) ?? null,
    renderer: info.renderer?.info.name ?? null,
    exceptionView: info.exceptionOnly,
    site: info.site ? String(info.site) : null,
  };
  const noted: DerivedView = (context, request) => {
    toolbarOf(request)?.views.push(record);
    return view(context, request);
  };
  // As Pyramid's wraps_view: the marks the derivers below left (secured_view's __permission__,
  // which pviews reads) stay on the outermost wrapper.
  for (const key of Object.getOwnPropertyNames(view)) {
    if (key.startsWith('__')) Object.defineProperty(noted, key, Object.getOwnPropertyDescriptor(view, key)!);
  }
  return noted;
};

function beforeRender(event: BeforeRender): void {
  const toolbar = toolbarOf(event.request as DebugToolbar['request']);
  if (toolbar) for (const panel of toolbar.allPanels) panel.processBeforeRender(event);
}

function contextFound(event: ContextFound): void {
  const toolbar = toolbarOf(event.request);
  if (!toolbar) return;
  for (const panel of toolbar.panels) if (panel instanceof RequestVarsPanel) panel.sessionBefore = sessionSnapshot(event.request);
}

export function includeme(config: Configurator): void {
  const settings = parseToolbarSettings(config.registry.settings);
  if (!settings.enabled) return;
  hostsMatcher(settings.hosts); // a bad address is a start-up error, not a per-request one
  const fromDir = config.packageDir ?? nodePath.resolve('.');
  const state: ToolbarState = {
    settings,
    history: new ToolbarHistory<DebugToolbar>(settings.maxRequestHistory),
    panelClasses: panelList(settings.panels, settings.extraPanels, false, 'panels', fromDir),
    globalPanelClasses: panelList(settings.globalPanels, settings.extraGlobalPanels, true, 'global_panels', fromDir),
    registry: config.registry,
  };
  config.registry.extras.set(STATE_KEY, state);
  config.addTween(toolbarTweenFactory, { name: TWEEN_NAME, over: [EXCVIEW, TM_TWEEN] });
  config.addViewDeriver(toolbarViewDeriver, { name: 'debugtoolbar_view', under: INGRESS });
  config.addSubscriber(beforeRender, BeforeRender);
  config.addSubscriber(contextFound, ContextFound);
  config.addRoute('debugtoolbar', `${ROOT_PATH}/*subpath`, { static: true });
  installLogHandler();
}
