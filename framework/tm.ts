/**
 * `pyramid_tm`'s twin: `config.include('pyramid_tm')` (or `pyramid.includes = pyramid_tm`) adds
 * a tween, under the exception-view tween, that runs each request in a transaction of
 * `request.tm` and commits it once a response comes back, or aborts it when the handler throws,
 * when the transaction was doomed, or when the commit veto rejects the response. Data managers
 * (a database session) join `request.tm.get()`, and so commit or roll back with the request.
 *
 * Settings, as pyramid_tm's:
 * - `tm.attempts` (default 1): how many times a request is tried when it fails with a retryable
 *   error (a `TransientError`, or one a joined data manager's `shouldRetry` accepts);
 * - `tm.commit_veto`: `(request, response) => boolean`, true to abort. As in pyramid_tm there is
 *   none unless set; `pyramid_tm.default_commit_veto` (our `defaultCommitVeto`) aborts on 4xx/5xx
 *   and on an `X-Tm` header other than `commit`;
 * - `tm.manager_hook`: `(request) => TransactionManager`, the manager `request.tm` returns;
 *   by default a new manager per request (Python's default is thread-local; Node's requests
 *   interleave on one thread, so each gets its own), bound as `transaction.manager` while the
 *   request is handled;
 * - `tm.activate_hook`: `(request) => boolean`, false to leave a request outside any transaction;
 * - `tm.annotate_user` (default true): record `request.authenticatedUserid` as the transaction's user.
 * A setting names a function (`module:attr`, `module.attr`) or, set in code, is the function.
 */
import type { Configurator } from './config';
import { resolveDotted } from './cli/pshell';
import { ConfigurationError } from './exceptions';
import { asbool } from './ini';
import type { Registry } from './registry';
import type { Request } from './request';
import { headerValue, type Response } from './response';
import { bindManager, TransactionManager } from './transaction';
import { EXCVIEW, TM_TWEEN, type Handler } from './tweens';

export type CommitVeto = (request: Request, response: Response) => boolean;
export type ManagerHook = (request: Request) => TransactionManager;
export type ActivateHook = (request: Request) => boolean;

/** The tween's name, pyramid_tm's, so that `pyramid.tweens` lists carry over. */
export { TM_TWEEN };

/**
 * pyramid_tm's default veto: abort when an `X-Tm` header says anything but `commit`, or, without
 * one, when the status is 4xx or 5xx.
 */
export function defaultCommitVeto(request: Request, response: Response): boolean {
  const xtm = headerValue(response.headers, 'x-tm');
  if (xtm !== undefined) return xtm !== 'commit';
  const status = response.status;
  return status.startsWith('4') || status.startsWith('5');
}

/** A `tm.manager_hook` for an explicit manager per request: no transaction outside the tween's. */
export function explicitManager(request: Request): TransactionManager {
  void request;
  return new TransactionManager(true);
}

/** pyramid_tm's own dotted names, so that an ini written for it works unchanged. */
const pyramidTmNames: Record<string, unknown> = {
  'pyramid_tm.default_commit_veto': defaultCommitVeto,
  'pyramid_tm.explicit_manager': explicitManager,
};

/** Requests the tween is handling: it runs once per request, even if included twice. */
const active = new WeakSet<Request>();

/** True while pyramid_tm's tween handles `request` (Python's `'tm.active' in request.environ`). */
export function isTmActive(request: Request): boolean {
  return active.has(request);
}

function setting<T>(registry: Registry, name: string, fallback?: string): T | undefined {
  const value = registry.settings[name] ?? (fallback ? registry.settings[fallback] : undefined);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'function') return value as T;
  if (typeof value === 'string' && pyramidTmNames[value.trim()]) return pyramidTmNames[value.trim()] as T;
  if (typeof value !== 'string') throw new ConfigurationError(`${name}: expected a function or its dotted name, got ${typeof value}`);
  const resolved = resolveDotted(value.trim(), process.cwd());
  if (typeof resolved !== 'function') throw new ConfigurationError(`${name} = ${value}: names a ${typeof resolved}, not a function`);
  return resolved as T;
}

/** `tm.manager_hook` of each registry, resolved on its first request rather than on every one. */
const managerHooks = new WeakMap<Registry, ManagerHook | undefined>();

function managerHook(registry: Registry): ManagerHook | undefined {
  if (!managerHooks.has(registry)) managerHooks.set(registry, setting<ManagerHook>(registry, 'tm.manager_hook'));
  return managerHooks.get(registry);
}

/** The manager for `request`: `tm.manager_hook`'s, or a new one. Reified as `request.tm`. */
export function createTm(request: Request): TransactionManager {
  const hook = request.registry ? managerHook(request.registry) : undefined;
  return hook ? hook(request) : new TransactionManager();
}

class AbortResponse {
  constructor(readonly response: Response) {}
}

export function tmTweenFactory(handler: Handler, registry: Registry): Handler {
  const commitVeto = setting<CommitVeto>(registry, 'tm.commit_veto', 'pyramid_tm.commit_veto');
  const activate = setting<ActivateHook>(registry, 'tm.activate_hook');
  const annotateUser = asbool(registry.settings['tm.annotate_user'] ?? true);
  const attemptsSetting = registry.settings['tm.attempts'] ?? 1;
  const attempts = Number(attemptsSetting);
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new ConfigurationError(`tm.attempts = ${String(attemptsSetting)}: expected a whole number of 1 or more`);
  }

  return async function tmTween(request: Request): Promise<Response> {
    if (active.has(request) || (activate && !activate(request))) return handler(request);
    active.add(request);
    const manager = (request as unknown as { tm: TransactionManager }).tm;
    if (!(manager instanceof TransactionManager)) {
      throw new ConfigurationError(`request.tm is ${typeof manager}, not a TransactionManager: did tm.manager_hook return one?`);
    }
    try {
      return await bindManager(manager, () => attemptLoop(request, manager));
    } finally {
      active.delete(request);
    }
  };

  async function attemptLoop(request: Request, manager: TransactionManager): Promise<Response> {
    let userid: unknown = undefined;
    for (let left = attempts - 1; ; left--) {
      try {
        const txn = await manager.begin();
        if (annotateUser) {
          userid ??= (request as unknown as { authenticatedUserid?: unknown }).authenticatedUserid;
          if (userid !== undefined && userid !== null && userid !== '') txn.user = String(userid);
        }
        txn.note(request.pathInfo);
        const response = await handler(request);
        if (manager.isDoomed()) throw new AbortResponse(response);
        if (commitVeto && commitVeto(request, response)) throw new AbortResponse(response);
        await manager.commit();
        return response;
      } catch (error) {
        if (error instanceof AbortResponse) {
          await manager.abort();
          return error.response;
        }
        const retryable = manager.isRetryable(error);
        await manager.abort();
        if (left <= 0 || !retryable) throw error;
      }
    }
  }
}

export function includeme(config: Configurator): void {
  config.addRequestMethod(createTm, 'tm', { reify: true });
  config.addTween(tmTweenFactory, { name: TM_TWEEN, under: EXCVIEW });
}
