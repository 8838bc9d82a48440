/**
 * A stand-in security policy for unit tests (Pyramid's `pyramid.testing.DummySecurityPolicy`),
 * usually registered with `config.testingSecuritypolicy({ userid, permissive })`.
 *
 * @example
 *   const config = testing.setUp();
 *   const policy = config.testingSecuritypolicy({ userid: 'editor', permissive: false });
 *   // views now see request.authenticatedUserid === 'editor', and every permission denied
 */
import type { Headers, SecurityPolicy } from './policy';

export interface DummySecurityPolicyOptions {
  userid?: unknown;
  identity?: unknown;
  /** Allow every permission (default), or deny every one. */
  permissive?: boolean;
  rememberResult?: Headers;
  forgetResult?: Headers;
}

export class DummySecurityPolicy implements SecurityPolicy {
  userid: unknown;
  permissive: boolean;
  rememberResult: Headers;
  forgetResult: Headers;
  /** The userid last passed to `remember`. */
  remembered: unknown = undefined;
  /** Whether `forget` was called. */
  forgotten = false;
  private readonly _identity: unknown;

  constructor(options: DummySecurityPolicyOptions = {}) {
    this.userid = options.userid ?? null;
    this._identity = options.identity ?? null;
    this.permissive = options.permissive ?? true;
    this.rememberResult = options.rememberResult ?? [];
    this.forgetResult = options.forgetResult ?? [];
  }

  identity(): unknown {
    return this._identity;
  }

  authenticatedUserid(): unknown {
    return this.userid;
  }

  permits(): boolean {
    return this.permissive;
  }

  remember(_request: unknown, userid: unknown): Headers {
    this.remembered = userid;
    return this.rememberResult;
  }

  forget(): Headers {
    this.forgotten = true;
    return this.forgetResult;
  }
}
