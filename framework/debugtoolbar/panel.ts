/**
 * What a toolbar panel is (pyramid_debugtoolbar's DebugPanel): made for each request the
 * toolbar watches, it may wrap the handler below the toolbar's tween (`wrapHandler`), see the
 * values each renderer receives (`processBeforeRender`) and the response (`processResponse`),
 * and renders its content as HTML for the toolbar's page.
 *
 * @example
 *   export class HeadersCountPanel extends DebugPanel {
 *     static panelName = 'headers_count';
 *     readonly name = 'headers_count';
 *     readonly title = 'Header count';
 *     render() { return `<p>${Object.keys(this.request.headers).length}</p>`; }
 *   }
 *   // debugtoolbar.extra_panels = myapp.panels:HeadersCountPanel
 */
import type { BeforeRender } from '../events';
import type { Request } from '../request';
import type { Response } from '../response';
import type { Handler } from '../tweens';
import type { DebugToolbar } from './toolbar';

export abstract class DebugPanel {
  /** The name that `debugtoolbar.panels` and `active_panels` use. */
  abstract readonly name: string;
  abstract readonly title: string;
  /** The label in the toolbar's list (the title unless set). */
  get navTitle(): string {
    return this.title;
  }
  /** A short figure beside the label (the time taken, the number of records). */
  navSubtitle = '';
  /** Whether the panel has anything to show for this request. */
  get hasContent(): boolean {
    return true;
  }
  /** A panel the user turns on (its work costs something: the CPU profile). */
  readonly userActivate: boolean = false;
  /** Whether the user (or `active_panels`) turned it on. */
  isActive = false;

  constructor(readonly toolbar: DebugToolbar) {}

  get request(): Request {
    return this.toolbar.request;
  }

  wrapHandler(handler: Handler): Handler {
    return handler;
  }

  processBeforeRender(_event: BeforeRender): void {}

  processResponse(_response: Response): void {}

  /** The panel's content, as HTML. */
  abstract render(): string;
}

/** A panel class, as `debugtoolbar.extra_panels` names one: `module:Export`. */
export interface PanelClass {
  new (toolbar: DebugToolbar): DebugPanel;
  readonly panelName: string;
}
