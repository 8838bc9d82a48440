/**
 * The built-in panels, under pyramid_debugtoolbar's names: request_vars (with the session
 * before and after the view), headers (the response's status and headers), renderings (views
 * and renderers), logging, performance, sql (reported by a database layer), traceback, and the
 * global ones: routes, settings, tweens, versions.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import * as inspector from 'node:inspector';
import { performance } from 'node:perf_hooks';
import { findPackageRoot } from '../path';
import { isThenable } from '../views';
import type { BeforeRender } from '../events';
import type { Response } from '../response';
import type { Handler } from '../tweens';
import { DebugPanel, type PanelClass } from './panel';
import { escapeHtml, grid, repr, section, table } from './html';
import { exceptionHtml } from './exception';

function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/** The session's items now, as text: a later change to the session does not alter it. */
export function sessionSnapshot(request: DebugPanel['request']): Array<[string, string]> | null {
  if (!request.registry?.sessionFactory) return null;
  try {
    return request.session.items().map(([k, v]): [string, string] => [k, repr(v)]);
  } catch (error) {
    return [['(the session could not be read)', String(error)]];
  }
}

export class RequestVarsPanel extends DebugPanel {
  static panelName = 'request_vars';
  readonly name = 'request_vars';
  readonly title = 'Request Vars';
  /** Taken when the context is found, before the view runs (a ContextFound subscriber). */
  sessionBefore: Array<[string, string]> | null = null;
  private sessionAfter: Array<[string, string]> | null = null;
  private attributes: Array<[string, unknown]> = [];

  processResponse(): void {
    const r = this.request;
    this.sessionAfter = sessionSnapshot(r);
    this.attributes = [
      ['method', r.method], ['url', r.url], ['applicationUrl', r.applicationUrl], ['path', r.path], ['pathInfo', r.pathInfo],
      ['queryString', r.queryString], ['scheme', r.scheme], ['host', r.host], ['remoteAddr', r.remoteAddr],
      ['matchedRoute', r.matchedRoute?.name ?? null], ['matchdict', r.matchdict], ['viewName', r.viewName],
      ['subpath', r.subpath], ['traversed', r.traversed], ['context', r.context], ['root', r.root],
      ['exception', r.exception ?? null],
    ];
  }

  render(): string {
    const r = this.request;
    const post = safely(() => (r.body.length ? r.POST.items() : []), [] as Array<[string, string]>);
    const session = (items: Array<[string, string]> | null) => (items ? table(items, ['Key', 'Value'], 'Empty') : '<p class="pdtb-empty">No session factory</p>');
    return (
      section('GET', table(safely(() => r.GET.items(), []))) +
      section('POST', table(post)) +
      section('Cookies', table(Object.entries(safely(() => r.cookies, {})))) +
      `<div class="pdtb-session">${section('Session (before the view)', session(this.sessionBefore))}</div>` +
      `<div class="pdtb-session-after">${section('Session (after the view)', session(this.sessionAfter))}</div>` +
      section('Matchdict', table(Object.entries(r.matchdict ?? {}))) +
      section('Request attributes', table(this.attributes)) +
      section('Request headers', table(Object.entries(r.headers)))
    );
  }
}

export class HeadersPanel extends DebugPanel {
  static panelName = 'headers';
  readonly name = 'headers';
  readonly title = 'Response';
  private status = '';
  private headers: Array<[string, unknown]> = [];

  processResponse(response: Response): void {
    this.status = `${response.statusCode} ${response.reason}`;
    // One row per value, as webob lists headers: each Set-Cookie apart.
    this.headers = Object.entries(response.headers).flatMap(([k, v]) => (Array.isArray(v) ? v.map((one): [string, unknown] => [k, one]) : [[k, v]]));
    const type = response.contentTypeHeader;
    if (type && !this.headers.some(([k]) => k.toLowerCase() === 'content-type')) this.headers.push(['Content-Type', type]);
    this.navSubtitle = String(response.statusCode);
  }

  render(): string {
    return section('Status', `<p class="pdtb-status">${escapeHtml(this.status)}</p>`) + section('Response headers', table(this.headers));
  }
}

export class RenderingsPanel extends DebugPanel {
  static panelName = 'renderings';
  readonly name = 'renderings';
  readonly title = 'Views and Renderers';
  get navTitle(): string {
    return 'Views/Renderers';
  }

  processBeforeRender(event: BeforeRender): void {
    const system: Record<string, unknown> = {};
    for (const key of Object.keys(event)) if (key !== 'request' && key !== 'renderer_info') system[key] = event[key];
    this.toolbar.renderings.push({ name: String(event.renderer_name ?? ''), system, value: repr(event.renderingVal) });
  }

  render(): string {
    const views = grid(
      ['View', 'Route', 'Renderer', 'Configured at'],
      this.toolbar.views.map((v) => [
        `<code>${escapeHtml(v.description)}</code>${v.exceptionView ? ' (exception view)' : ''}`,
        escapeHtml(v.route ?? ''),
        escapeHtml(v.renderer ?? ''),
        escapeHtml(v.site ?? ''),
      ]),
      'No view was called',
    );
    const renderings = this.toolbar.renderings
      .map((r, i) => section(`Rendering ${i + 1}: ${r.name}`, table([['values', r.value], ...Object.entries(r.system)])))
      .join('');
    return section('Views', views) + section('Renderers', renderings || '<p class="pdtb-empty">Nothing was rendered</p>');
  }
}

export class LoggingPanel extends DebugPanel {
  static panelName = 'logging';
  readonly name = 'logging';
  readonly title = 'Log Messages';
  get navTitle(): string {
    return 'Logging';
  }
  get hasContent(): boolean {
    return this.toolbar.logRecords.length > 0;
  }

  processResponse(): void {
    const n = this.toolbar.logRecords.length;
    this.navSubtitle = n ? String(n) : '';
  }

  render(): string {
    return grid(
      ['Level', 'Time', 'Logger', 'Message'],
      this.toolbar.logRecords.map((r) => [escapeHtml(r.level), escapeHtml(r.time.toISOString()), escapeHtml(r.logger), `<pre>${escapeHtml(r.message)}</pre>`]),
      'No records',
    );
  }
}

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }
interface Profile { nodes: ProfileNode[]; startTime: number; endTime: number; samples?: number[] }

/** Only one CPU profile at a time: the inspector's profiler is the process's. */
let profiling = false;

export class PerformancePanel extends DebugPanel {
  static panelName = 'performance';
  readonly name = 'performance';
  readonly title = 'Performance';
  readonly userActivate = true;
  private wallMs = 0;
  private cpu: NodeJS.CpuUsage | null = null;
  private profile: Profile | null = null;
  private profileNote = '';

  wrapHandler(handler: Handler): Handler {
    return (request) => {
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      const done = () => {
        this.wallMs = performance.now() - start;
        this.cpu = process.cpuUsage(cpuStart);
        this.navSubtitle = `${this.wallMs.toFixed(2)} ms`;
      };
      if (!this.isActive) {
        const result = handler(request);
        if (isThenable(result)) return Promise.resolve(result).finally(done);
        done();
        return result;
      }
      if (profiling) {
        this.profileNote = 'Another request was being profiled: no profile for this one.';
        const result = handler(request);
        return isThenable(result) ? Promise.resolve(result).finally(done) : (done(), result);
      }
      return this.profiled(() => handler(request)).finally(done);
    };
  }

  private async profiled(run: () => Response | Promise<Response>): Promise<Response> {
    profiling = true;
    const session = new inspector.Session();
    const post = (method: string, params?: object) =>
      new Promise<any>((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));
    session.connect();
    try {
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 100 });
      await post('Profiler.start');
      try {
        return await run();
      } finally {
        this.profile = ((await post('Profiler.stop')) as { profile: Profile }).profile;
      }
    } finally {
      session.disconnect();
      profiling = false;
    }
  }

  private profileHtml(): string {
    if (!this.isActive) return '<p class="pdtb-empty">Turn the CPU profile on (the switch beside this panel) and reload the page to profile a request.</p>';
    if (!this.profile) return `<p class="pdtb-empty">${escapeHtml(this.profileNote || 'No profile')}</p>`;
    const { nodes, startTime, endTime, samples } = this.profile;
    const interval = samples?.length ? (endTime - startTime) / samples.length / 1000 : 0;
    const byFunction = new Map<string, number>();
    for (const node of nodes) {
      const { functionName, url, lineNumber } = node.callFrame;
      const key = `${functionName || '(anonymous)'} ${url ? `${url}:${lineNumber + 1}` : ''}`.trim();
      byFunction.set(key, (byFunction.get(key) ?? 0) + (node.hitCount ?? 0));
    }
    const rows = [...byFunction].filter(([, hits]) => hits > 0).sort((a, b) => b[1] - a[1]).slice(0, 40);
    return grid(['Self time (ms)', 'Samples', 'Function'], rows.map(([fn, hits]) => [(hits * interval).toFixed(2), String(hits), `<code>${escapeHtml(fn)}</code>`]), 'The request ran too briefly to be sampled (every 0.1 ms).');
  }

  render(): string {
    const cpu = this.cpu;
    return (
      section('Time', table([
        ['Wall clock time (ms)', this.wallMs.toFixed(3)],
        ['Process CPU, user (ms)', cpu ? (cpu.user / 1000).toFixed(3) : ''],
        ['Process CPU, system (ms)', cpu ? (cpu.system / 1000).toFixed(3) : ''],
      ])) +
      '<p class="pdtb-note">CPU time is the whole process\'s while the request ran: other requests served meanwhile count in it.</p>' +
      section('CPU profile', this.profileHtml())
    );
  }
}

export class SqlPanel extends DebugPanel {
  static panelName = 'sql';
  readonly name = 'sql';
  readonly title = 'SQL Queries';
  get navTitle(): string {
    return 'SQL';
  }
  get hasContent(): boolean {
    return this.toolbar.queries.length > 0;
  }

  processResponse(): void {
    const q = this.toolbar.queries;
    this.navSubtitle = q.length ? `${q.length} in ${q.reduce((t, x) => t + x.durationMs, 0).toFixed(2)} ms` : '';
  }

  render(): string {
    return grid(
      ['Time (ms)', 'Engine', 'Query', 'Parameters', 'Rows'],
      this.toolbar.queries.map((q) => [
        q.durationMs.toFixed(3), escapeHtml(q.engine ?? ''), `<pre>${escapeHtml(q.sql)}</pre>`,
        q.params === undefined ? '' : `<pre>${escapeHtml(repr(q.params))}</pre>`, q.rowCount === undefined ? '' : String(q.rowCount),
      ]),
      'No queries were reported',
    );
  }
}

export class TracebackPanel extends DebugPanel {
  static panelName = 'traceback';
  readonly name = 'traceback';
  readonly title = 'Traceback';
  get hasContent(): boolean {
    return this.toolbar.exception !== undefined;
  }

  render(): string {
    return this.toolbar.exception ? exceptionHtml(this.toolbar.exception) : '<p class="pdtb-empty">No exception</p>';
  }
}

export class RoutesPanel extends DebugPanel {
  static panelName = 'routes';
  readonly name = 'routes';
  readonly title = 'Routes';

  render(): string {
    const routes = this.toolbar.state.registry.routes;
    const matched = this.request.matchedRoute?.name;
    const rows = routes.names.map((name) => {
      const route = routes.get(name)!;
      const mark = name === matched ? ' <strong class="pdtb-matched">(matched)</strong>' : '';
      return [escapeHtml(name) + mark, `<code>${escapeHtml(route.pattern)}</code>`, escapeHtml(route.options.static ? 'static (URL generation only)' : '')];
    });
    return section('Matched', `<p>${escapeHtml(matched ?? 'No route matched')}</p>`) + section('All routes', grid(['Name', 'Pattern', 'Notes'], rows, 'No routes'));
  }
}

export class SettingsPanel extends DebugPanel {
  static panelName = 'settings';
  readonly name = 'settings';
  readonly title = 'Settings';

  render(): string {
    const settings = this.toolbar.state.registry.settings;
    return table(Object.keys(settings).sort().map((k): [string, unknown] => [k, settings[k]]));
  }
}

export class TweensPanel extends DebugPanel {
  static panelName = 'tweens';
  readonly name = 'tweens';
  readonly title = 'Tweens';

  render(): string {
    const tweens = this.toolbar.state.registry.tweens;
    const rows = tweens.inUse().map((t, i) => [String(i + 1), `<code>${escapeHtml(t.name)}</code>`, escapeHtml(t.site ? String(t.site) : '')]);
    rows.push([String(rows.length + 1), '<code>MAIN</code>', 'the router: route, traversal, view']);
    return `<p>${tweens.explicit.length ? 'Explicit (pyramid.tweens)' : 'Implicit (from addTween)'} order, from the request's way in:</p>` + grid(['#', 'Tween', 'Added at'], rows);
  }
}

export class IntrospectionPanel extends DebugPanel {
  static panelName = 'introspection';
  readonly name = 'introspection';
  readonly title = 'Introspection';

  render(): string {
    const introspector = this.toolbar.state.registry.introspector;
    return introspector.categoryNames().map((category) => section(category, grid(
      ['Title', 'Details', 'Registered at'],
      introspector.getCategory(category).map((item) => [
        `<code>${escapeHtml(item.title)}</code>`,
        `<pre>${escapeHtml(repr(item.data))}</pre>`,
        escapeHtml(item.site ? String(item.site) : ''),
      ]),
    ))).join('') || '<p class="pdtb-empty">Nothing registered</p>';
  }
}

function packageVersion(dir: string): string | undefined {
  return safely(() => (JSON.parse(fs.readFileSync(nodePath.join(dir, 'package.json'), 'utf8')) as { version?: string }).version, undefined);
}

/**
 * The folder of package `name` as Node finds it from `dir`: node_modules/NAME in `dir` or the
 * nearest folder above. (Not `require.resolve('NAME/package.json')`: a package whose `exports`
 * leave out its package.json, as kysely's do, would look not installed.)
 */
function installedPackage(name: string, dir: string): string | null {
  for (let at = dir; ; at = nodePath.dirname(at)) {
    const candidate = nodePath.join(at, 'node_modules', name);
    if (fs.existsSync(nodePath.join(candidate, 'package.json'))) return candidate;
    if (nodePath.dirname(at) === at) return null;
  }
}

/** Each dependency in `dir`'s package.json, with the version Node resolves from there. */
function dependencyVersions(dir: string): Array<[string, unknown]> {
  const manifest = safely(() => JSON.parse(fs.readFileSync(nodePath.join(dir, 'package.json'), 'utf8')) as { dependencies?: object; devDependencies?: object }, {});
  return [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})].map((name): [string, unknown] => {
    const where = installedPackage(name, dir);
    return [name, where ? packageVersion(where) ?? '?' : 'not installed'];
  });
}

export class VersionsPanel extends DebugPanel {
  static panelName = 'versions';
  readonly name = 'versions';
  readonly title = 'Versions';

  render(): string {
    const framework = nodePath.resolve(__dirname, '..');
    // the app's folder: the nearest package.json above the working directory (pserve runs there)
    const app = findPackageRoot(process.cwd());
    return (
      section('Platform', table([['Node', process.version], ['V8', process.versions.v8], ['Platform', `${process.platform} ${process.arch}`], ['pyramid-ts', packageVersion(framework) ?? '?']])) +
      section('pyramid-ts dependencies', table(dependencyVersions(framework))) +
      (app ? section(`The app's dependencies (${nodePath.join(app, 'package.json')})`, table(dependencyVersions(app))) : '')
    );
  }
}

/** Built-in panels by name; `isGlobal` ones show the app, not the request. */
export const BUILTIN_PANELS: ReadonlyArray<{ cls: PanelClass; isGlobal: boolean }> = [
  { cls: HeadersPanel, isGlobal: false },
  { cls: LoggingPanel, isGlobal: false },
  { cls: PerformancePanel, isGlobal: false },
  { cls: RenderingsPanel, isGlobal: false },
  { cls: RequestVarsPanel, isGlobal: false },
  { cls: SqlPanel, isGlobal: false },
  { cls: TracebackPanel, isGlobal: false },
  { cls: IntrospectionPanel, isGlobal: true },
  { cls: RoutesPanel, isGlobal: true },
  { cls: SettingsPanel, isGlobal: true },
  { cls: TweensPanel, isGlobal: true },
  { cls: VersionsPanel, isGlobal: true },
];
