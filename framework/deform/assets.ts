/**
 * `deform:static/`: the files deform's pages load. deform.js and form.css are ours (static/);
 * the third-party ones deform ships in its own folder (Bootstrap 3, jQuery 2, the jQuery Form
 * plugin, jquery-sortable, TinyMCE 4) come from their npm packages, which an application depends on as it would
 * depend on deform in Python (the Quick Tutorial's forms step's package.json lists them).
 *
 * They are put in place with Pyramid's own machinery, `config.overrideAsset`, under the names
 * deform uses (`deform:static/scripts/jquery-2.0.3.min.js` is jQuery 2.2.4): so static views,
 * `request.staticUrl` and an application's own overrides treat them as any other asset.
 * `config.addStaticView(name, 'deform:static/')` includes this module (config.ts); so does
 * `config.include('deform')`.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { ConfigurationError } from '../exceptions';

/** Something that can override assets (the Configurator; a type here, to keep config.ts out of deform's imports). */
interface AssetConfig {
  readonly packageDir: string;
  overrideAsset(toOverride: string, overrideWith: string): void;
}

interface ThirdParty {
  /** Where deform has it, under deform:static/ (a folder ends in '/'). */
  asset: string;
  npm: string;
  /** The major version deform's markup and scripts are written for. */
  major: number;
  /** The version to install (the one deform 2.0.15 ships, or the nearest on npm). */
  install: string;
  /** The file or folder in the npm package. */
  path: string;
}

export const thirdPartyAssets: readonly ThirdParty[] = [
  { asset: 'css/bootstrap.min.css', npm: 'bootstrap', major: 3, install: '3.4.1', path: 'dist/css/bootstrap.min.css' },
  { asset: 'fonts/', npm: 'bootstrap', major: 3, install: '3.4.1', path: 'dist/fonts/' },
  { asset: 'scripts/bootstrap.min.js', npm: 'bootstrap', major: 3, install: '3.4.1', path: 'dist/js/bootstrap.min.js' },
  { asset: 'scripts/jquery-2.0.3.min.js', npm: 'jquery', major: 2, install: '2.2.4', path: 'dist/jquery.min.js' },
  { asset: 'scripts/jquery.form-3.09.js', npm: 'jquery-form', major: 3, install: '3.50.0', path: 'jquery.form.js' },
  { asset: 'scripts/jquery-sortable.js', npm: 'jquery-sortable', major: 0, install: '0.9.13', path: 'source/js/jquery-sortable.js' },
  { asset: 'tinymce/', npm: 'tinymce', major: 4, install: '4.9.11', path: '' },
];

/** The folder of an installed npm package and its version, or null. */
function findPackage(name: string, fromDir: string): { dir: string; version: string } | null {
  try {
    // From the application's folder: its own dependencies, as Node would find them.
    const manifest = require.resolve(`${name}/package.json`, { paths: [fromDir] });
    const { version } = JSON.parse(fs.readFileSync(manifest, 'utf-8')) as { version: string };
    return { dir: nodePath.dirname(manifest), version };
  } catch {
    return null;
  }
}

export function includeme(config: AssetConfig): void {
  const problems: string[] = [];
  const installs = new Set<string>();
  for (const item of thirdPartyAssets) {
    const found = findPackage(item.npm, config.packageDir);
    const wanted = `${item.npm}@${item.install}`;
    if (!found) {
      problems.push(`deform:static/${item.asset} comes from the npm package ${item.npm} ${item.major}.x, which is not installed`);
      installs.add(wanted);
    } else if (Number(found.version.split('.')[0]) !== item.major) {
      problems.push(`deform:static/${item.asset} needs ${item.npm} ${item.major}.x, as deform's markup does; ${found.dir} is ${found.version}`);
      installs.add(wanted);
    } else {
      const target = nodePath.join(found.dir, item.path);
      config.overrideAsset(`deform:static/${item.asset}`, item.asset.endsWith('/') ? target.replace(/[\\/]*$/, '/') : target);
    }
  }
  if (problems.length) {
    throw new ConfigurationError(`${problems.join('; ')}. Install them in the application: npm install ${[...installs].join(' ')}`);
  }
}
