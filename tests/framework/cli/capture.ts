/** Runs one of the p-commands in process and collects what it printed. */
import type { CommandIO } from '../../../framework/cli/command';

export async function capture<A extends unknown[]>(
  main: (argv: string[], io: CommandIO, ...rest: A) => Promise<number>, argv: string[], ...rest: A
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { out: (t) => (stdout += t), err: (t) => (stderr += t) }, ...rest);
  return { code, stdout, stderr };
}
