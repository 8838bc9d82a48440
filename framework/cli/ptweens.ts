/**
 * `ptweens development.ini`: the tween chain the app uses, from INGRESS to MAIN, in Pyramid's
 * layout: the implicit chain, or the explicit one (`pyramid.tweens`) and the implicit one it
 * replaces.
 */
import { INGRESS, MAIN, type TweenInfo } from '../tweens';
import { APP_NAME_OPTION, type CommandIO, type CommandSpec, loadEnvironment, processIO, runCommand, withAppName } from './command';

export const SPEC: CommandSpec = {
  name: 'ptweens',
  description: `
Print all implicit and explicit tween objects used by a Pyramid
application.  The handler output includes whether the system is using an
explicit tweens ordering (will be true when the "pyramid.tweens"
deployment setting is used) or an implicit tweens ordering (will be true
when the "pyramid.tweens" deployment setting is *not* used).

This command accepts one positional argument named "config_uri" which
specifies the PasteDeploy config file to use for the interactive
shell. The format is "inifile#name". If the name is left off, "main"
will be assumed.  Example: "ptweens myapp.ini#main".`,
  positionals: [{ name: 'config_uri', help: 'The URI to the configuration file.' }],
  options: [APP_NAME_OPTION],
};

/** Python's `'%-10s  %-65s' % (position, name)`. */
function row(position: string, name: string): string {
  return `${position.padEnd(10)}  ${name.padEnd(65)}`;
}

/** The chain as Pyramid's show_chain prints it. */
export function chainLines(chain: readonly TweenInfo[]): string[] {
  return [row('Position', 'Name'), row('-'.repeat('Position'.length), '-'.repeat('Name'.length)), row('-', INGRESS), ...chain.map((t, i) => row(String(i), t.name)), row('-', MAIN)];
}

export function main(argv: string[], io: CommandIO = processIO): Promise<number> {
  return runCommand(SPEC, argv, async ({ options, positionals, vars }, io) => {
    const configUri = positionals.config_uri;
    if (!configUri) {
      io.out('Requires a config file argument\n');
      return 2;
    }
    const env = await loadEnvironment(withAppName(configUri, options.appName), vars);
    try {
      const { tweens } = env.registry;
      const lines: string[] = [];
      if (tweens.explicit.length) {
        lines.push('"pyramid.tweens" config value set (explicitly ordered tweens used)', '', 'Explicit Tween Chain (used)', '', ...chainLines(tweens.explicit));
        lines.push('', 'Implicit Tween Chain (not used)', '', ...chainLines(tweens.implicit()));
      } else {
        lines.push('"pyramid.tweens" config value NOT set (implicitly ordered tweens used)', '', 'Implicit Tween Chain', '', ...chainLines(tweens.implicit()));
      }
      io.out(lines.join('\n') + '\n');
      return 0;
    } finally {
      env.closer();
    }
  }, io);
}
