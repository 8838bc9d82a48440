/**
 * `pviews development.ini /url`: which routes match the URL's path (predicates aside) and which
 * views each would call, with their predicates, in Pyramid's layout.
 */
import type { Registry } from '../registry';
import type { Route, Matchdict } from '../routes';
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
  views: ViewInfo[];
}

export function main(argv: string[], io: CommandIO = processIO): Promise<number> {
  return runCommand(SPEC, argv, async ({ options, positionals, vars }, io) => {
    const { config_uri: configUri } = positionals;
    let { url } = positionals;
    if (!configUri || !url) {
      io.out('Command requires a config file arg and a url arg\n');
      return 2;
    }
    if (!url.startsWith('/')) url = `/${url}`;
    const env = await loadEnvironment(withAppName(configUri, options.appName), vars);
    try {
      const request = blankRequest(env.registry, url);
      const context = env.rootFactory(request);
      const lines = ['', `URL = ${url}`, ''];
      lines.push(...describe(env.registry, request.pathInfo, context));
      lines.push('');
      io.out(lines.join('\n') + '\n');
      return 0;
    } finally {
      env.closer();
    }
  }, io);
}

/** Pyramid's `_find_view` and its printing: one route, several, or none (views of no route). */
function describe(registry: Registry, pathInfo: string, context: unknown): string[] {
  const matches: Match[] = [];
  for (const route of routesOf(registry)) {
    if (route.options.static) continue;
    const match = route.match(pathInfo);
    if (match !== null) matches.push({ route, match, views: viewsOf(registry, route.name) });
  }
  const heading = [`    context: ${contextText(context)}`, '    view name: '];
  if (matches.length > 1) {
    // several routes: each with views, its route block, then its view(s)
    const out = [...heading];
    for (const m of matches.filter((m) => m.views.length)) {
      out.push(...routeBlock(m, 1));
      if (m.views.length === 1) out.push(...viewBlock(m.views[0], 2));
      else for (const view of m.views) out.push(...viewBlock(view, 2));
    }
    return out;
  }
  const views = matches.length === 1 ? matches[0].views : viewsOf(registry, null);
  if (!views.length) return ['    Not found.'];
  if (views.length > 1) return [...heading, ...views.flatMap((v) => viewBlock(v, 1))];
  if (matches.length === 1) return [...heading, ...routeBlock(matches[0], 1), ...viewBlock(views[0], 2)];
  return [...heading, ...viewBlock(views[0], 1)];
}

function contextText(context: unknown): string {
  const name = (context as { constructor?: { name?: string } } | null)?.constructor?.name;
  return context !== null && typeof context === 'object' ? `<${name || 'Object'} object>` : String(context);
}

function routeBlock({ route, match }: Match, level: number): string[] {
  const indent = '    '.repeat(level);
  const subpath = Array.isArray(match.subpath) ? (match.subpath as string[]).join('/') : '';
  const lines = ['', `${indent}Route:`, `${indent}------`, `${indent}route name: ${route.name}`,
    `${indent}route pattern: ${route.pattern}`, `${indent}route path: ${route.pattern}`, `${indent}subpath: ${subpath}`];
  const predicates = route.predicates.map((p) => p.text ?? p.name ?? 'custom predicate').join(', ');
  if (predicates) lines.push(`${indent}route predicates (${predicates})`);
  return lines;
}

function viewBlock(view: ViewInfo, level: number): string[] {
  const indent = '    '.repeat(level);
  // Pyramid names the method of a class view only for a view with predicates (its wrapper carries it)
  const lines = ['', `${indent}View:`, `${indent}-----`, `${indent}${viewLabel(view, view.predicates.length > 0)}`];
  if (view.predicates.length) lines.push(`${indent}view predicates (${view.predicates.join(', ')})`);
  return lines;
}
