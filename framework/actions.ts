/**
 * Configuration actions, as Pyramid's: each directive is an action with a discriminator and the
 * call site that made it; at commit, actions with one discriminator conflict unless one was made
 * closer to the root configuration than the others (its includes), which then wins.
 */
import { ConfigurationError, ConfigurationConflictError } from './exceptions';
import type { CallSite } from './path';
import { identity } from './views';

export type Discriminator = readonly unknown[];

export interface Action {
  /** Computed at commit when it depends on other directives (a view's predicates). */
  discriminator: Discriminator | (() => Discriminator) | null;
  execute: () => void;
  /** Lower runs first: settings-like, then routes, then views. */
  order: number;
  site: CallSite | null;
  includePath: readonly string[];
}

export function discriminatorKey(d: Discriminator): string {
  // A view's discriminator is made at commit, with the predicates registered by then.
  // Two classes of one name are two contexts: the key names each by its identity.
  return JSON.stringify(d.map((part) => (typeof part === 'function' ? `<class ${(part as Function).name}#${identity(part as Function)}>` : part)));
}

/** Pyramid's route prefix rule: `prefix.rstrip('/') + '/' + path.lstrip('/')`. */
export function joinPrefix(prefix: string, path: string): string {
  return prefix.replace(/\/$/, '') + '/' + path.replace(/^\//, '');
}

/** Runs a directive's own checks; a mistake becomes a ConfigurationError naming the directive's line. */
export function atSite<T>(site: CallSite | null, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    throw new ConfigurationError(`${(error as Error).message} (${site ?? '<unknown location>'})`);
  }
}

/** Pyramid's rule: an action made closer to the root configuration wins over one in its includes. */
export function resolveConflicts(actions: Action[]): Action[] {
  const groups = new Map<string, Action[]>();
  for (const action of actions) {
    if (action.discriminator === null) continue;
    if (typeof action.discriminator === 'function') action.discriminator = action.discriminator();
    const key = discriminatorKey(action.discriminator);
    const group = groups.get(key);
    if (group) group.push(action);
    else groups.set(key, [action]);
  }
  const conflicts: Array<{ discriminator: Discriminator; sites: Array<CallSite | null> }> = [];
  const losing = new Set<Action>();
  for (const group of groups.values()) {
    if (group.length === 1) continue;
    const shortest = group.reduce((a, b) => (b.includePath.length < a.includePath.length ? b : a));
    const isPrefix = (p: readonly string[], q: readonly string[]) => p.length < q.length && p.every((x, i) => x === q[i]);
    const losers = group.filter((a) => a !== shortest);
    if (losers.every((a) => isPrefix(shortest.includePath, a.includePath))) {
      for (const loser of losers) losing.add(loser);
    } else {
      conflicts.push({ discriminator: group[0].discriminator as Discriminator, sites: group.map((a) => a.site) });
    }
  }
  if (conflicts.length) throw new ConfigurationConflictError(conflicts);
  // The winners, in the order the directives were given in.
  return actions.filter((a) => !losing.has(a));
}
