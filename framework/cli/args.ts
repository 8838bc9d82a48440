/** pserve's command line, with the options and help text of Pyramid's pserve. */

export interface PserveOptions {
  configUri?: string;
  /** `name=value` arguments after the ini: they fill `%(name)s`. */
  vars: Record<string, string>;
  appName?: string;
  serverName?: string;
  reload: boolean;
  /** Seconds between checks of the watched files' modification times. */
  reloadInterval: number;
  browser: boolean;
  /** 0 with -q, 1 by default, 2 or more with -v. */
  verbose: number;
  help: boolean;
}

/** A mistake on the command line: pserve prints it with the usage line and exits with 2. */
export class UsageError extends Error {}

export const USAGE = 'usage: pserve [-h] [-n NAME] [-s SECTION_NAME] [--reload] [--reload-interval SECONDS] [-b] [-v] [-q] config_uri [config_vars ...]';

export const HELP = `${USAGE}

This command serves a web application that uses a PasteDeploy
configuration file for the server and application.

You can also include variable assignments like 'http_port=8080'
and then use %(http_port)s in your config files.

positional arguments:
  config_uri            The URI to the configuration file.
  config_vars           Variables required by the config file. For example,
                        \`http_port=%(http_port)s\` would expect \`http_port=8080\` to be
                        passed here.

options:
  -h, --help            show this help message and exit
  -n NAME, --app-name NAME
                        Load the named application (default main)
  -s SECTION_NAME, --server-name SECTION_NAME
                        Use the named server as defined in the configuration file
                        (default: main)
  --reload              Use auto-restart file monitor
  --reload-interval RELOAD_INTERVAL
                        Seconds between checking files (low number can cause
                        significant CPU usage)
  -b, --browser         Open a web browser to the server url. The server url is
                        determined from the 'open_url' setting in the 'pserve'
                        section of the configuration file.
  -v, --verbose         Set verbose level (default 1)
  -q, --quiet           Suppress verbose output
`;

const WITH_VALUE: Record<string, 'appName' | 'serverName' | 'reloadInterval'> = {
  '-n': 'appName', '--app-name': 'appName',
  '-s': 'serverName', '--server-name': 'serverName',
  '--reload-interval': 'reloadInterval',
};

export function parseArgs(argv: string[]): PserveOptions {
  const opts: PserveOptions = { vars: {}, reload: false, reloadInterval: 1, browser: false, verbose: 1, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag in WITH_VALUE) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`argument ${flag}: expected one argument`);
      const key = WITH_VALUE[flag];
      if (key === 'reloadInterval') {
        opts.reloadInterval = Number(value);
        if (!(opts.reloadInterval > 0)) throw new UsageError(`argument --reload-interval: '${value}' is not a positive number of seconds`);
      } else {
        opts[key] = value;
      }
    } else if (flag === '-h' || flag === '--help') opts.help = true;
    else if (flag === '--reload') opts.reload = true;
    else if (flag === '-b' || flag === '--browser') opts.browser = true;
    else if (/^-v+$/.test(flag)) opts.verbose += flag.length - 1;
    else if (flag === '--verbose') opts.verbose++;
    else if (flag === '-q' || flag === '--quiet') opts.verbose = 0;
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unrecognized arguments: ${arg}`);
    else if (opts.configUri === undefined) opts.configUri = arg;
    else {
      const eq = arg.indexOf('=');
      if (eq <= 0) throw new UsageError(`'${arg}' is not name=value; variables after the ini look like http_port=8080`);
      opts.vars[arg.slice(0, eq).trim()] = arg.slice(eq + 1).trim();
    }
  }
  return opts;
}
