/**
 * `deform:static/`: our deform.js and form.css, and the third-party files deform ships, taken
 * from their npm packages and put in place by asset overrides when the folder is served.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { Configurator } from '../../../framework/config';
import { includeme, thirdPartyAssets } from '../../../framework/deform/assets';
import { ConfigurationError } from '../../../framework/exceptions';
import { resolvePackageDir } from '../../../framework/path';
import type { Request } from '../../../framework/request';
import { TestApp } from '../../../framework/testing';

const deformDir = nodePath.join(__dirname, '../../../framework/deform');

test('deform is a package pyramid-ts carries: deform:static/ is its folder', () => {
  expect(resolvePackageDir('deform', __dirname)).toBe(deformDir);
});

function deformApp(configure: (config: Configurator) => void = () => undefined): TestApp {
  const config = new Configurator();
  config.addStaticView('deform_static', 'deform:static/');
  configure(config);
  return new TestApp(config.makeWsgiApp());
}

test('serving deform:static/ puts the npm packages\' files under deform\'s names, beside our own', async () => {
  const app = deformApp();
  const jquery = await app.get('/deform_static/scripts/jquery-2.0.3.min.js', { status: 200 });
  expect(jquery.text).toBe(fs.readFileSync(require.resolve('jquery/dist/jquery.min.js'), 'utf-8'));
  const tinymce = await app.get('/deform_static/tinymce/plugins/link/plugin.min.js', { status: 200 });
  expect(tinymce.text).toBe(fs.readFileSync(require.resolve('tinymce/plugins/link/plugin.min.js'), 'utf-8'));
  const ours = await app.get('/deform_static/scripts/deform.js', { status: 200 });
  expect(ours.text).toBe(fs.readFileSync(nodePath.join(deformDir, 'static/scripts/deform.js'), 'utf-8'));
  await app.get('/deform_static/scripts/missing.js', { status: 404 });
});

test('request.staticUrl names them as deform does', async () => {
  const config = new Configurator();
  config.addStaticView('deform_static', 'deform:static/');
  config.addRoute('home', '/');
  config.addView((_context: unknown, request: Request) => request.staticUrl('deform:static/tinymce/tinymce.min.js'), { routeName: 'home', renderer: 'string' });
  const res = await new TestApp(config.makeWsgiApp()).get('/');
  expect(res.text).toBe('http://localhost/deform_static/tinymce/tinymce.min.js');
});

test('an application\'s own override of a deform file wins', async () => {
  const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'deform-over-'));
  fs.writeFileSync(nodePath.join(dir, 'mine.css'), 'body { color: red }');
  try {
    const app = deformApp((config) => config.overrideAsset('deform:static/css/bootstrap.min.css', nodePath.join(dir, 'mine.css')));
    expect((await app.get('/deform_static/css/bootstrap.min.css', { status: 200 })).text).toBe('body { color: red }');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing or wrong-major package is an error naming the npm install to run', () => {
  const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'deform-missing-'));
  try {
    fs.mkdirSync(nodePath.join(dir, 'node_modules', 'bootstrap'), { recursive: true });
    fs.writeFileSync(nodePath.join(dir, 'node_modules', 'bootstrap', 'package.json'), JSON.stringify({ name: 'bootstrap', version: '5.3.8' }));
    const overrides: string[] = [];
    const config = { packageDir: dir, overrideAsset: (spec: string) => void overrides.push(spec) };
    let error: unknown;
    try {
      includeme(config);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    expect(message).toContain(`deform:static/css/bootstrap.min.css needs bootstrap 3.x, as deform's markup does; ${nodePath.join(dir, 'node_modules', 'bootstrap')} is 5.3.8`);
    expect(message).toContain('deform:static/tinymce/ comes from the npm package tinymce 4.x, which is not installed');
    expect(message).toContain('npm install bootstrap@3.4.1 jquery@2.2.4 jquery-form@3.50.0 jquery-sortable@0.9.13 tinymce@4.9.11');
    expect(overrides).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('each third-party file deform ships is covered', () => {
  expect(thirdPartyAssets.map((a) => a.asset)).toEqual([
    'css/bootstrap.min.css', 'fonts/', 'scripts/bootstrap.min.js', 'scripts/jquery-2.0.3.min.js', 'scripts/jquery.form-3.09.js',
    'scripts/jquery-sortable.js', 'tinymce/',
  ]);
});
