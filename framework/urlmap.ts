/**
 * Paste's `urlmap` composite (`[composite:main] use = egg:Paste#urlmap`): apps mounted at path
 * prefixes, the longest prefix first, each seeing the rest of the path as its own while the prefix
 * becomes its script name (`request.scriptName`, so the URLs it makes keep the prefix), as
 * paste.urlmap.URLMap does with SCRIPT_NAME and PATH_INFO.
 *
 * @example
 *   [composite:main]
 *   use = egg:Paste#urlmap
 *   / = home
 *   /api = api
 *   not_found_app = missing   ; optional: what answers a path no prefix takes (else a 404)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, Conf } from './ini';
import { decodePathInfo } from './urldecode';
import { quotePathSegment } from './routes';
import { splitHost, defaultPort } from './host';

/** What a composite factory receives to load its apps (PasteDeploy's loader). */
export interface CompositeLoader {
  getApp(name: string, globalConf?: Conf): Promise<App>;
}

/** A request passed to a mounted app carries the prefixes it was mounted under (WSGI's SCRIPT_NAME). */
export type MountedRequest = IncomingMessage & { scriptName?: string };

interface Mount {
  domain: string | null;
  /** The prefix without a trailing slash ('' for '/'). */
  prefix: string;
  app: App;
}

/** paste.urlmap's normalize_url: `http://host/path` or `/path`, runs of slashes as one, the trailing one trimmed. */
function normalize(key: string, trim: boolean): { domain: string | null; path: string } {
  let domain: string | null = null;
  let path = key;
  const scheme = /^https?:\/\//.exec(path);
  if (scheme) {
    const rest = path.slice(scheme[0].length);
    const slash = rest.indexOf('/');
    [domain, path] = slash === -1 ? [rest, ''] : [rest.slice(0, slash), rest.slice(slash)];
  } else if (path && !path.startsWith('/')) {
    throw new Error(`urlmap: ${JSON.stringify(key)} must start with / or http:// (a path prefix or a URL)`);
  }
  path = path.replace(/\/\/+/g, '/');
  return { domain, path: trim ? path.replace(/\/+$/, '') : path };
}

/** paste.urlmap's parse_path_expression: `domain example.com port 8080 /path` as well as a plain `/path`. */
function pathExpression(key: string): string {
  const parts = key.split(/\s+/).filter(Boolean);
  let domain: string | null = null;
  let port: string | null = null;
  let path: string | null = null;
  while (parts.length) {
    const word = parts.shift()!;
    if (word === 'domain' || word === 'port') {
      const value = parts.shift();
      if (value === undefined) throw new Error(`urlmap: '${word}' needs a value in ${JSON.stringify(key)}`);
      if (word === 'domain') domain = value;
      else port = value;
    } else {
      if (path !== null) throw new Error(`urlmap: more than one path in ${JSON.stringify(key)}`);
      path = word;
    }
  }
  if (!domain) return path ?? '/';
  return `http://${domain}${port ? ':' + port : ''}${path ?? ''}`;
}

/**
 * The composite factory: `localConf` maps path prefixes to app names (sections of the same ini);
 * `not_found_app` names the app for everything else.
 */
export async function urlmap(loader: CompositeLoader, globalConf: Conf, localConf: Conf): Promise<App> {
  const { not_found_app: notFoundName = globalConf.not_found_app, ...paths } = localConf;
  const notFound = notFoundName ? await loader.getApp(notFoundName, globalConf) : null;
  const mounts: Mount[] = [];
  for (const [key, name] of Object.entries(paths)) {
    const { domain, path } = normalize(pathExpression(key), true);
    mounts.push({ domain: domain?.toLowerCase() ?? null, prefix: path, app: await loader.getApp(name, globalConf) });
  }
  // paste's order: apps for a domain first (by domain), then the longest prefix first.
  mounts.sort((a, b) => (a.domain === b.domain ? b.prefix.length - a.prefix.length : a.domain === null ? 1 : b.domain === null ? -1 : a.domain < b.domain ? -1 : 1));
  const mapped = (req: MountedRequest, res: ServerResponse): void => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const raw = q === -1 ? url : url.slice(0, q);
    const query = q === -1 ? '' : url.slice(q);
    let path: string;
    try {
      path = normalize(decodePathInfo(raw), false).path;
    } catch {
      path = raw; // not UTF-8: the mounted app answers it (as a 400)
    }
    const split = splitHost(String(req.headers.host ?? '').toLowerCase());
    const host = split.name;
    const port = split.port ?? defaultPort((req.socket as { encrypted?: boolean } | undefined)?.encrypted ? 'https' : 'http');
    for (const mount of mounts) {
      if (mount.domain && mount.domain !== host && mount.domain !== `${host}:${port}`) continue;
      if (path !== mount.prefix && !path.startsWith(mount.prefix + '/')) continue;
      const rest = path.slice(mount.prefix.length);
      // The rest as sent where the prefix was sent plainly; else re-quoted from its decoded form, as WSGI sees it.
      req.url = (raw.startsWith(mount.prefix) && decodeSafe(raw.slice(mount.prefix.length)) === rest ? raw.slice(mount.prefix.length) : quotePathSegment(rest, "~!$&'()*+,;=:@/")) + query;
      req.scriptName = (req.scriptName ?? '') + mount.prefix;
      mount.app(req, res);
      return;
    }
    if (notFound) {
      notFound(req, res);
      return;
    }
    const known = mounts.map((m) => (m.domain ? `http://${m.domain}${m.prefix}` : m.prefix || '/')).join(', ');
    const body = `404 Not Found\n\nThe resource could not be found.\n\nNo application is mounted at ${path}; mounted: ${known}.\n`;
    res.writeHead(404, 'Not Found', { 'Content-Type': 'text/plain; charset=UTF-8', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };
  return mapped as App;
}

function decodeSafe(raw: string): string | null {
  try {
    return decodePathInfo(raw);
  } catch {
    return null;
  }
}
