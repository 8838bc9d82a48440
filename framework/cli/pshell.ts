/**
 * `pshell development.ini`: a Node REPL with the app loaded, as Pyramid's pshell: `app`,
 * `root`, `registry`, `request`, `root_factory` and `settings` bound; `[pshell]` keys bind more
 * names (`m = tutorial.models`), `setup = module:function` prepares the environment first
 * (`setup(env)`, which may be async and may return a teardown function).
 */
import * as path from 'node:path';
import * as repl from 'node:repl';
import type { Readable, Writable } from 'node:stream';
import { IniFile, parseConfigUri, sectionSettings } from '../ini';
import { resolveModule } from '../path';
import { APP_NAME_OPTION, type CommandIO, CommandError, type CommandSpec, loadEnvironment, processIO, runCommand, withAppName } from './command';

export const SPEC: CommandSpec = {
  name: 'pshell',
  description: `
Open an interactive shell with a Pyramid app loaded.  This command
accepts one positional argument named "config_uri" which specifies the
PasteDeploy config file to use for the interactive shell. The format is
"inifile#name". If the name is left off, the Pyramid default application
will be assumed.  Example: "pshell myapp.ini#main".`,
  positionals: [{ name: 'config_uri', help: 'The URI to the configuration file.' }],
  options: [
    APP_NAME_OPTION,
    { flags: ['-p', '--python-shell'], key: 'shell', metavar: 'PYTHON_SHELL', help: 'Select the shell to use. A list of possible shells is available using the --list-shells option.' },
    { flags: ['-l', '--list-shells'], key: 'list', help: 'List all available shells.' },
    { flags: ['--setup'], key: 'setup', metavar: 'SETUP', help: "A callable that will be passed the environment before it is made available to the shell. This option will override the 'setup' key in the [pshell] ini section." },
  ],
};

/** The shells there are: Node's REPL. */
const SHELLS = ['node'];

const ENV_HELP: Record<string, string> = {
  app: 'The application (a Node request listener).',
  root: 'Root of the default resource tree.',
  registry: 'Active Pyramid registry.',
  request: 'Active request object.',
  root_factory: 'Default root factory used to create `root`.',
  settings: 'Active registry settings.',
};

/** Where the REPL reads and writes; the terminal by default. */
export interface ShellStreams {
  input: Readable;
  output: Writable;
}

/**
 * An object named `module`, `module:attr` or `module.attr` (Pyramid's dotted names), resolved
 * from the ini's folder: `tutorial.models`, `./setup:prepare`, an npm package.
 */
export function resolveDotted(name: string, fromDir: string): unknown {
  const colon = name.indexOf(':');
  if (colon > 0) return attribute(require(resolveModule(name.slice(0, colon), fromDir)), name.slice(colon + 1), name);
  let file: string;
  try {
    file = resolveModule(name, fromDir);
  } catch (e) {
    // not a module: perhaps `module.attr` (an error inside a module that was found propagates)
    const dot = name.lastIndexOf('.');
    if (dot <= 0) throw new CommandError((e as Error).message);
    return attribute(resolveDotted(name.slice(0, dot), fromDir), name.slice(dot + 1), name);
  }
  return require(file);
}

/** `resolveDotted`, its failure naming what asked for the name. */
function named(what: string, name: string, fromDir: string): unknown {
  try {
    return resolveDotted(name, fromDir);
  } catch (e) {
    if (e instanceof CommandError) throw new CommandError(`${what} = ${name}: ${e.message}`);
    throw e;
  }
}

function attribute(target: unknown, attr: string, name: string): unknown {
  let value = target;
  for (const part of attr.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
  if (value === undefined) throw new CommandError(`cannot find '${name}': the module has no export '${attr}'`);
  return value;
}

export function main(argv: string[], io: CommandIO = processIO, streams: ShellStreams = { input: process.stdin, output: process.stdout }): Promise<number> {
  return runCommand(SPEC, argv, async ({ options, positionals, vars }, out) => {
    if (options.list) {
      out.out(`Available shells:\n${SHELLS.map((s) => `  ${s}\n`).join('')}`);
      return 0;
    }
    const configUri = positionals.config_uri;
    if (!configUri) {
      out.out('Requires a config file argument\n');
      return 2;
    }
    const wanted = typeof options.shell === 'string' ? options.shell.toLowerCase() : '';
    if (wanted && !SHELLS.includes(wanted)) {
      out.out(`could not find a shell named "${wanted}"\n`);
      return 1;
    }
    const ini = IniFile.read(parseConfigUri(configUri).file);
    ini.updateDefaults(vars);
    const here = path.dirname(ini.file);
    const own = sectionSettings(ini, 'pshell');
    const env = await loadEnvironment(withAppName(configUri, options.appName), vars);
    try {
      const namespace: Record<string, unknown> = {
        app: env.app, root: env.root, registry: env.registry, request: env.request, root_factory: env.rootFactory, settings: env.registry.settings,
      };
      const help: Record<string, string> = { ...ENV_HELP };
      const custom: Record<string, string> = {};
      for (const [key, value] of Object.entries(own)) {
        if (key === 'setup' || key === 'default_shell') continue;
        namespace[key] = named(`[pshell] ${key}`, value.trim(), here);
        custom[key] = value.trim();
        delete help[key];
      }
      const setupName = typeof options.setup === 'string' ? options.setup : own.setup;
      let teardown: unknown;
      if (setupName) {
        const setup = named('setup', setupName, here);
        if (typeof setup !== 'function') throw new CommandError(`setup '${setupName}' is not a function`);
        const before = { ...namespace };
        teardown = await (setup as (env: Record<string, unknown>) => unknown)(namespace);
        for (const [key, value] of Object.entries(namespace)) {
          if (before[key] !== value) help[key] = typeof value === 'function' ? `${value.name || key}()` : String(value);
        }
      }
      const banner = [`Node ${process.version}: ${process.execPath}`, 'Type ".help" for more information.', '', 'Environment:',
        ...Object.keys(help).sort().map((k) => `  ${k.padEnd(12)} ${help[k]}`)];
      if (Object.keys(custom).length) banner.push('', 'Custom Variables:', ...Object.keys(custom).sort().map((k) => `  ${k.padEnd(12)} ${custom[k]}`));
      streams.output.write(banner.join('\n') + '\n\n');
      await runRepl(namespace, streams);
      if (typeof teardown === 'function') await (teardown as () => unknown)();
      return 0;
    } finally {
      env.closer();
    }
  }, io);
}

function runRepl(namespace: Record<string, unknown>, streams: ShellStreams): Promise<void> {
  const terminal = Boolean((streams.output as { isTTY?: boolean }).isTTY);
  const server = repl.start({ prompt: '>>> ', input: streams.input, output: streams.output, terminal, useGlobal: false });
  Object.assign(server.context, namespace);
  return new Promise((resolve) => server.on('exit', () => resolve()));
}
