/**
 * The framework as the npm package `pyramid-ts` (framework/package.json): Pyramid's module names
 * are reachable by name, nothing else is, the flagship imports it by name, and every bin has its
 * command. Resolution is checked by Node itself, in a child process, as an app would see it.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const repo = path.join(__dirname, '..');
const framework = path.join(repo, 'framework');
const pkg = JSON.parse(fs.readFileSync(path.join(framework, 'package.json'), 'utf8')) as {
  name: string; exports: Record<string, string>; bin: Record<string, string>; dependencies: Record<string, string>;
};

/** What `require.resolve(name)` gives from the repository root, per name: a path or the error code. */
function resolveAll(names: string[]): Record<string, string> {
  const script = `const out = {};
for (const name of ${JSON.stringify(names)}) {
  try { out[name] = require.resolve(name); } catch (e) { out[name] = e.code; }
}
process.stdout.write(JSON.stringify(out));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: repo, encoding: 'utf8' })) as Record<string, string>;
}

const modules = fs.readdirSync(path.join(framework, 'api')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();

describe('the package pyramid-ts', () => {
  it('has Pyramid\'s module layout', () => {
    expect(pkg.name).toBe('pyramid-ts');
    expect(modules).toEqual(expect.arrayContaining(['config', 'session', 'response', 'httpexceptions', 'view', 'testing', 'paster',
      'scripting', 'request', 'renderers', 'csrf', 'settings', 'exceptions', 'logging', 'waitress']));
  });

  it('resolves each module by name, the root and the require hook', () => {
    const resolved = resolveAll(['pyramid-ts', 'pyramid-ts/register', ...modules.map((m) => `pyramid-ts/${m}`)]);
    expect(resolved['pyramid-ts']).toBe(path.join(framework, 'index.ts'));
    expect(resolved['pyramid-ts/register']).toBe(path.join(framework, 'bin', 'hook.js'));
    for (const m of modules) expect(resolved[`pyramid-ts/${m}`]).toBe(path.join(framework, 'api', `${m}.ts`));
  });

  it('reaches nothing that is not public', () => {
    const hidden = ['pyramid-ts/ini', 'pyramid-ts/cli/pserve', 'pyramid-ts/config.ts', 'pyramid-ts/api/config', 'pyramid-ts/register.ts',
      'pyramid-ts/starter/_package.json', 'pyramid-ts/scripts/pack.js'];
    const resolved = resolveAll(hidden);
    for (const name of hidden) expect([name, resolved[name]]).toEqual([name, 'MODULE_NOT_FOUND']);
  });

  it('gives each module Pyramid\'s names', async () => {
    const view = await import('pyramid-ts/view');
    expect(Object.keys(view).sort()).toEqual(['exceptionViewConfig', 'forbiddenViewConfig', 'notFoundViewConfig', 'viewConfig', 'viewDefaults']);
    const config = await import('pyramid-ts/config');
    expect(Object.keys(config).sort()).toEqual(['ConfigurationConflictError', 'ConfigurationError', 'Configurator']);
    const paster = await import('pyramid-ts/paster');
    expect(Object.keys(paster).sort()).toEqual(['bootstrap', 'getApp', 'getAppSettings', 'setupLogging']);
    const root = await import('pyramid-ts');
    expect(root.Configurator).toBe(config.Configurator);
  });

  it('is what the flagship imports, by name', () => {
    for (const file of ['index.ts', 'views.ts']) {
      const text = fs.readFileSync(path.join(repo, 'tutorial', file), 'utf8');
      expect(text).toMatch(/from 'pyramid-ts\/(config|view)'/);
      expect(text).not.toContain('../framework');
    }
  });

  it('has a command behind every bin, and typescript among its dependencies (the hook needs it at run time)', () => {
    for (const [name, file] of Object.entries(pkg.bin)) {
      const launcher = fs.readFileSync(path.join(framework, file), 'utf8');
      expect([name, launcher.startsWith('#!/usr/bin/env node\n')]).toEqual([name, true]);
      const command = /require\('\.\/run'\)\('([\w-]+)'\)/.exec(launcher)?.[1];
      expect([name, command && fs.existsSync(path.join(framework, 'cli', `${command}.ts`))]).toEqual([name, true]);
    }
    expect(Object.keys(pkg.dependencies)).toContain('typescript');
  });
});
