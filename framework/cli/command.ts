/**
 * What the p-commands (proutes, pviews, prequest, pshell, pdistreport) share: argparse-style
 * command lines with pserve's `config_uri [name=value ...]`, help text, the ini's logging,
 * `bootstrap`, and failures reported as pserve reports them (one line for a configuration
 * mistake, the stack with -v).
 *
 * A command is a file here exporting `main(argv): Promise<number>`, usually
 * `runCommand(SPEC, argv, async (args, io) => ...)`, plus a one-line launcher in ../bin/ and a
 * `bin` entry in ../package.json.
 */
import { IniError } from '../ini';
import { formatError } from '../logging';
import type { BootstrapEnv } from '../paster';
import type { Request } from '../request';

export interface OptionSpec {
  /** `-g`, `--glob` */
  flags: string[];
  key: string;
  /** The value's name in help (`GLOB`); without one the option is a switch. */
  metavar?: string;
  /** A value that may be given several times collects into a list. */
  repeat?: boolean;
  help: string;
}

export interface CommandSpec {
  name: string;
  description: string;
  /** Positional arguments before the `name=value` variables: `config_uri`, `url`, ... */
  positionals: Array<{ name: string; help: string }>;
  options: OptionSpec[];
  /** Whether `name=value` arguments follow (they fill `%(name)s` in the ini). */
  vars?: boolean;
}

export type OptionValue = string | boolean | string[] | number;

export interface CommandLine {
  options: Record<string, OptionValue | undefined>;
  positionals: Record<string, string | undefined>;
  /** What follows the positionals: `name=value` variables (or, with `vars: false`, nothing). */
  vars: Record<string, string>;
  verbose: number;
}

/** A mistake on the command line: the usage line and the mistake, exit code 2. */
export class UsageError extends Error {}

/** Output streams, replaceable in tests. */
export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
}

export const processIO: CommandIO = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

const HELP_OPTION: OptionSpec = { flags: ['-h', '--help'], key: 'help', help: 'show this help message and exit' };
const VERBOSE_OPTION: OptionSpec = { flags: ['-v', '--verbose'], key: 'verbose', help: 'show the stack of a configuration error too' };

function allOptions(spec: CommandSpec): OptionSpec[] {
  return [HELP_OPTION, ...spec.options, ...(spec.options.some((o) => o.key === 'verbose') ? [] : [VERBOSE_OPTION])];
}

export function usage(spec: CommandSpec): string {
  const options = allOptions(spec).map((o) => `[${o.flags[0]}${o.metavar ? ` ${o.metavar}` : ''}]`).join(' ');
  const positionals = spec.positionals.map((p) => p.name).join(' ');
  return `usage: ${spec.name} ${options} ${positionals}${spec.vars === false ? '' : ' [config_vars ...]'}`;
}

export function help(spec: CommandSpec): string {
  const pad = (text: string) => (text.length < 22 ? text.padEnd(22) : `${text}\n${' '.repeat(24)}`);
  const lines = [usage(spec), '', spec.description.trim(), '', 'positional arguments:'];
  for (const p of spec.positionals) lines.push(`  ${pad(p.name)}${p.help}`);
  if (spec.vars !== false) {
    lines.push(`  ${pad('config_vars')}Variables required by the config file. For example,`,
      `${' '.repeat(24)}\`http_port=%(http_port)s\` would expect \`http_port=8080\` to be`, `${' '.repeat(24)}passed here.`);
  }
  lines.push('', 'options:');
  for (const o of allOptions(spec)) lines.push(`  ${pad(o.flags.map((f) => (o.metavar ? `${f} ${o.metavar}` : f)).join(', '))}${o.help}`);
  return lines.join('\n') + '\n';
}

/** Parses `argv` as argparse would for `spec`: options anywhere, `--opt=value`, `-gVALUE`, then positionals, then `name=value`. */
export function parseCommandLine(spec: CommandSpec, argv: string[]): CommandLine {
  const options: Record<string, OptionValue | undefined> = {};
  const rest: string[] = [];
  const byFlag = new Map<string, OptionSpec>();
  for (const o of allOptions(spec)) for (const f of o.flags) byFlag.set(f, o);
  let verbose = 0;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      rest.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      rest.push(arg);
      continue;
    }
    if (/^-v+$/.test(arg) && !byFlag.get('-v')?.metavar) {
      verbose += arg.length - 1;
      continue;
    }
    let flag = arg;
    let inline: string | undefined;
    if (arg.startsWith('--') && arg.includes('=')) [flag, inline] = [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)];
    else if (!arg.startsWith('--') && arg.length > 2 && byFlag.get(arg.slice(0, 2))?.metavar) [flag, inline] = [arg.slice(0, 2), arg.slice(2)];
    const option = byFlag.get(flag);
    if (!option) throw new UsageError(`unrecognized arguments: ${arg}`);
    if (option.key === 'verbose') {
      verbose++;
      continue;
    }
    if (!option.metavar) {
      if (inline !== undefined) throw new UsageError(`argument ${flag}: ignored explicit argument '${inline}'`);
      options[option.key] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`argument ${option.flags.join('/')}: expected one argument`);
    if (option.repeat) options[option.key] = [...((options[option.key] as string[] | undefined) ?? []), value];
    else options[option.key] = value;
  }
  const positionals: Record<string, string | undefined> = {};
  for (const p of spec.positionals) positionals[p.name] = rest.shift();
  const vars: Record<string, string> = {};
  if (rest.length && spec.vars === false) throw new UsageError(`unrecognized arguments: ${rest.join(' ')}`);
  for (const arg of rest) {
    const eq = arg.indexOf('=');
    // Pyramid's parse_vars: ValueError('Variable assignment ... invalid (no "=")')
    if (eq <= 0) throw new UsageError(`Variable assignment '${arg}' invalid (no "="); variables after the ini look like http_port=8080`);
    vars[arg.slice(0, eq).trim()] = arg.slice(eq + 1).trim();
  }
  return { options, positionals, vars, verbose };
}

/** A command's own failure, reported as its message alone with the exit code given. */
export class CommandError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/** Whether an error is a configuration mistake shown as one line (its stack only with -v). */
export function isOneLine(error: unknown): boolean {
  return error instanceof IniError || error instanceof CommandError || (error instanceof Error && error.name === 'TranspileError');
}

/** The exit code a failure asks for (a missing add-on: 2), else 1. */
export function exitCodeOf(error: unknown): number {
  const code = (error as { exitCode?: unknown } | null)?.exitCode;
  return typeof code === 'number' ? code : 1;
}

/** Parses the command line, prints help or usage errors, runs `body`, and reports its failure. */
export async function runCommand(spec: CommandSpec, argv: string[], body: (args: CommandLine, io: CommandIO) => Promise<number>, io: CommandIO = processIO): Promise<number> {
  let args: CommandLine;
  try {
    args = parseCommandLine(spec, argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`${usage(spec)}\n${spec.name}: error: ${e.message}\n`);
    return 2;
  }
  if (args.options.help) {
    io.out(help(spec));
    return 0;
  }
  try {
    return await body(args, io);
  } catch (e) {
    const text = isOneLine(e) ? (e as Error).message + (args.verbose ? '\n' + formatError(e) : '') : formatError(e);
    io.err(`${spec.name}: ${text}\n`);
    return exitCodeOf(e);
  }
}

/** `-n NAME`, as pserve's: the app section to load (the URI's `#name` otherwise, else `main`). */
export const APP_NAME_OPTION: OptionSpec = { flags: ['-n', '--app-name'], key: 'appName', metavar: 'NAME', help: "Load the named application from the config file (default 'main')" };

/** The config URI with `-n NAME` applied: `development.ini#NAME`. */
export function withAppName(configUri: string, appName: OptionValue | undefined): string {
  return typeof appName === 'string' ? `${configUri.split('#')[0]}#${appName}` : configUri;
}

/** What every command that reads an app does first: its logging, then `bootstrap`. */
export async function loadEnvironment(configUri: string, vars: Record<string, string>, request?: Request): Promise<BootstrapEnv> {
  // loaded here, not above: pdistreport and create need none of the framework
  const { bootstrap, setupLogging } = await import('../paster');
  setupLogging(configUri, vars);
  return bootstrap(configUri, request, vars);
}
