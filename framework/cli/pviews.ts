/**
 * `pviews development.ini /url`: which routes match the URL's path (predicates aside) and which
 * views each would call, with their predicates, in Pyramid's layout.
 */
import type { Registry } from '../registry';
import type { Request } from '../request';
import type { Route, Matchdict } from '../routes';
import { traverse, type TraversalResult } from '../traversal';
import { blankRequest } from '../scripting';
import { APP_NAME_OPTION, type CommandIO, type CommandSpec, loadEnvironment, processIO, runCommand, withAppName } from './command';
import { routesOf, viewLabel, viewsOf, type ViewInfo } from './introspect';

export const SPEC: CommandSpec = {
  name: 'pviews',
  description: `
Print, for a given URL, the views that might match. Underneath each
potentially matching route, list the predicates required. Underneath
each route+predicate set, print each view that might match and its
predicates.

This command accepts two positional arguments: 'config_uri' specifies the
PasteDeploy config file to use for the interactive shell. The format is
'inifile#name'. If the name is left off, 'main' will be assumed.  'url'
specifies the path info portion of a URL that will be used to find
matching views.  Example: 'proutes myapp.ini#main /url'`,
  positionals: [
    { name: 'config_uri', help: 'The URI to the configuration file.' },
    { name: 'url', help: 'The path info portion of the URL.' },
  ],
  options: [APP_NAME_OPTION],
};

interface Match {
  route: Route;
  match: Matchdict;
}

export function main(argv: string[], io: CommandIO = processIO): Promise<number> {
  return runCommand(SPEC, argv, async ({ options, positionals, vars }, out) => {
    const { config_uri: configUri } = positionals;
    let { url } = positionals;
    if (!configUri || !url) {
      out.out('Command requires a config file arg and a url arg\n');
      return 2;
    }
    if (!url.startsWith('/')) url = `/${url}`;
    const env = await loadEnvironment(withAppName(configUri, options.appName), vars);
    try {
      out.out(['', `URL = ${url}`, '', ...describe(env.registry, url), ''].join('\n') + '\n');
      return 0;
    } finally {
      env.closer();
    }
  }, io);
}

/** Pyramid's `_find_view` and its printing: one route, several, or none (traversal's views). */
function describe(registry: Registry, url: string): string[] {
  const request = blankRequest(registry, url);
  const matches: Match[] = [];
  for (const route of routesOf(registry)) {
    if (route.options.static) continue;
    const match = route.match(request.pathInfo);
    if (match !== null) matches.push({ route, match });
  }
  let routeName: string | null = null;
  if (matches.length === 1) {
    routeName = matches[0].route.name;
    request.matchdict = matches[0].match;
    request.matchedRoute = matches[0].route;
  }
  const found = traverseFrom(registry, request, routeName);
  const heading = [`    context: ${contextText(found.context)}`, `    view name: ${found.viewName}`];
  if (matches.length > 1) {
    // several routes: each that has views, with its own root and traversal, then its view(s)
    const out = [...heading];
    for (const m of matches) {
      const views = viewsOf(registry, m.route.name, '', found.context);
      if (!views.length) continue;
      const own = blankRequest(registry, url);
      own.matchdict = m.match;
      own.matchedRoute = m.route;
      out.push(...routeBlock(m, traverseFrom(registry, own, m.route.name).subpath, 1));
      for (const view of views) out.push(...viewBlock(view, 2));
    }
    return out;
  }
  let views = viewsOf(registry, routeName, found.viewName, found.context);
  if (!views.length) {
    // routes are not registered with a view name; and a multiview is no answer here
    views = viewsOf(registry, routeName, '', found.context);
    if (views.length > 1) views = [];
  }
  if (!views.length) return ['    Not found.'];
  if (views.length > 1) return [...heading, ...views.flatMap((v) => viewBlock(v, 1))];
  if (matches.length === 1) return [...heading, ...routeBlock(matches[0], found.subpath, 1), ...viewBlock(views[0], 2)];
  return [...heading, ...viewBlock(views[0], 1)];
}

/** The root from the route's factory (or the app's), and traversal from it, as the router does. */
function traverseFrom(registry: Registry, request: Request, routeName: string | null): TraversalResult {
  const factory = (routeName !== null && registry.routeFactories.get(routeName)) || registry.rootFactory;
  return traverse(factory(request), request);
}

function contextText(context: unknown): string {
  const name = (context as { constructor?: { name?: string } } | null)?.constructor?.name;
  return context !== null && typeof context === 'object' ? `<${name || 'Object'} object>` : String(context);
}

function routeBlock({ route }: Match, subpath: string[], level: number): string[] {
  const indent = '    '.repeat(level);
  const lines = ['', `${indent}Route:`, `${indent}------`, `${indent}route name: ${route.name}`,
    `${indent}route pattern: ${route.pattern}`, `${indent}route path: ${route.pattern}`, `${indent}subpath: ${subpath.join('/')}`];
  const predicates = route.predicates.map((p) => p.text ?? p.name ?? 'custom predicate').join(', ');
  if (predicates) lines.push(`${indent}route predicates (${predicates})`);
  return lines;
}

function viewBlock(view: ViewInfo, level: number): string[] {
  const indent = '    '.repeat(level);
  // Pyramid names the method of a class view only for a view with predicates (its wrapper carries it)
  const lines = ['', `${indent}View:`, `${indent}-----`, `${indent}${viewLabel(view, view.predicates.length > 0)}`];
  if (view.permission !== undefined) lines.push(`${indent}required permission = ${view.permission}`);
  if (view.predicates.length) lines.push(`${indent}view predicates (${view.predicates.join(', ')})`);
  return lines;
}
