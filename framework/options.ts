/**
 * Unknown options, refused: every directive checks the options it was given against the ones it
 * knows (its own, the predicates, and what registered view derivers declare), so that a typo
 * or an option of an add-on that is not included is a ConfigurationError naming the option, the
 * closest known names and the user's line, never silently dropped.
 */
import { ConfigurationError } from './exceptions';
import type { CallSite } from './path';

/** Pyramid names the add-on that provides an option no deriver declares yet. */
export const OPTION_HINTS: Record<string, string> = {
  permission: 'a view with a permission is never served to everyone: include the security add-on, whose view deriver declares it',
  requireCsrf: 'include the security add-on, whose CSRF view deriver declares it',
};

/** The error for options a directive does not know, with the closest known names. */
export function unknownOptions(what: string, unknown: string[], known: Iterable<string>, site: CallSite | null): ConfigurationError {
  const knownList = [...new Set(known)].sort();
  const parts = unknown.map((name) => {
    const hint = OPTION_HINTS[name] ?? closest(name, [...knownList, ...Object.keys(OPTION_HINTS)]);
    return `'${name}'${hint ? ` (${hint})` : ''}`;
  });
  return new ConfigurationError(`${what} (${site ?? '<unknown location>'}): unknown option${unknown.length > 1 ? 's' : ''} ${parts.join(', ')}. Known options: ${knownList.join(', ')}.`);
}

function closest(name: string, known: string[]): string {
  const lower = name.toLowerCase();
  const near = known.filter((k) => k.toLowerCase() === lower || editDistance(k.toLowerCase(), lower) <= Math.max(1, Math.floor(name.length / 4)));
  return near.length ? `did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = current;
    }
  }
  return row[b.length];
}

/** The option names of `given` that are set (undefined counts as not given, as Pyramid's None). */
export function givenKeys(given: object): string[] {
  return Object.keys(given).filter((key) => (given as Record<string, unknown>)[key] !== undefined);
}
