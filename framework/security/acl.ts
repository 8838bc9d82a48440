/**
 * Access control lists, as Pyramid's `pyramid.authorization`: a context (or one of its
 * `__parent__` ancestors) carries `__acl__`, a list of ACEs `[action, principal, permissions]`;
 * `ACLHelper.permits` walks the lineage from the context up and the first ACE naming one of the
 * user's principals and the permission decides. The result says which ACE matched, in which ACL,
 * on which resource.
 *
 * @example
 *   class Root {
 *     __acl__ = [[Allow, Everyone, 'view'], [Allow, 'group:editors', 'edit'], DENY_ALL];
 *   }
 *   new ACLHelper().permits(new Root(), [Everyone, Authenticated, 'group:editors'], 'edit').allowed;  // true
 */

import { lineage } from '../traversal';

/** The ACE action that grants (Pyramid's `Allow`). Any other action denies, as in Pyramid. */
export const Allow = 'Allow';
/** The ACE action that denies (Pyramid's `Deny`). */
export const Deny = 'Deny';
/** The principal every request has, logged in or not. */
export const Everyone = 'system.Everyone';
/** The principal every logged-in request has. */
export const Authenticated = 'system.Authenticated';

/** Stands for every permission in an ACE (Pyramid's `AllPermissionsList`). */
export class AllPermissionsList implements Iterable<string> {
  *[Symbol.iterator](): Iterator<string> {}

  includes(_permission: unknown): boolean {
    return true;
  }

  toString(): string {
    return 'ALL_PERMISSIONS';
  }
}

/** Every permission. */
export const ALL_PERMISSIONS = new AllPermissionsList();

export type ACEPermissions = string | readonly string[] | ReadonlySet<string> | AllPermissionsList;
/** One entry: `[Allow or Deny, principal, permission or permissions]`. */
export type ACE = readonly [action: string, principal: unknown, permissions: ACEPermissions];
export type ACL = readonly ACE[];
/** `__acl__` on a resource: the list, or a function (called with the resource as `this`) that gives it. */
export type ACLSource = ACL | (() => ACL);

/** The ACE that closes an ACL: nobody gets anything further up. */
export const DENY_ALL: ACE = [Deny, Everyone, ALL_PERMISSIONS];

const NO_ACL = '<No ACL found on any object in resource lineage>';
const DEFAULT_DENY = '<default deny>';

/** Allowed or denied, with the reason (Pyramid's `PermitsResult`; test `.allowed`, as a JS object is always truthy). */
export abstract class PermitsResult {
  abstract readonly allowed: boolean;
  private readonly message: string | (() => string);

  /** The reason: text, or a function that writes it when first read (ACL results, made per request). */
  constructor(message: string | (() => string)) {
    this.message = message;
  }

  get msg(): string {
    return typeof this.message === 'string' ? this.message : this.message();
  }

  toString(): string {
    return this.msg;
  }

  /** 1 or 0, as Pyramid's results are ints: `+result`. */
  valueOf(): number {
    return this.allowed ? 1 : 0;
  }
}

/** Allowed, for a reason other than an ACL. */
export class Allowed extends PermitsResult {
  readonly allowed = true;
}

/** Denied, for a reason other than an ACL. */
export class Denied extends PermitsResult {
  readonly allowed = false;
}

function describe(value: unknown): string {
  if (value instanceof AllPermissionsList) return 'ALL_PERMISSIONS';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return '[' + value.map(describe).join(', ') + ']';
  if (value instanceof Set) return 'Set {' + [...value].map(describe).join(', ') + '}';
  if (value && typeof value === 'object') return `<${value.constructor?.name ?? 'Object'}>`;
  return String(value);
}

/** Fields shared by ACLAllowed and ACLDenied: what matched, where. */
export interface ACLMatch {
  /** The matching ACE, or `'<default deny>'` when none did. */
  readonly ace: ACE | typeof DEFAULT_DENY;
  /** The ACL holding it (the last one seen, on a default deny), or a note that there was none. */
  readonly acl: ACL | typeof NO_ACL;
  readonly permission: string;
  readonly principals: readonly unknown[];
  /** The resource whose ACL matched (the context itself, on a default deny). */
  readonly context: unknown;
}

function aclMessage(kind: string, m: ACLMatch): string {
  return `${kind} permission ${JSON.stringify(m.permission)} via ACE ${describe(m.ace)} in ACL ${describe(m.acl)} on context ${describe(m.context)} for principals ${describe(m.principals)}`;
}

/** An ACL allowed the permission; `ace` says which entry. */
export class ACLAllowed extends Allowed implements ACLMatch {
  constructor(readonly ace: ACE, readonly acl: ACL, readonly permission: string, readonly principals: readonly unknown[], readonly context: unknown) {
    super(() => aclMessage('ACLAllowed', this));
  }
}

/** An ACL denied the permission (or no ACE matched: `ace` is `'<default deny>'`). */
export class ACLDenied extends Denied implements ACLMatch {
  constructor(
    readonly ace: ACE | typeof DEFAULT_DENY,
    readonly acl: ACL | typeof NO_ACL,
    readonly permission: string,
    readonly principals: readonly unknown[],
    readonly context: unknown,
  ) {
    super(() => aclMessage('ACLDenied', this));
  }
}

interface Located {
  __acl__?: ACLSource;
  __parent__?: unknown;
}

/** The ACL a resource carries, or undefined when it has no `__acl__` (Pyramid's AttributeError). */
function aclOf(location: Located): ACL | undefined {
  if (typeof location !== 'object' && typeof location !== 'function') return undefined;
  const acl = location.__acl__;
  if (acl === undefined) return undefined;
  const list = typeof acl === 'function' ? (acl as () => ACL).call(location) : acl;
  if (!list || typeof (list as Iterable<ACE>)[Symbol.iterator] !== 'function') {
    throw new TypeError(`__acl__ on ${describe(location)} is ${describe(list)}: it must be a list of [action, principal, permissions] (or a function giving one)`);
  }
  return list;
}

function permissionsInclude(permissions: ACEPermissions, permission: string): boolean {
  if (typeof permissions === 'string') return permissions === permission;
  if (permissions instanceof AllPermissionsList) return true;
  if (permissions instanceof Set) return permissions.has(permission);
  return Array.isArray(permissions) ? permissions.includes(permission) : false;
}

/** Pyramid's ACLHelper: `permits` and `principalsAllowedByPermission`. */
export class ACLHelper {
  /**
   * Walks the context's lineage; the first ACE naming one of `principals` and the permission
   * decides (Allow: ACLAllowed; anything else: ACLDenied). No match anywhere: ACLDenied with
   * `'<default deny>'`.
   */
  permits(context: unknown, principals: readonly unknown[], permission: string): ACLAllowed | ACLDenied {
    let acl: ACL | typeof NO_ACL = NO_ACL;
    const has = principals.length > 8 ? ((set) => (p: unknown) => set.has(p))(new Set(principals)) : (p: unknown) => principals.includes(p);
    for (const location of lineage(context) as Located[]) {
      const found = aclOf(location);
      if (found === undefined) continue;
      acl = found;
      for (const ace of found) {
        const [action, principal, permissions] = ace;
        if (has(principal) && permissionsInclude(permissions, permission)) {
          return action === Allow
            ? new ACLAllowed(ace, found, permission, principals, location)
            : new ACLDenied(ace, found, permission, principals, location);
        }
      }
    }
    return new ACLDenied(DEFAULT_DENY, acl, permission, principals, context);
  }

  /**
   * The principals granted `permission` on `context`, walking down from the root: an Allow
   * adds, a later Deny removes, a Deny to Everyone clears what came from above.
   */
  principalsAllowedByPermission(context: unknown, permission: string): Set<unknown> {
    let allowed = new Set<unknown>();
    for (const location of (lineage(context) as Located[]).reverse()) {
      const acl = aclOf(location);
      if (acl === undefined) continue;
      const allowedHere = new Set<unknown>();
      const deniedHere = new Set<unknown>();
      for (const [action, principal, permissions] of acl) {
        if (!permissionsInclude(permissions, permission)) continue;
        if (action === Allow && !deniedHere.has(principal)) allowedHere.add(principal);
        if (action === Deny) {
          deniedHere.add(principal);
          if (principal === Everyone) {
            allowed = new Set();
            break;
          }
          allowed.delete(principal);
        }
      }
      for (const principal of allowedHere) allowed.add(principal);
    }
    return allowed;
  }
}
