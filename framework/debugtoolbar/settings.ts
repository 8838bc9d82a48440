/**
 * The toolbar's settings, under pyramid_debugtoolbar's names and with its defaults, so that a
 * Pyramid project's `development.ini` carries over unchanged:
 *
 *   debugtoolbar.enabled = true
 *   debugtoolbar.hosts = 127.0.0.1 ::1 192.168.0.0/16
 *   debugtoolbar.intercept_exc = debug
 *
 * A `debugtoolbar.*` name this port does not know is a ConfigurationError listing the known ones:
 * no setting is accepted and then ignored.
 */
import { ConfigurationError } from '../exceptions';
import { asbool, aslist } from '../ini';
import type { Settings } from '../registry';

export const PREFIX = 'debugtoolbar.';

export interface ToolbarSettings {
  enabled: boolean;
  /** `'debug'` and `'display'` both show the exception page (there is no in-browser console); false passes the error on. */
  interceptExc: 'debug' | 'display' | false;
  interceptRedirects: boolean;
  /** Addresses and networks (`192.168.0.0/16`) allowed to see the toolbar. */
  hosts: string[];
  /** Path prefixes the toolbar leaves alone, one per line. */
  excludePrefixes: string[];
  maxRequestHistory: number;
  maxVisibleRequests: number;
  panels: string[];
  extraPanels: string[];
  globalPanels: string[];
  extraGlobalPanels: string[];
  /** Panels switched on without the user asking (the performance profile). */
  activePanels: string[];
  /** Extra CSS for the toolbar's button. */
  buttonStyle: string;
  showOnExcOnly: boolean;
}

type Parser = (value: unknown, name: string) => unknown;

const asList: Parser = (value) => (Array.isArray(value) ? value.map(String) : aslist(value === undefined ? undefined : String(value)));
const asLines: Parser = (value) => (Array.isArray(value) ? value.map(String) : aslist(value === undefined ? undefined : String(value), false));
const asBool: Parser = (value) => asbool(value);
const asString: Parser = (value) => String(value ?? '');
const asCount: Parser = (value, name) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ConfigurationError(`${name} = ${String(value)}: a whole number is needed`);
  return n;
};
const asIntercept: Parser = (value, name) => {
  const text = String(value).trim().toLowerCase();
  if (text === 'debug' || text === 'display') return text;
  if (value === false || ['false', 'f', 'n', 'no', 'off', '0', ''].includes(text)) return false;
  // pyramid_debugtoolbar's as_display_debug_or_false takes a true value as 'debug'
  if (asbool(value)) return 'debug';
  throw new ConfigurationError(`${name} = ${String(value)}: use debug, display or false`);
};

/** Each setting: its option, its parser, and pyramid_debugtoolbar's default. */
const KNOWN: Record<string, [keyof ToolbarSettings, Parser, unknown]> = {
  enabled: ['enabled', asBool, 'true'],
  intercept_exc: ['interceptExc', asIntercept, 'debug'],
  intercept_redirects: ['interceptRedirects', asBool, 'false'],
  hosts: ['hosts', asList, '127.0.0.1 ::1'],
  exclude_prefixes: ['excludePrefixes', asLines, '/favicon.ico'],
  max_request_history: ['maxRequestHistory', asCount, '100'],
  max_visible_requests: ['maxVisibleRequests', asCount, '10'],
  panels: ['panels', asList, ''],
  extra_panels: ['extraPanels', asList, ''],
  global_panels: ['globalPanels', asList, ''],
  extra_global_panels: ['extraGlobalPanels', asList, ''],
  active_panels: ['activePanels', asList, ''],
  button_style: ['buttonStyle', asString, ''],
  show_on_exc_only: ['showOnExcOnly', asBool, 'false'],
};

/** pyramid_debugtoolbar settings this port does not take, and what to do instead. */
const REFUSED: Record<string, string> = {
  includes: 'name panel modules in debugtoolbar.extra_panels as module:Export instead',
  debug_notfound: 'set pyramid.debug_notfound instead',
  debug_routematch: 'set pyramid.debug_routematch instead',
  prevent_http_cache: 'set pyramid.prevent_http_cache instead',
  reload_assets: 'set pyramid.reload_assets instead',
  reload_resources: 'set pyramid.reload_assets instead',
  reload_templates: 'set pyramid.reload_templates instead',
};

/** The toolbar's settings from the app's (`debugtoolbar.*`), defaults filled in. */
export function parseToolbarSettings(settings: Settings): ToolbarSettings {
  for (const key of Object.keys(settings)) {
    if (!key.startsWith(PREFIX)) continue;
    const name = key.slice(PREFIX.length);
    if (KNOWN[name]) continue;
    if (REFUSED[name]) throw new ConfigurationError(`${key} is not supported: ${REFUSED[name]}`);
    throw new ConfigurationError(`Unknown setting ${key}: the debug toolbar knows ${Object.keys(KNOWN).map((n) => PREFIX + n).join(', ')}`);
  }
  const parsed: Partial<Record<keyof ToolbarSettings, unknown>> = {};
  for (const [name, [option, parse, fallback]] of Object.entries(KNOWN)) {
    const given = settings[PREFIX + name];
    parsed[option] = parse(given === undefined || given === null ? fallback : given, PREFIX + name);
  }
  return parsed as ToolbarSettings;
}
