/**
 * `pdistreport`: pyramid-ts's version, the platform, and every npm package this folder's code
 * can load (the nearest copy of each, as Node's resolution finds it), in Pyramid's layout.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type CommandIO, type CommandSpec, processIO, runCommand } from './command';

export const SPEC: CommandSpec = {
  name: 'pdistreport',
  description: 'Show npm package versions and locations in use',
  positionals: [],
  options: [],
  vars: false,
};

interface Distribution { name: string; version: string; location: string }

function readVersion(dir: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? '';
  } catch {
    return undefined;
  }
}

function entries(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** The packages in every node_modules from `start` up, the nearest of each name winning. */
export function distributions(start: string): Distribution[] {
  const found = new Map<string, Distribution>();
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const modules = path.join(dir, 'node_modules');
    for (const entry of entries(modules)) {
      const names = entry.startsWith('@') ? entries(path.join(modules, entry)).map((n) => `${entry}/${n}`) : entry.startsWith('.') ? [] : [entry];
      for (const name of names) {
        const version = readVersion(path.join(modules, name));
        if (version !== undefined && !found.has(name)) found.set(name, { name, version, location: modules });
      }
    }
    if (path.dirname(dir) === dir) break;
  }
  return [...found.values()].sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0));
}

/** Python's `platform.platform()`, with Node's version where Python gives the C library's. */
function platformText(): string {
  const arch = { x64: 'x86_64', arm64: 'aarch64', ia32: 'i686' }[process.arch as string] ?? process.arch;
  return `${os.type()}-${os.release()}-${arch}-with-node-${process.version}`;
}

export function main(argv: string[], io: CommandIO = processIO, cwd = process.cwd()): Promise<number> {
  return runCommand(SPEC, argv, async (_args, out) => {
    // Pyramid's out(): each argument followed by a space
    const line = (...parts: string[]) => out.out(parts.map((p) => `${p} `).join('') + '\n');
    line('pyramid-ts version:', readVersion(path.join(__dirname, '..')) ?? 'unknown');
    line('Platform:', platformText());
    line('Packages:');
    for (const d of distributions(cwd)) {
      line(' ', d.name, d.version);
      line('   ', d.location);
    }
    return 0;
  }, io);
}
