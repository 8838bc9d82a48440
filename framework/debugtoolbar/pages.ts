/**
 * The toolbar's own pages, under `/_debug_toolbar/` and served by its tween (never by the app's
 * routes, so that a client the toolbar does not serve gets the app's 404):
 *
 *   /_debug_toolbar/                  the newest request's panels
 *   /_debug_toolbar/{id}              one request's panels, with the history beside them
 *   /_debug_toolbar/{id}/exception    the exception page of a request that failed
 *   /_debug_toolbar/redirect          the page an intercepted redirect is replaced with
 */
import { Response } from '../response';
import { acceptableOffers } from '../accept';
import type { Request } from '../request';
import { escapeHtml } from './html';
import { exceptionHtml, exceptionText } from './exception';
import { ROOT_PATH, type DebugToolbar, type ToolbarState } from './toolbar';

const STYLE = `
body{margin:0;font:14px/1.4 system-ui,sans-serif;color:#222;background:#f7f7f7}
header{background:#2a2a2a;color:#fff;padding:8px 16px}header a{color:#9cf}
.pdtb-wrap{display:flex;align-items:flex-start}nav{width:220px;background:#fff;border-right:1px solid #ddd;min-height:90vh}
nav ul{list-style:none;margin:0;padding:0}nav li{border-bottom:1px solid #eee}nav li a{display:block;padding:8px 12px;color:#222;text-decoration:none}
nav li a small{color:#888;margin-left:6px}nav li.pdtb-selected a{background:#e8f0fe;font-weight:bold}nav li.pdtb-nocontent a{color:#aaa}
nav label{display:block;padding:0 12px 6px;font-size:12px;color:#555}
main{flex:1;padding:12px 20px;overflow:auto}.pdtb-panel{display:none}.pdtb-panel.pdtb-shown{display:block}
table.pdtb-table{border-collapse:collapse;width:100%;background:#fff;margin-bottom:12px}
.pdtb-table th,.pdtb-table td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
pre{margin:0;white-space:pre-wrap;word-break:break-all;font:12px/1.4 ui-monospace,monospace}
.pdtb-empty,.pdtb-note{color:#777}.pdtb-history{font-size:12px}.pdtb-history a{margin-right:10px}
.pdtb-error{color:#a00}ol.pdtb-frames{padding-left:24px}.pdtb-frame{margin-bottom:8px}.pdtb-user .pdtb-frame-head{font-weight:bold}
.pdtb-source{background:#fff;border:1px solid #ddd;padding:4px}.pdtb-lineno{display:inline-block;width:4em;color:#999}
.pdtb-current{background:#fdd;display:block}.pdtb-line{display:block}
`;

const SCRIPT = `
(function(){
  function show(name){
    document.querySelectorAll('.pdtb-panel').forEach(function(p){p.classList.toggle('pdtb-shown',p.id==='pDebugPanel-content-'+name)});
    document.querySelectorAll('nav li[data-panel]').forEach(function(li){li.classList.toggle('pdtb-selected',li.dataset.panel===name)});
  }
  document.querySelectorAll('nav li[data-panel] a').forEach(function(a){
    a.addEventListener('click',function(e){e.preventDefault();var n=a.parentNode.dataset.panel;history.replaceState(null,'','#'+n);show(n)});
  });
  document.querySelectorAll('nav input[data-activate]').forEach(function(box){
    box.addEventListener('change',function(){
      var m=/(?:^|; )pdtb_active=([^;]*)/.exec(document.cookie);var on=m?decodeURIComponent(m[1]).split(',').filter(Boolean):[];
      on=on.filter(function(n){return n!==box.dataset.activate});if(box.checked)on.push(box.dataset.activate);
      document.cookie='pdtb_active='+encodeURIComponent(on.join(','))+'; path=/';
    });
  });
  var first=document.querySelector('nav li[data-panel]:not(.pdtb-nocontent)');
  show(location.hash.slice(1)||(first&&first.dataset.panel));
})();
`;

/** A page of the toolbar: its header, then `body`. */
export function page(title: string, body: string, rootUrl: string): string {
  return (
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>` +
    `<body><header><strong>pyramid-ts debug toolbar</strong> &middot; <a href="${escapeHtml(rootUrl)}/">newest request</a> &middot; ${escapeHtml(title)}</header>` +
    `${body}</body></html>`
  );
}

function historyHtml(state: ToolbarState, current: string | undefined, rootUrl: string): string {
  const links = state.history.last(state.settings.maxVisibleRequests).map(([id, t]) => {
    const label = `${t.request.method} ${t.request.pathQs} ${t.statusInt}`;
    return id === current ? `<strong>${escapeHtml(label)}</strong>` : `<a href="${escapeHtml(`${rootUrl}/${id}`)}">${escapeHtml(label)}</a>`;
  });
  return `<div class="pdtb-history">History: ${links.join(' ') || 'none yet'}</div>`;
}

function toolbarPage(toolbar: DebugToolbar, state: ToolbarState, rootUrl: string): string {
  const nav = toolbar.allPanels
    .map((p) => {
      const switchBox = p.userActivate
        ? `<label><input type="checkbox" data-activate="${escapeHtml(p.name)}"${p.isActive ? ' checked' : ''}> on for the next requests</label>`
        : '';
      const subtitle = p.navSubtitle ? `<small>${escapeHtml(p.navSubtitle)}</small>` : '';
      return `<li id="pDebugPanel-${escapeHtml(p.name)}" data-panel="${escapeHtml(p.name)}"${p.hasContent ? '' : ' class="pdtb-nocontent"'}>` +
        `<a href="#${escapeHtml(p.name)}">${escapeHtml(p.navTitle)}${subtitle}</a>${switchBox}</li>`;
    })
    .join('');
  const contents = toolbar.allPanels
    .map((p) => {
      let html: string;
      try {
        html = p.render();
      } catch (error) {
        html = `<p class="pdtb-error">The ${escapeHtml(p.name)} panel failed: ${escapeHtml(String(error))}</p>`;
      }
      return `<section class="pdtb-panel" id="pDebugPanel-content-${escapeHtml(p.name)}"><h3>${escapeHtml(p.title)}</h3>${html}</section>`;
    })
    .join('');
  const exception = toolbar.exception ? ` &middot; <a href="${escapeHtml(`${rootUrl}/${toolbar.id}/exception`)}">exception page</a>` : '';
  const body =
    `<div style="padding:6px 16px">${historyHtml(state, toolbar.id, rootUrl)}` +
    `<div>${escapeHtml(toolbar.request.method)} ${escapeHtml(toolbar.request.url)} &rarr; ${toolbar.statusInt} at ${escapeHtml(toolbar.started.toISOString())}${exception}</div></div>` +
    `<div class="pdtb-wrap"><nav><ul>${nav}</ul></nav><main>${contents}</main></div><script>${SCRIPT}</script>`;
  return page(`${toolbar.request.method} ${toolbar.request.pathQs}`, body, rootUrl);
}

/** Whether the client asked for HTML by name (browsers do; curl's `*\/*` does not). */
function wantsHtml(request: Request): boolean {
  const accept = request.headers.accept;
  return acceptableOffers(Array.isArray(accept) ? accept.join(',') : accept, ['text/plain', 'text/html'])[0] === 'text/html';
}

/** The exception page of `toolbar`'s request, HTML or plain text as the client prefers. */
export function exceptionResponse(toolbar: DebugToolbar, request: Request, state: ToolbarState): Response {
  const report = toolbar.exception!;
  const rootUrl = request.applicationUrl + ROOT_PATH;
  if (!wantsHtml(request)) return new Response({ status: 500, contentType: 'text/plain', charset: 'UTF-8', body: exceptionText(report, toolbar.url) });
  const link = `<p>This request in the toolbar: <a id="pdtb-history-link" href="${escapeHtml(toolbar.url)}">${escapeHtml(toolbar.url)}</a></p>`;
  const note = '<p class="pdtb-note">No code can be run from this page: pyramid-ts has no interactive console.</p>';
  return new Response({ status: 500, body: page(`${report.name} at ${report.request.url}`, `<main>${link}${exceptionHtml(report)}${note}</main>`, rootUrl) });
}

/** The page that replaces an intercepted redirect. */
export function redirectPage(location: string, code: number, rootUrl: string): string {
  // Only a web address becomes a link: /_debug_toolbar/redirect?redirect_to=javascript:... stays text.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(location)?.[1].toLowerCase();
  const target = scheme === undefined || scheme === 'http' || scheme === 'https'
    ? `<a id="pdtb-redirect" href="${escapeHtml(location)}">${escapeHtml(location)}</a>`
    : `<code id="pdtb-redirect">${escapeHtml(location)}</code>`;
  return page(
    `Redirect (${code})`,
    `<main><h2>Redirect (${code})</h2><p>The view redirected to ${target}.</p>` +
      '<p class="pdtb-note">debugtoolbar.intercept_redirects is on: follow the link to go on.</p></main>',
    rootUrl,
  );
}

function notFound(what: string, rootUrl: string): Response {
  return new Response({ status: 404, body: page('Not found', `<main><p>${escapeHtml(what)}</p></main>`, rootUrl) });
}

/** Answers a request for a toolbar page; `subpath` is the path after `/_debug_toolbar`. */
export function toolbarPageResponse(request: Request, subpath: string, state: ToolbarState): Response {
  const rootUrl = request.applicationUrl + ROOT_PATH;
  const parts = subpath.split('/').filter(Boolean);
  if (parts.length === 0) {
    const newest = state.history.last(1)[0];
    if (!newest) return new Response(page('No requests yet', `<main><p>No request has been recorded yet.</p></main>`, rootUrl));
    return new Response(toolbarPage(newest[1], state, rootUrl));
  }
  if (parts.length === 1 && parts[0] === 'redirect') {
    const to = request.GET.get('redirect_to') ?? '';
    return new Response(redirectPage(to, Number(request.GET.get('redirect_code') ?? 302), rootUrl));
  }
  const toolbar = state.history.get(parts[0]);
  if (!toolbar) return notFound(`No request ${parts[0]} in the history (it keeps the last ${state.settings.maxRequestHistory}).`, rootUrl);
  if (parts.length === 1) return new Response(toolbarPage(toolbar, state, rootUrl));
  if (parts.length === 2 && parts[1] === 'exception') {
    if (!toolbar.exception) return notFound(`Request ${parts[0]} raised no exception.`, rootUrl);
    return exceptionResponse(toolbar, request, state);
  }
  return notFound(`No toolbar page ${subpath}`, rootUrl);
}
