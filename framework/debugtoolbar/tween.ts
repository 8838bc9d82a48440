/**
 * The toolbar's tween (pyramid_debugtoolbar's `toolbar_tween_factory`), over the exception
 * views: for a client in `debugtoolbar.hosts` and a path not excluded, it serves the toolbar's
 * pages, or watches the request (panels, log records, views, queries), keeps it in the history,
 * turns an unhandled error into the exception page (`intercept_exc`), a redirect into a page
 * showing where it goes (`intercept_redirects`), and puts the toolbar's button into HTML.
 * With `debugtoolbar.enabled = false` the factory returns the handler below it unchanged.
 */
import { getLogger } from '../logging';
import { HTTPException } from '../httpexceptions';
import { Response } from '../response';
import { isThenable } from '../views';
import type { Registry } from '../registry';
import type { Request } from '../request';
import type { Handler } from '../tweens';
import { hostsMatcher } from './hosts';
import { isErrorLike, reportException } from './exception';
import { exceptionResponse, redirectPage, toolbarPageResponse } from './pages';
import { activeToolbar, DebugToolbar, ROOT_PATH, STATE_KEY, type ToolbarState } from './toolbar';

const log = getLogger('pyramid_debugtoolbar');

/** The tween's name, pyramid_debugtoolbar's, so that `pyramid.tweens` lists carry over. */
export const TWEEN_NAME = 'pyramid_debugtoolbar.toolbar_tween_factory';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function errorName(error: unknown): string {
  return isErrorLike(error) ? error.name : typeof error;
}

/** A copy of `response` with its body, status and Location replaced by the redirect page. */
function interceptRedirect(response: Response, request: Request): Response {
  const location = response.location!;
  const page = new Response(redirectPage(location, response.statusCode, request.applicationUrl + ROOT_PATH));
  // What the view set besides the redirect (a login's Set-Cookie) still reaches the browser.
  for (const [name, value] of Object.entries(response.headers)) {
    if (!/^(location|content-type|content-length|content-encoding)$/i.test(name)) page.headers[name] = value;
  }
  return page;
}

export function toolbarTweenFactory(handler: Handler, registry: Registry): Handler {
  const state = registry.extras.get(STATE_KEY) as ToolbarState | undefined;
  if (!state || !state.settings.enabled) return handler;
  const { settings, history } = state;
  const allowed = hostsMatcher(settings.hosts);
  const excluded = settings.excludePrefixes;

  return (request) => {
    const path = request.pathInfo;
    if (!allowed(request.remoteAddr) || excluded.some((prefix) => path.startsWith(prefix))) return handler(request);
    if (path === ROOT_PATH || path.startsWith(ROOT_PATH + '/')) return toolbarPageResponse(request, path.slice(ROOT_PATH.length), state);

    const toolbar = new DebugToolbar(request, state);
    history.put(toolbar.id, toolbar);
    let wrapped = handler;
    for (const panel of toolbar.panels) wrapped = panel.wrapHandler(wrapped);

    const finish = (response: Response): Response => {
      if (request.exception !== undefined && settings.interceptExc && !(request.exception instanceof HTTPException)) {
        // An exception view answered: the toolbar keeps the traceback all the same.
        toolbar.exception = reportException(request.exception, request);
        log.info(`Squashed ${errorName(request.exception)} at ${request.url}\ntraceback url: ${toolbar.url}/exception`);
      }
      if (settings.interceptRedirects && REDIRECTS.has(response.statusCode) && response.location) {
        response = interceptRedirect(response, request);
      }
      // An HTTP exception's body is made for the client's Accept; the button goes into it.
      if (response instanceof HTTPException) response.prepare(request);
      toolbar.processResponse(response);
      // Response callbacks (the session's cookie) run after the tweens: the panels see their work too.
      request.addResponseCallback((_request, final) => toolbar.processResponse(final));
      if (!settings.showOnExcOnly) toolbar.inject(response);
      return response;
    };

    const fail = (error: unknown): Response => {
      // An HTTP exception no view took is the response, as the router treats it.
      if (error instanceof HTTPException) return finish(error);
      if (!settings.interceptExc) throw error;
      toolbar.exception = reportException(error, request);
      log.exception(`Uncaught ${errorName(error)} at ${request.url}\ntraceback url: ${toolbar.url}/exception`, error);
      const response = exceptionResponse(toolbar, request, state);
      toolbar.processResponse(response);
      toolbar.inject(response);
      request.exception = error;
      return response;
    };

    return activeToolbar.run(toolbar, () => {
      let result: Response | Promise<Response>;
      try {
        result = wrapped(request);
      } catch (error) {
        return fail(error);
      }
      return isThenable(result) ? Promise.resolve(result).then(finish, fail) : finish(result);
    });
  };
}
