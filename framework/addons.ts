/**
 * What `config.include('name')` and `pyramid.includes` load: a module exporting
 * `includeme(config)`, found as Pyramid finds one: relative to the including module (`.routes`),
 * in the project (`tutorial.routes`), or an installed npm package (`pyramid_tm`, `@scope/addon`,
 * `lodash.merge`). A name that finds nothing is an `AddonNotFoundError` saying what to install;
 * from `pyramid.includes`, pserve reports it at that ini line with exit code 2.
 */
import { ConfigurationError } from './exceptions';
import { dottedToPath, resolveModule } from './path';

/** An include that names nothing installed or local. */
export class AddonNotFoundError extends ConfigurationError {
  name = 'AddonNotFoundError';
  /** pserve and the p-commands exit with this code. */
  readonly exitCode = 2;
  /** The setting the name came from (`pyramid.includes`), when it came from one. */
  setting?: string;

  constructor(
    /** The problem alone, without where include() was called: pserve puts the ini line there instead. */
    readonly problem: string,
    site: unknown,
    readonly addon: string,
  ) {
    super(`include('${addon}')${site ? ` (${site})` : ''}: ${problem}`);
  }
}

function isLocal(name: string): boolean {
  const target = dottedToPath(name);
  return target === '.' || target.startsWith('./') || target.startsWith('../') || target.startsWith('/');
}

/** The npm package a name would be installed as: the name itself (scoped names whole). */
function packageOf(name: string): string {
  return name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0];
}

/** The file `include(name)` loads, from the including module's folder. */
export function resolveInclude(name: string, fromDir: string, site: unknown): string {
  try {
    return resolveModule(name, fromDir);
  } catch {
    // npm names may hold dots (lodash.merge), which the dotted form turned into folders
    if (name.includes('.') && !isLocal(name)) {
      try {
        return require.resolve(name, { paths: [fromDir] });
      } catch {
        // reported below
      }
    }
  }
  if (isLocal(name)) throw new AddonNotFoundError(`Cannot find module '${name}' (no ${dottedToPath(name)} next to ${fromDir})`, site, name);
  const pkg = packageOf(name);
  throw new AddonNotFoundError(`no add-on '${name}': not a module of this project and no npm package '${pkg}' is installed; ` +
    `install it (npm install ${pkg}) or take it out`, site, name);
}

/** Marks an include error as coming from a setting, so that pserve can point at its ini line. */
export function fromSetting(error: unknown, setting: string): unknown {
  if (error instanceof AddonNotFoundError) error.setting = setting;
  return error;
}
