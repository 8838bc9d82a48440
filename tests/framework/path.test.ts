/**
 * Names as Pyramid resolves them: dotted and relative module names, package directories and
 * asset specs; and the call site a directive records.
 */
import * as nodePath from 'node:path';
import { dottedToPath, resolveModule, resolvePackageDir, resolveAsset, callerSite, projectRoot, moduleFile } from '../../framework/path';
import * as views from '../fixtures/scanapp/views';
import { here } from './helpers';

const root = nodePath.resolve(__dirname, '..', '..');

/** Resolves `name` as a module from this test's directory, relative to the project root. */
function makeOne(name: string): string {
  return nodePath.relative(root, resolveModule(name, __dirname));
}

test.each([
  ['.views', './views'],
  ['..views', '../views'],
  ['...x.y', '../../x/y'],
  ['.', '.'],
  ['..', '..'],
  ['tutorial.views', 'tutorial/views'],
  ['./views', './views'],
  ['@scope/pkg', '@scope/pkg'],
  ['cookie', 'cookie'],
])('dottedToPath(%j) → %j', (name, path) => {
  expect(dottedToPath(name)).toBe(path);
});

test('module names: relative to the caller, dotted from the project root, else npm', () => {
  expect(makeOne('..fixtures.scanapp.views')).toBe('tests/fixtures/scanapp/views.ts');
  expect(makeOne('tutorial.views')).toBe('tutorial/views.ts');
  expect(makeOne('cookie')).toMatch(/^node_modules\/cookie\//);
  expect(() => makeOne('.nothing')).toThrow(`Cannot find module '.nothing' (looked for ${nodePath.join(__dirname, 'nothing')}; from ${__dirname})`);
});

test('package directories and asset specs', () => {
  expect(projectRoot(__dirname)).toBe(root);
  expect(resolvePackageDir('tutorial', __dirname)).toBe(nodePath.join(root, 'tutorial'));
  expect(resolveAsset('tutorial:home.pt', __dirname)).toBe(nodePath.join(root, 'tutorial', 'home.pt'));
  expect(resolveAsset('home.pt', '/x/y')).toBe('/x/y/home.pt');
  expect(resolveAsset('/abs/home.pt', '/x/y')).toBe('/abs/home.pt');
  expect(() => resolvePackageDir('no_such_package_here', __dirname)).toThrow("Cannot find package 'no_such_package_here'");
});

test('callerSite is the first frame outside the framework: this line', () => {
  const site = callerSite();
  const expected = here();
  expect(String(site)).toBe(expected.replace(/:\d+$/, `:${Number(expected.split(':').pop()) - 1}`));
});

test('moduleFile finds the file a module object came from', () => {
  expect(moduleFile(views)).toBe(require.resolve('../fixtures/scanapp/views'));
  expect(moduleFile({})).toBeNull();
});
