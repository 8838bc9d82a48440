/**
 * scan's helpers: which files a package scan reads, and which records a module's exports
 * carry (only those of objects the module itself defines, as venusian).
 */
import * as nodePath from 'node:path';
import { packageModules, findInModule, loadScanTarget } from '../../framework/scan';
import * as views from '../fixtures/scanapp/views';
import * as reexport from '../fixtures/scanapp/reexport';
import { writeTree } from './helpers';

const scanapp = nodePath.join(__dirname, '..', 'fixtures', 'scanapp');

/** The file names `packageModules` lists for a tree of `files`, relative to its root. */
function makeOne(files: string[], ignore?: Array<string | ((file: string) => boolean)>): string[] {
  const root = writeTree(Object.fromEntries(files.map((f) => [f, ''])));
  return packageModules(root, { ignore }).map((f) => nodePath.relative(root, f));
}

test('a package scan reads module files depth first, sorted, leaving out tests, declarations and node_modules', () => {
  expect(makeOne(['b.ts', 'a.js', 'sub/c.ts', 'x.test.ts', 'y.spec.js', 'types.d.ts', 'node_modules/m/index.js', 'tests/t.ts', 'readme.md'])).toEqual(['a.js', 'b.ts', 'sub/c.ts']);
});

test('ignore takes names or predicates', () => {
  expect(makeOne(['a.ts', 'b.ts', 'sub/c.ts'], ['sub', (f) => f.endsWith('b.ts')])).toEqual(['a.ts']);
});

test('findInModule lists each decorated export’s records, in export order', () => {
  const found = findInModule(views, require.resolve('../fixtures/scanapp/views'));
  expect(found.map((f) => `${f.object.name}.${f.record.attr ?? ''}:${f.record.kind}`)).toEqual([
    'home.:view',
    'TutorialViews.hello:view',
    'TutorialViews.helloJson:view',
    'TutorialViews.helloJson:view',
    'notFound.:notfound',
  ]);
  expect(found[1].defaults).toEqual({ routeName: 'hello', renderer: 'home.pt' });
});

test('a re-exported object is passed by: only the module that defines it registers it', () => {
  const found = findInModule(reexport, require.resolve('../fixtures/scanapp/reexport'));
  expect(found.map((f) => f.object.name)).toEqual(['extra']);
});

test('loadScanTarget: a module name, a directory, and an index module scan what they name', () => {
  const files = (target: string) => loadScanTarget(target, scanapp).map(([file]) => nodePath.relative(scanapp, file!));
  expect(files('.views')).toEqual(['views.ts']);
  expect(files('./sub')).toEqual(['sub/deep.ts']);
  expect(files('.')).toEqual(['includes.ts', 'index.ts', 'reexport.ts', 'sub/deep.ts', 'views.ts']);
});

test('an import error is thrown, or handed to onError', () => {
  const root = writeTree({ 'bad.js': 'throw new Error("cannot import")', 'good.js': 'module.exports = {}' });
  expect(() => loadScanTarget(root, root)).toThrow('cannot import');
  const errors: string[] = [];
  const loaded = loadScanTarget(root, root, { onError: (file, error) => errors.push(`${nodePath.basename(file)}: ${(error as Error).message}`) });
  expect(errors).toEqual(['bad.js: cannot import']);
  expect(loaded).toHaveLength(2);
});
