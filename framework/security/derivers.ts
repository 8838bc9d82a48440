/**
 * The two view derivers security adds, as Pyramid's `secured_view` and `csrf_view`: at commit
 * each view with a permission (its own or the default) is wrapped in a check that raises
 * HTTPForbidden, and each view that requires CSRF checking (its own `requireCsrf`, or the
 * default from `setDefaultCsrfOptions`) in a token and origin check on unsafe methods.
 * In the chain they sit just under INGRESS, the permission check first.
 */
import { HTTPForbidden } from '../httpexceptions';
import { SAFE_REQUEST_METHODS, requireCsrf, type RequireCsrfOptions } from '../csrf';
import { getLogger } from '../logging';
import { asbool } from '../ini';
import { NO_PERMISSION_REQUIRED, isAllowed, securityPolicyOf } from './policy';
import type { Registry } from '../registry';
import type { Request } from '../request';
import type { DerivedView } from '../views';

/** What these derivers read of a view's configuration (a subset of the deriver info). */
export interface SecurityDeriverInfo {
  options: Record<string, any>;
  registry: Registry;
  exceptionOnly: boolean;
  description: string;
}

/** `config.setDefaultCsrfOptions`'s options, as Pyramid's `set_default_csrf_options`. */
export interface DefaultCsrfOptions {
  /** Check every view that does not say `requireCsrf: false` (exception views excepted). Default true. */
  requireCsrf?: boolean;
  /** The form field holding the token; null: not in the body. Default `csrf_token`. */
  token?: string | null;
  /** The header holding the token; null: not in headers. Default `X-CSRF-Token`. */
  header?: string | null;
  /** Methods never checked. Default GET, HEAD, OPTIONS, TRACE. */
  safeMethods?: Iterable<string>;
  /** Check Origin/Referer on HTTPS (against `pyramid.csrf_trusted_origins`). Default true. */
  checkOrigin?: boolean;
  /** Let a request with neither Origin nor Referer pass the origin check. Default false. */
  allowNoOrigin?: boolean;
  /** Check only the unsafe requests for which this returns true (e.g. those logged in by cookie). */
  callback?: ((request: Request) => boolean) | null;
}

const DEFAULT_PERMISSION = 'pyramid.defaultPermission';
const DEFAULT_CSRF = 'pyramid.defaultCsrfOptions';

/** What `config.setDefaultPermission` does when it commits. */
export function registerDefaultPermission(registry: Registry, permission: string): void {
  registry.extras.set(DEFAULT_PERMISSION, permission);
}

/** What `config.setDefaultCsrfOptions` does when it commits (Pyramid's defaults filled in). */
export function registerDefaultCsrfOptions(registry: Registry, options: DefaultCsrfOptions): void {
  if (options.callback != null && typeof options.callback !== 'function') throw new TypeError('setDefaultCsrfOptions(): callback must be a function (request) => boolean');
  registry.extras.set(DEFAULT_CSRF, {
    requireCsrf: options.requireCsrf ?? true,
    token: options.token === undefined ? 'csrf_token' : options.token,
    header: options.header === undefined ? 'X-CSRF-Token' : options.header,
    safeMethods: new Set([...(options.safeMethods ?? SAFE_REQUEST_METHODS)].map((m) => m.toUpperCase())),
    checkOrigin: options.checkOrigin ?? true,
    allowNoOrigin: options.allowNoOrigin ?? false,
    callback: options.callback ?? null,
  });
}

/**
 * Pyramid's secured_view (with its debug_authorization half): views with a permission are
 * called only when the policy permits it on the context.
 */
export function securedView(view: DerivedView, info: SecurityDeriverInfo): DerivedView {
  const explicit = info.options.permission;
  const permission: string | undefined = explicit ?? (info.registry.extras.get(DEFAULT_PERMISSION) as string | undefined);
  // No-op on exception views without an explicit permission, as in Pyramid.
  if (explicit == null && info.exceptionOnly) return view;
  if (permission !== undefined && typeof permission !== 'string') throw new TypeError(`permission must be a string, not ${typeof permission} (view ${info.description})`);
  const debug = asbool(info.registry.settings['pyramid.debug_authorization'] ?? info.registry.settings.debug_authorization ?? false);
  const required = permission === NO_PERMISSION_REQUIRED ? undefined : permission;
  const policy = securityPolicyOf(info.registry);
  let wrapped = view;
  if (policy && required !== undefined) {
    wrapped = (context, request) => {
      const result = policy.permits(request, context, required);
      if (isAllowed(result)) return view(context, request);
      const message = (request as any).authdebugMessage ?? `Unauthorized: ${info.description} failed permission check`;
      const forbidden = new HTTPForbidden(message);
      forbidden.result = result;
      throw forbidden;
    };
  }
  if (!debug) return markPermission(wrapped, wrapped === view ? undefined : required);
  const logger = getLogger('pyramid.security');
  const inner = wrapped;
  return markPermission((context, request) => {
    let verdict: string;
    if (!policy) verdict = 'Allowed (no security policy in use)';
    else if (permission === NO_PERMISSION_REQUIRED) verdict = 'Allowed (NO_PERMISSION_REQUIRED)';
    else if (permission === undefined) verdict = 'Allowed (no permission registered)';
    else verdict = String(policy.permits(request, context, permission));
    const message = `debug_authorization of url ${request.url} (view name ${JSON.stringify(request.viewName)} against context ${describeContext(context)}): ${verdict}`;
    logger.debug(message);
    (request as any).authdebugMessage = message;
    return inner(context, request);
  }, inner === view ? undefined : required);
}
securedView.options = ['permission'] as const;

/** Pyramid's `__permission__` on a secured view: what pviews prints as "required permission". */
function markPermission(view: DerivedView, permission: string | undefined): DerivedView {
  if (permission !== undefined) Object.defineProperty(view, '__permission__', { value: permission });
  return view;
}

function describeContext(context: unknown): string {
  return context && typeof context === 'object' ? `<${context.constructor?.name ?? 'Object'}>` : String(context);
}

/**
 * Pyramid's csrf_view: on a view that requires it, an unsafe request (not in `safeMethods`, and
 * passing `callback`) must come from this site (HTTPS only) and carry the token; else a 400.
 */
export function csrfView(view: DerivedView, info: SecurityDeriverInfo): DerivedView {
  const explicit = info.options.requireCsrf;
  if (explicit != null && typeof explicit !== 'boolean') throw new TypeError(`requireCsrf must be true or false (view ${info.description})`);
  const defaults = info.registry.extras.get(DEFAULT_CSRF) as Required<DefaultCsrfOptions> & { safeMethods: Set<string> } | undefined;
  const { requireCsrf: byDefault = false, token = 'csrf_token', header = 'X-CSRF-Token', safeMethods = SAFE_REQUEST_METHODS, checkOrigin = true, allowNoOrigin = false, callback = null } = defaults ?? {};
  const enabled = (explicit === true || (explicit !== false && byDefault && !info.exceptionOnly)) && Boolean(token || header);
  if (!enabled) return view;
  const options = { token, header, safeMethods, checkOrigin, allowNoOrigin, callback: callback ?? undefined } as RequireCsrfOptions;
  return (context, request) => {
    requireCsrf(request, options);
    return view(context, request);
  };
}
csrfView.options = ['requireCsrf'] as const;
