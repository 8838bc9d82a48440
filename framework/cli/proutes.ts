/**
 * `proutes development.ini`: every route in the order it is tried, with its pattern, view and
 * request methods, in Pyramid's table (`-f`/`--format` or `[proutes] format` picks the columns,
 * `-g` a glob on name or pattern).
 */
import { IniFile, parseConfigUri, sectionSettings } from '../ini';
import type { Registry } from '../registry';
import { APP_NAME_OPTION, type CommandIO, type CommandSpec, loadEnvironment, processIO, runCommand, withAppName } from './command';
import { methodsOf, routesOf, staticViewLabel, viewLabel, viewsOf } from './introspect';

export const SPEC: CommandSpec = {
  name: 'proutes',
  description: `
Print all URL dispatch routes used by a Pyramid application in the
order in which they are evaluated.  Each route includes the name of the
route, the pattern of the route, and the view callable which will be
invoked when the route is matched.

This command accepts one positional argument named 'config_uri'.  It
specifies the PasteDeploy config file to use for the interactive
shell. The format is 'inifile#name'. If the name is left off, 'main'
will be assumed.  Example: 'proutes myapp.ini'.`,
  positionals: [{ name: 'config_uri', help: 'The URI to the configuration file.' }],
  options: [
    APP_NAME_OPTION,
    { flags: ['-g', '--glob'], key: 'glob', metavar: 'GLOB', help: 'Display routes matching glob pattern' },
    { flags: ['-f', '--format'], key: 'format', metavar: 'FORMAT', help: 'Choose which columns to display, this will override the format key in the [proutes] ini section' },
  ],
};

const COLUMNS = ['name', 'pattern', 'view', 'method'] as const;
type Column = (typeof COLUMNS)[number];
type Row = Record<Column, string>;
const PAD = 3;
const ANY = '*';
const UNKNOWN = '<unknown>';

export function main(argv: string[], io: CommandIO = processIO): Promise<number> {
  return runCommand(SPEC, argv, async ({ options, positionals, vars }, io) => {
    const configUri = positionals.config_uri;
    if (!configUri) {
      io.out('requires a config file argument\n');
      return 2;
    }
    const ini = IniFile.read(parseConfigUri(configUri).file);
    ini.updateDefaults(vars);
    let columns = splitFormat(sectionSettings(ini, 'proutes').format, /[,|\s\n]+/);
    const env = await loadEnvironment(withAppName(configUri, options.appName), vars);
    try {
      if (typeof options.format === 'string' && options.format) columns = splitFormat(options.format, /,/);
      const invalid = columns.filter((c) => !(COLUMNS as readonly string[]).includes(c));
      if (invalid.length) {
        io.out(`You provided invalid formats ${pyList(invalid)}. Available formats are ${pyList([...COLUMNS])}\n`);
        return 2;
      }
      const glob = typeof options.glob === 'string' && options.glob ? globRegExp(options.glob) : null;
      const rows = routeRows(env.registry).filter((r) => !glob || glob.test(r.name) || glob.test(r.pattern));
      if (!routesOf(env.registry).length) return 0;
      io.out(table(columns as Column[], rows));
      return 0;
    } finally {
      env.closer();
    }
  }, io);
}

function splitFormat(text: string | undefined, separator: RegExp): string[] {
  return text ? text.split(separator).map((c) => c.trim()) : [...COLUMNS];
}

/** Python's repr of a list of strings: ['name', 'view']. */
function pyList(items: string[]): string {
  return `[${items.map((i) => `'${i}'`).join(', ')}]`;
}

/** Python's fnmatch: `*`, `?`, `[seq]`, `[!seq]`, whole string. */
export function globRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '[' && glob.indexOf(']', i + 2) !== -1) {
      const end = glob.indexOf(']', i + 2);
      let set = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
      if (set.startsWith('!')) set = '^' + set.slice(1);
      source += `[${set}]`;
      i = end;
    } else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^(?:${source})$`, 's');
}

/** The rows of Pyramid's `get_route_data`: one per route and distinct view, with its methods. */
export function routeRows(registry: Registry): Row[] {
  const rows: Row[] = [];
  for (const route of routesOf(registry)) {
    const pattern = route.pattern.startsWith('/') ? route.pattern : `/${route.pattern}`;
    if (route.options.static) {
      rows.push({ name: route.name, pattern, view: UNKNOWN, method: ANY });
      continue;
    }
    const staticLabel = staticViewLabel(registry, route.name);
    if (staticLabel !== undefined) {
      rows.push({ name: route.name, pattern, view: staticLabel, method: ANY });
      continue;
    }
    const routeMethods = methodsOf(route.predicates);
    const views = viewsOf(registry, route.name);
    // label → methods, in the order labels first appear; a view given no request_method adds none
    const byLabel = new Map<string, string[]>();
    if (!views.length) byLabel.set(UNKNOWN, []);
    for (const view of views) {
      const label = viewLabel(view, view.methods !== null);
      const methods = byLabel.get(label) ?? [];
      byLabel.set(label, methods);
      if (view.methods) methods.push(...view.methods);
    }
    for (const [view, methods] of byLabel) rows.push({ name: route.name, pattern, view, method: requestMethods(routeMethods, methods) });
  }
  return rows;
}

/** Pyramid's `_get_request_methods`: the route's and the views' methods, intersected. */
function requestMethods(routeMethods: string[] | null, viewMethods: string[]): string {
  const hasRoute = routeMethods !== null;
  const hasView = viewMethods.length > 0;
  let methods: Set<string>;
  if (!hasRoute && !hasView) methods = new Set([ANY]);
  else if (!hasRoute) methods = new Set(viewMethods);
  else if (!hasView) methods = new Set(routeMethods);
  else methods = new Set(routeMethods.filter((m) => viewMethods.includes(m)));
  if ((hasRoute || hasView) && !methods.size) return '<route mismatch>';
  return [...methods].sort().join(',');
}

/** Pyramid's table: each column as wide as its widest cell plus 3, each followed by a space. */
function table(columns: Column[], rows: Row[]): string {
  const header: Row = { name: 'Name', pattern: 'Pattern', view: 'View', method: 'Method' };
  const rule: Row = { name: '----', pattern: '-------', view: '----', method: '------' };
  const all = [header, rule, ...rows];
  const width = (c: Column) => Math.max(...all.map((r) => r[c].length)) + PAD;
  const widths = columns.map(width);
  return all.map((r) => columns.map((c, i) => r[c].padEnd(widths[i]) + ' ').join('') + '\n').join('');
}
