/** The `debugtoolbar.*` settings: Pyramid's names and defaults, and errors that say what to do. */
import { parseToolbarSettings } from '../../../framework/debugtoolbar/settings';
import { hostsMatcher } from '../../../framework/debugtoolbar/hosts';
import { ToolbarHistory } from '../../../framework/debugtoolbar/history';
import { makeApp } from '../helpers';

describe('parseToolbarSettings', () => {
  it("has pyramid_debugtoolbar's defaults", () => {
    expect(parseToolbarSettings({})).toEqual({
      enabled: true, interceptExc: 'debug', interceptRedirects: false, hosts: ['127.0.0.1', '::1'], excludePrefixes: ['/favicon.ico'],
      maxRequestHistory: 100, maxVisibleRequests: 10, panels: [], extraPanels: [], globalPanels: [], extraGlobalPanels: [],
      activePanels: [], buttonStyle: '', showOnExcOnly: false,
    });
  });

  it('reads ini text: booleans, lists, lines, counts; intercept_exc takes debug, display or false', () => {
    const s = parseToolbarSettings({
      'debugtoolbar.enabled': 'no', 'debugtoolbar.hosts': '10.0.0.0/8\n::1', 'debugtoolbar.exclude_prefixes': '/static\n/assets',
      'debugtoolbar.max_request_history': '5', 'debugtoolbar.intercept_exc': 'display', 'debugtoolbar.panels': 'request_vars routes',
    });
    expect([s.enabled, s.hosts, s.excludePrefixes, s.maxRequestHistory, s.interceptExc, s.panels]).toEqual([
      false, ['10.0.0.0/8', '::1'], ['/static', '/assets'], 5, 'display', ['request_vars', 'routes'],
    ]);
    expect(parseToolbarSettings({ 'debugtoolbar.intercept_exc': 'false' }).interceptExc).toBe(false);
    expect(parseToolbarSettings({ 'debugtoolbar.intercept_exc': 'true' }).interceptExc).toBe('debug');
  });

  it('refuses what it does not know, naming what it knows or what to set instead', () => {
    expect(() => parseToolbarSettings({ 'debugtoolbar.intercept_exceptions': 'true' })).toThrow(
      /^Unknown setting debugtoolbar\.intercept_exceptions: the debug toolbar knows debugtoolbar\.enabled, debugtoolbar\.intercept_exc, /,
    );
    expect(() => parseToolbarSettings({ 'debugtoolbar.reload_templates': 'true' })).toThrow('debugtoolbar.reload_templates is not supported: set pyramid.reload_templates instead');
    expect(() => parseToolbarSettings({ 'debugtoolbar.max_request_history': 'lots' })).toThrow('debugtoolbar.max_request_history = lots: a whole number is needed');
    expect(() => parseToolbarSettings({ 'debugtoolbar.intercept_exc': 'sometimes' })).toThrow('debugtoolbar.intercept_exc = sometimes: use debug, display or false');
  });

  it('at include: a bad host or an unknown panel stops the app at start-up', () => {
    const include = (settings: Record<string, string>) => () => makeApp((config) => config.include('pyramid_debugtoolbar'), settings);
    expect(include({ 'debugtoolbar.hosts': 'localhost' })).toThrow("debugtoolbar.hosts: 'localhost' is not an IP address or network (such as 127.0.0.1, ::1, 192.168.0.0/16)");
    expect(include({ 'debugtoolbar.panels': 'sqlalchemy' })).toThrow(/^debugtoolbar\.panels: no panel 'sqlalchemy'\. Known panels: headers, logging, performance, renderings, request_vars, sql, traceback, introspection, routes, settings, tweens, versions; or name your own as module:Export$/);
  });
});

describe('hostsMatcher', () => {
  it('matches addresses and networks, IPv4 clients on dual-stack sockets, and refuses proxies\' lists', () => {
    const allowed = hostsMatcher(['127.0.0.1', '::1', '192.168.0.0/16', 'fd00::/8']);
    expect(['127.0.0.1', '::ffff:127.0.0.1', '::1', '192.168.4.2', 'fd12::1', 'fe80::1%eth0'].map(allowed)).toEqual([true, true, true, true, true, false]);
    expect(['10.0.0.1', '127.0.0.2', undefined, '', '127.0.0.1, 10.0.0.1', 'nonsense'].map(allowed)).toEqual([false, false, false, false, false, false]);
  });
});

describe('ToolbarHistory', () => {
  it('keeps the newest max entries, newest first', () => {
    const history = new ToolbarHistory<number>(2);
    history.put('a', 1);
    history.put('b', 2);
    history.put('c', 3);
    expect(history.get('a')).toBeUndefined();
    expect(history.last(10)).toEqual([['c', 3], ['b', 2]]);
    expect(new ToolbarHistory<number>(0).size).toBe(0);
  });
});
