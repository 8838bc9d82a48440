/**
 * `pserve development.ini [--reload] [name=value ...]`: reads the ini as PasteDeploy does, sets
 * up logging from it, loads `[server:main]` and `[app:main]`, and serves. With `--reload` a
 * monitor process (./monitor) runs this same command in a worker and restarts it on changes;
 * with `workers = N` in `[server:main]` a primary (./workers) runs it in N workers.
 */
import { spawn } from 'child_process';
import cluster from 'cluster';
import * as path from 'path';
import { aslist, IniError, IniFile, loadApp, loadServer, parseConfigUri, sectionSettings } from '../ini';
import { basicConfig, fileConfig, formatError, getLogger, INFO } from '../logging';
import * as reloader from '../reloader';
import { HELP, parseArgs, PserveOptions, USAGE, UsageError } from './args';
import { exitCodeOf, isOneLine } from './command';
import type { RunningServer } from './server';
import { lastWord, processSettings as readProcessSettings, WORKERS_ENV, WorkerPool } from './workers';

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
    let ini: IniFile | undefined;
    if (!cluster.isWorker) {
      ini = readIni(opts);
      const processes = processSettings(ini, opts);
      if (opts.reload) {
        configureLogging(ini);
        const { runMonitor } = await import('./monitor');
        return await runMonitor(opts, pserveSettings(ini), processes, serverInfo(ini, verboseOut(opts)));
      }
      if (processes.workers > 1) {
        configureLogging(ini);
        return await runWorkers(opts, ini, processes);
      }
    }
    return await serve(opts, ini); // the ini read above, not read again
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

function serverSectionName(opts: PserveOptions): string {
  return `server:${opts.serverName ?? parseConfigUri(opts.configUri!).fragment ?? 'main'}`;
}

/** `workers` and `shutdown_timeout` from the server section, read without loading any code. */
function processSettings(ini: IniFile, opts: PserveOptions): { workers: number; shutdownTimeout: number } {
  const section = serverSectionName(opts);
  try {
    return readProcessSettings(sectionSettings(ini, section));
  } catch (e) {
    if (e instanceof IniError && !e.file) throw ini.error(e.problem, section, e.key);
    throw e;
  }
}

function configureLogging(ini: IniFile): void {
  if (ini.has('loggers')) fileConfig(ini);
  else basicConfig();
}

/** A server INFO line: through logging when the ini configures it, else as pserve's own line. */
function serverInfo(ini: IniFile, out: (msg: string) => void): (msg: string) => void {
  const waitress = getLogger('waitress');
  return (msg) => {
    if (ini.has('loggers') && waitress.isEnabledFor(INFO)) waitress.info(msg);
    else out(msg);
  };
}

/** `workers = N` without --reload: a primary that keeps N workers serving, as gunicorn's arbiter does. */
async function runWorkers(opts: PserveOptions, ini: IniFile, processes: { workers: number; shutdownTimeout: number }): Promise<number> {
  const out = verboseOut(opts);
  const info = serverInfo(ini, out);
  let finish!: (code: number) => void;
  const done = new Promise<number>((resolve) => (finish = resolve));
  const pool = new WorkerPool({
    count: processes.workers,
    shutdownTimeout: processes.shutdownTimeout,
    reload: false,
    out,
    info,
    onBootFailure: () => {
      getLogger('waitress').error('Reason: Worker failed to boot.');
      info('Shutting down: Master');
      finish(1);
    },
  });
  out(`Starting server in PID ${process.pid}.`);
  let closing = false;
  const stop = (signal: string) => {
    info(`Handling signal: ${signal.slice(3).toLowerCase()}`);
    if (closing) {
      pool.kill();
      finish(1);
      return;
    }
    closing = true;
    void pool.close().then(() => {
      info('Shutting down: Master');
      finish(0);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGHUP', () => {
    info('Handling signal: hup');
    info('Hang up: Master');
    void pool.restart();
  });
  process.on('exit', () => pool.kill());
  void pool.start();
  return done;
}

function pserveSettings(ini: IniFile): PserveSettings {
  const settings = sectionSettings(ini, 'pserve');
  const here = path.dirname(ini.file);
  const resolve = (list: string) => aslist(list, false).map((f) => path.resolve(here, f));
  return { iniPath: ini.file, watchFiles: resolve(settings.watch_files), ignoreFiles: resolve(settings.ignore_files), openUrl: settings.open_url };
}

/** pserve's own lines (start-up, warnings): on stderr with -v. */
function verboseOut(opts: PserveOptions): (msg: string) => void {
  return (msg) => opts.verbose > 0 && process.stderr.write(msg + '\n');
}

/** `ini`: the ini main() read already (a worker's is read here). */
async function serve(opts: PserveOptions, ini?: IniFile): Promise<number | undefined> {
  const out = verboseOut(opts);
  let server: Partial<RunningServer> | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) process.exit(code); // a second Ctrl-C does not wait
    stopping = true;
    await server?.close?.();
    await lastWord();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  if (reloader.isActive()) reloader.trackModules();
  if (cluster.isWorker) {
    // the primary is gone (even killed with SIGKILL): do not outlive it
    process.on('disconnect', () => void stop(0));
    // a terminal's hang-up reaches the whole group: restarts are the primary's to make
    process.on('SIGHUP', () => undefined);
  }
  // one of several workers: the primary prints the start-up lines, once
  const quiet = cluster.isWorker && Number(process.env[WORKERS_ENV] ?? 1) > 1;

  ini ??= readIni(opts);
  const settings = pserveSettings(ini);
  configureLogging(ini);
  reloader.watchFiles([settings.iniPath, ...settings.watchFiles]);

  const uri = opts.configUri!;
  const serverSection = serverSectionName(opts);
  // the ini read above, not read again for each section
  const runner = await located(ini, serverSection, () => loadServer(uri, { name: opts.serverName, globalConf: opts.vars, ini }));
  const app = await loadApp(uri, { name: opts.appName, globalConf: opts.vars, ini });
  if (!quiet) out(`Starting server in PID ${process.pid}.`);
  server = (await located(ini, serverSection, async () => runner(app))) as Partial<RunningServer> | undefined;
  keepServing();
  const urls = server?.urls ?? [];
  // Pyramid shows waitress's line through logging; without logging config, show it anyway
  const info = serverInfo(ini, out);
  if (!quiet) for (const url of urls) info(`Serving on ${url}`);
  if (cluster.isWorker) await reloader.send({ type: 'serving', urls, shutdownTimeout: server?.shutdownTimeout }, true);
  if (opts.browser && !reloader.isActive()) openBrowser(settings.openUrl ?? urls[0], out);
  return undefined;
}

/**
 * Once serving, an error no request handler caught (a rejected promise nobody awaited, a throw
 * in a timer) is logged and the process serves on, as Pyramid's does: Node's default is to exit.
 */
function keepServing(): void {
  const log = getLogger('waitress');
  process.on('unhandledRejection', (reason) => {
    log.exception(`Unhandled promise rejection (not awaited by any request; pserve serves on): ${errorText(reason)}`, reason);
  });
  process.on('uncaughtException', (error, origin) => {
    log.exception(`Uncaught exception (${origin === 'uncaughtException' ? 'thrown outside any request, e.g. in a timer' : origin}; pserve serves on): ${errorText(error)}`, error);
  });
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
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
  let text: string;
  if (isOneLine(e)) {
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
