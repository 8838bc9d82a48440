/**
 * `npx pyramid-ts create my-app`: a new project from ../starter, as Pyramid's
 * `pyramid-cookiecutter-starter` makes one: package.json, tsconfig, development.ini and
 * production.ini, the app package (`my_app/`: routes, a view, a 404 view, `.pt` templates), jest
 * tests and a README. `npm install && npm test` and `npx pserve development.ini --reload` then
 * work in it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CommandIO, CommandError, type CommandSpec, processIO, runCommand } from './command';

export const SPEC: CommandSpec = {
  name: 'pyramid-ts',
  description: `
Make a new pyramid-ts project: pyramid-ts create my-app

The project's folder and npm name are 'my-app'; its app package, which the
ini files name with 'use = egg:my_app', is the folder 'my_app'.`,
  positionals: [
    { name: 'command', help: "'create'" },
    { name: 'name', help: 'The project to make: its folder and npm name (lower case, digits, - and _).' },
  ],
  options: [
    { flags: ['--framework'], key: 'framework', metavar: 'SPEC', help: "The dependency on pyramid-ts to write in package.json (default: ^ this version; a tarball path or file:...)" },
    { flags: ['-o', '--output-dir'], key: 'outputDir', metavar: 'DIR', help: 'Where to make the project folder (default: the current folder)' },
  ],
  vars: false,
};

const STARTER = path.join(__dirname, '..', 'starter');

/** Starter files whose names npm or jest would treat specially until they are written out. */
const RENAMED: Record<string, string> = { '_package.json': 'package.json', _gitignore: '.gitignore' };

function frameworkVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
}

/** Every file of the starter, relative to it. */
function starterFiles(dir = STARTER, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? starterFiles(dir, path.join(rel, e.name)) : [path.join(rel, e.name)]);
}

/** Writes the project; returns the files written, relative to `target`. */
export function createProject(target: string, project: string, framework: string): string[] {
  const pkg = project.replace(/-/g, '_');
  // `__package__` stands for the package in paths (and in imports, so that the starter type-checks as it is)
  const fill = (text: string) => text.replace(/\{\{(project|package|framework)\}\}|__package__/g, (m, key?: string) =>
    (key === 'project' ? project : key === 'framework' ? framework : pkg));
  const written: string[] = [];
  for (const rel of starterFiles()) {
    const parts = rel.split(path.sep).map((p) => (p === '__package__' ? pkg : RENAMED[p] ?? p));
    const dest = path.join(target, ...parts);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(dest, fill(fs.readFileSync(path.join(STARTER, rel), 'utf8')), { flag: 'wx' });
    written.push(parts.join('/'));
  }
  return written.sort();
}

export function main(argv: string[], io: CommandIO = processIO): Promise<number> {
  return runCommand(SPEC, argv, async ({ options, positionals }, out) => {
    if (positionals.command !== 'create' || !positionals.name) {
      out.err('usage: pyramid-ts create NAME [--framework SPEC] [-o DIR]\n');
      return 2;
    }
    const project = positionals.name;
    if (!/^[a-z][a-z0-9_-]*$/.test(project) || project.length > 214) {
      throw new CommandError(`'${project}' cannot name a project: use lower-case letters, digits, - and _, starting with a letter (my-app)`, 2);
    }
    const target = path.resolve(typeof options.outputDir === 'string' ? options.outputDir : process.cwd(), project);
    if (fs.existsSync(target) && fs.readdirSync(target).length) throw new CommandError(`${target} already exists and is not empty; choose another name or folder`, 2);
    const framework = typeof options.framework === 'string' ? options.framework : `^${frameworkVersion()}`;
    createProject(target, project, framework);
    const relative = path.relative(process.cwd(), target);
    const cd = relative && !relative.startsWith('..') ? relative : target;
    out.out(`Created ${project} in ${target}\n\nNext:\n  cd ${cd}\n  npm install\n  npm test\n  npx pserve development.ini --reload\n`);
    return 0;
  }, io);
}
