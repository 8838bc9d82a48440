/**
 * `prequest development.ini /path`: runs one request through the app in process (no server)
 * and prints the response body; `-d` prints the status and headers first, `-m POST` sends
 * stdin as the body, `--header Name:Value` and `-l user:password` add headers. As Pyramid's.
 */
import type { Readable } from 'node:stream';
import { getApp, setupLogging } from '../paster';
import { TestApp } from '../testing';
import { APP_NAME_OPTION, type CommandIO, type CommandSpec, processIO, runCommand } from './command';

export const SPEC: CommandSpec = {
  name: 'prequest',
  description: `
Submit a HTTP request to a web application.

This command makes an artificial request to a web application that uses a
PasteDeploy (.ini) configuration file for the server and application.

Use "prequest config.ini /path" to request "/path".

Use "prequest --method=POST config.ini /path < data" to do a POST with
the given request body.

Use "prequest --method=PUT config.ini /path < data" to do a
PUT with the given request body.

Use "prequest --method=PATCH config.ini /path < data" to do a
PATCH with the given request body.

Use "prequest --method=OPTIONS config.ini /path" to do an
OPTIONS request.

If the path is relative (doesn't begin with "/") it is interpreted as
relative to "/".  The path passed to this script should be URL-quoted.
The path can be succeeded with a query string (e.g. '/path?a=1&=b2').`,
  positionals: [
    { name: 'config_uri', help: 'The URI to the configuration file.' },
    { name: 'path_info', help: 'The path of the request.' },
  ],
  options: [
    APP_NAME_OPTION,
    { flags: ['--header'], key: 'headers', metavar: 'NAME:VALUE', repeat: true, help: 'Header to add to request (you can use this option multiple times)' },
    { flags: ['-d', '--display-headers'], key: 'displayHeaders', help: 'Display status and headers before the response body' },
    { flags: ['-m', '--method'], key: 'method', metavar: '{GET,HEAD,POST,PUT,PATCH,DELETE,PROPFIND,OPTIONS}', help: 'Request method type (GET, POST, PUT, PATCH, DELETE, PROPFIND, OPTIONS)' },
    { flags: ['-l', '--login'], key: 'login', metavar: 'LOGIN', help: 'HTTP basic auth username:password pair' },
  ],
};

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'PROPFIND', 'OPTIONS'];
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

/** `content-type` → `Content-Type`, as webob's header list spells the usual names. */
function headerName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

export function main(argv: string[], io: CommandIO = processIO, stdin: Readable = process.stdin): Promise<number> {
  return runCommand(SPEC, argv, async ({ options, positionals, vars }, out) => {
    const { config_uri: configUri } = positionals;
    let path = positionals.path_info;
    if (!configUri || !path) {
      out.out('You must provide at least two arguments\n');
      return 2;
    }
    const method = String(options.method ?? 'GET').toUpperCase();
    if (!METHODS.includes(method)) {
      out.err(`prequest: error: argument -m/--method: invalid choice: '${options.method}' (choose from ${METHODS.map((m) => `'${m}'`).join(', ')})\n`);
      return 2;
    }
    const headers: Record<string, string> = { accept: 'text/plain;q=1.0, */*;q=0.1' };
    if (typeof options.login === 'string') headers.authorization = `Basic ${Buffer.from(options.login, 'latin1').toString('base64')}`;
    for (const item of (options.headers as string[] | undefined) ?? []) {
      const colon = item.indexOf(':');
      if (colon === -1) {
        out.out(`Bad --header=${item} option, value must be in the form 'name:value'\n`);
        return 2;
      }
      headers[item.slice(0, colon).toLowerCase()] = item.slice(colon + 1).trim();
    }
    setupLogging(configUri, vars);
    const app = await getApp(configUri, options.appName as string | undefined, vars);
    if (!path.startsWith('/')) path = `/${path}`;
    const body = WITH_BODY.has(method) ? await readAll(stdin) : undefined;
    const contentType = headers['content-type'] ?? 'text/plain';
    delete headers['content-type'];
    const response = await new TestApp(app, { host: 'localhost:80' }).request(method, path, {
      headers, expectErrors: true, contentType, ...(body !== undefined ? { body } : {}),
    });
    if (options.displayHeaders) {
      const lines = [response.status];
      for (const [name, value] of Object.entries(response.headers)) {
        for (const v of Array.isArray(value) ? value : [value]) lines.push(`${headerName(name)}: ${v}`);
      }
      out.out(lines.join('\n') + '\n');
    }
    out.out(response.text + '\n');
    return 0;
  }, io);
}
