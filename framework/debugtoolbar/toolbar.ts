/**
 * One request's toolbar (pyramid_debugtoolbar's DebugToolbar): the request, its panels, what
 * was collected while it ran (log records, views, renderings, queries, the exception), and the
 * response. Kept in the history after the response is sent, so its page can be opened later.
 *
 * Code deeper in the request (a logging handler, a database layer) finds the current toolbar
 * through `activeToolbar`, an AsyncLocalStorage: the request's own, across awaits, and never
 * another request's however requests interleave.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type { Registry } from '../registry';
import type { Request } from '../request';
import type { Response } from '../response';
import { FileResponse } from '../static';
import { escapeHtml } from './html';
import type { ToolbarHistory } from './history';
import type { DebugPanel, PanelClass } from './panel';
import type { ToolbarSettings } from './settings';
import type { ExceptionReport } from './exception';

/** What the toolbar keeps in the registry when it is included and enabled. */
export interface ToolbarState {
  settings: ToolbarSettings;
  history: ToolbarHistory<DebugToolbar>;
  panelClasses: PanelClass[];
  globalPanelClasses: PanelClass[];
  registry: Registry;
}

export const STATE_KEY = 'pyramid_debugtoolbar';

/** The URL prefix of the toolbar's pages (pyramid_debugtoolbar's). */
export const ROOT_PATH = '/_debug_toolbar';

export interface ToolbarLogRecord {
  time: Date;
  level: string;
  logger: string;
  message: string;
}

/** One database query, as a database layer reports it through `reportQuery`. */
export interface QueryRecord {
  /** The statement as sent. */
  sql: string;
  /** Its parameters, if any. */
  params?: unknown;
  /** How long it took, in milliseconds. */
  durationMs: number;
  /** Which database or engine (`sqlite:app.db`). */
  engine?: string;
  /** Rows returned or changed, if known. */
  rowCount?: number;
}

export interface ViewRecord {
  description: string;
  route: string | null;
  renderer: string | null;
  exceptionView: boolean;
  site: string | null;
}

export interface RenderingRecord {
  name: string;
  system: Record<string, unknown>;
  value: unknown;
}

export const activeToolbar = new AsyncLocalStorage<DebugToolbar>();

/** The toolbar of a request being handled (for subscribers and derivers that get the request). */
const byRequest = new WeakMap<Request, DebugToolbar>();

export function toolbarOf(request: Request | undefined | null): DebugToolbar | undefined {
  return request ? byRequest.get(request) : undefined;
}

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

export class DebugToolbar {
  readonly id = randomBytes(8).toString('hex');
  readonly started = new Date();
  statusInt = 200;
  response: Response | undefined;
  exception: ExceptionReport | undefined;
  readonly panels: DebugPanel[];
  readonly globalPanels: DebugPanel[];
  /** Every panel, the request's first. */
  readonly allPanels: DebugPanel[];
  readonly logRecords: ToolbarLogRecord[] = [];
  readonly queries: QueryRecord[] = [];
  readonly views: ViewRecord[] = [];
  readonly renderings: RenderingRecord[] = [];

  constructor(readonly request: Request, readonly state: ToolbarState) {
    byRequest.set(request, this);
    // The page's panel switches keep the user's choice in a cookie, as pyramid_debugtoolbar's.
    let chosen = request.cookies.pdtb_active ?? '';
    try {
      chosen = decodeURIComponent(chosen);
    } catch {
      // a mangled cookie activates nothing
    }
    const active = new Set([...chosen.split(','), ...state.settings.activePanels]);
    const make = (cls: PanelClass) => {
      const panel = new cls(this);
      panel.isActive = !panel.userActivate || active.has(panel.name);
      return panel;
    };
    this.panels = state.panelClasses.map(make);
    this.globalPanels = state.globalPanelClasses.map(make);
    this.allPanels = [...this.panels, ...this.globalPanels];
  }

  /** This request's page in the toolbar. */
  get url(): string {
    return `${this.request.applicationUrl}${ROOT_PATH}/${this.id}`;
  }

  processResponse(response: Response): void {
    this.statusInt = response.statusCode;
    this.response = response;
    for (const panel of this.allPanels) panel.processResponse(response);
  }

  /** Whether the toolbar's button may go into this response: HTML, not a file, not encoded. */
  static canInject(response: Response): boolean {
    return (
      response.contentType !== null &&
      HTML_TYPES.has(response.contentType.toLowerCase()) &&
      !(response instanceof FileResponse) &&
      response.getHeader('Content-Encoding') === undefined &&
      response.rawBody !== null
    );
  }

  /** Puts the toolbar's button before the last `</body>` (none: the response is left as it is). */
  inject(response: Response): void {
    if (!DebugToolbar.canInject(response)) return;
    const charset = response.charset ?? 'utf-8';
    const encoding = /^utf-?8$/i.test(charset) ? 'utf8' : 'latin1';
    const raw = response.rawBody!;
    const html = typeof raw === 'string' ? raw : raw.toString(encoding);
    const at = html.toLowerCase().lastIndexOf('</body>');
    if (at === -1) return;
    const style = this.state.settings.buttonStyle;
    const button =
      `<div id="pDebug"><div id="pDebugToolbarHandle"${style ? ` style="${escapeHtml(style)}"` : ''}>` +
      `<a title="Show Toolbar" id="pShowToolBarButton" href="${escapeHtml(this.url)}" target="pDebugToolbar">&#171;</a></div></div>` +
      `<style>#pDebugToolbarHandle{position:fixed;top:30px;right:0;z-index:100000;background:#2a2a2a;border-radius:4px 0 0 4px;` +
      `font:bold 20px sans-serif}#pDebugToolbarHandle a{display:block;padding:4px 10px;color:#fff;text-decoration:none}</style>`;
    const injected = html.slice(0, at) + button + html.slice(at);
    response.body = typeof raw === 'string' ? injected : Buffer.from(injected, encoding);
  }
}
