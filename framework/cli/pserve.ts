/**
 * `pserve development.ini [--reload] [name=value ...]`: reads the ini as PasteDeploy does, sets
 * up logging from it, loads `[server:main]` and `[app:main]`, and serves. With `--reload` a
 * monitor process (./monitor) runs this same command in a child and restarts it on changes.
 */
import { spawn } from 'child_process';
import * as path from 'path';
import { aslist, IniError, IniFile, loadApp, loadServer, parseConfigUri, sectionSettings } from '../ini';
import { basicConfig, fileConfig, formatError, getLogger, INFO } from '../logging';
import * as reloader from '../reloader';
import { HELP, parseArgs, PserveOptions, USAGE, UsageError } from './args';
import { exitCodeOf } from './command';
import type { RunningServer } from './server';

/** Runs pserve; resolves to an exit code, or to undefined while the server keeps running. */
export async function main(argv: string[]): Promise<number | undefined> {
  let opts: PserveOptions;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${USAGE}\npserve: error: ${e.message}\n`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (!opts.configUri) {
    process.stderr.write(`You must give a config file\n${USAGE}\n`);
    return 2;
  }
  try {
    if (opts.reload && !reloader.isActive()) {
      const { runMonitor } = await import('./monitor');
      return await runMonitor(opts, pserveSettings(readIni(opts)));
    }
    return await serve(opts);
  } catch (e) {
    reportFailure(e, opts.verbose);
    await reloader.flush();
    return exitCodeOf(e);
  }
}

/** The `[pserve]` section: `watch_files` and `ignore_files` (lines, relative to the ini), `open_url`. */
export interface PserveSettings {
  iniPath: string;
  watchFiles: string[];
  ignoreFiles: string[];
  openUrl?: string;
}

/** Reads the ini named on the command line, with the `name=value` arguments as defaults. */
function readIni(opts: PserveOptions): IniFile {
  const ini = IniFile.read(parseConfigUri(opts.configUri!).file);
  ini.updateDefaults(opts.vars);
  return ini;
}

function pserveSettings(ini: IniFile): PserveSettings {
  const settings = sectionSettings(ini, 'pserve');
  const here = path.dirname(ini.file);
  const resolve = (list: string) => aslist(list, false).map((f) => path.resolve(here, f));
  return { iniPath: ini.file, watchFiles: resolve(settings.watch_files), ignoreFiles: resolve(settings.ignore_files), openUrl: settings.open_url };
}

async function serve(opts: PserveOptions): Promise<number | undefined> {
  const out = (msg: string) => opts.verbose > 0 && process.stderr.write(msg + '\n');
  let server: Partial<RunningServer> | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) process.exit(code); // a second Ctrl-C does not wait
    stopping = true;
    await server?.close?.();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  if (reloader.isActive()) {
    reloader.trackModules();
    // the monitor is gone (even killed with SIGKILL): do not outlive it holding the port
    process.on('disconnect', () => void stop(0));
  }

  const ini = readIni(opts);
  const settings = pserveSettings(ini);
  if (ini.has('loggers')) fileConfig(ini);
  else basicConfig();
  reloader.watchFiles([settings.iniPath, ...settings.watchFiles]);

  const uri = opts.configUri!;
  const serverSection = `server:${opts.serverName ?? parseConfigUri(uri).fragment ?? 'main'}`;
  // the ini read above, not read again for each section
  const runner = await located(ini, serverSection, () => loadServer(uri, { name: opts.serverName, globalConf: opts.vars, ini }));
  const app = await loadApp(uri, { name: opts.appName, globalConf: opts.vars, ini });
  out(`Starting server in PID ${process.pid}.`);
  server = (await located(ini, serverSection, async () => runner(app))) as Partial<RunningServer> | undefined;
  const urls = server?.urls ?? [];
  const waitress = getLogger('waitress');
  for (const url of urls) {
    // Pyramid shows waitress's line through logging; without logging config, show it anyway
    if (ini.has('loggers') && waitress.isEnabledFor(INFO)) waitress.info(`Serving on ${url}`);
    else out(`Serving on ${url}`);
  }
  await reloader.send({ type: 'serving', urls });
  if (opts.browser && !reloader.isActive()) openBrowser(settings.openUrl ?? urls[0], out);
  return undefined;
}

/** Errors from the server's factory and from listening name the server section they came from. */
async function located<T>(ini: IniFile, section: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!ini.has(section)) throw e;
    if (e instanceof IniError && !e.file) throw ini.error(e.problem, section, e.key);
    if (e instanceof Error && e.name === 'ListenError') throw ini.error(e.message, section, ini.hasOption(section, 'listen') ? 'listen' : 'port');
    throw e;
  }
}

/** Configuration mistakes are one line (with -v, the stack too); the app's own errors show their stack. */
function reportFailure(e: unknown, verbose: number): void {
  const oneLine = e instanceof IniError || (e instanceof Error && e.name === 'TranspileError');
  let text: string;
  if (oneLine) {
    text = (e as Error).message;
    if (verbose > 1) text += '\n' + formatError(e);
  } else {
    text = formatError(e);
  }
  process.stderr.write(`pserve: ${text}\n`);
}

/** Opens the default browser ($BROWSER, else the platform's opener), as Python's webbrowser does. */
export function openBrowser(url: string | undefined, out: (msg: string) => void): void {
  if (!url) {
    out('WARNING: could not determine the server\'s url to open the browser. To fix this set the "open_url" setting in the [pserve] section of the configuration file.');
    return;
  }
  const command = process.env.BROWSER || (process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open');
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => out(`WARNING: could not open a browser with '${command}'; open ${url} yourself, or set $BROWSER.`));
  child.unref();
}
