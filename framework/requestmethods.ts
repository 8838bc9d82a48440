/**
 * Request methods and properties added by `config.addRequestMethod(fn, name, { property, reify })`,
 * as Pyramid's `add_request_method`: `fn` receives the request first. A method is called as
 * `request.name(...args)`; a property is computed on each read; a reified property once per
 * request. The router's requests get them from a Request subclass made once per app; a
 * `testing.DummyRequest` made after `setUp()` gets them too.
 *
 * @example
 *   config.addRequestMethod((request) => db.user(request.cookies.uid), 'user', { reify: true });
 *   // in a view, a template or a tween: request.user
 */
import { Request } from './request';
import type { CallSite } from './path';

export interface RequestExtension {
  name: string;
  fn: (request: any, ...args: any[]) => unknown;
  property: boolean;
  reify: boolean;
  site: CallSite | null;
}

function descriptor(extension: RequestExtension): PropertyDescriptor {
  const { fn, name } = extension;
  if (extension.reify) {
    return {
      configurable: true,
      get(this: Request) {
        const value = fn(this);
        // The value becomes the request's own property: later reads cost nothing.
        Object.defineProperty(this, name, { value, writable: true, configurable: true, enumerable: true });
        return value;
      },
      set(this: Request, value: unknown) {
        Object.defineProperty(this, name, { value, writable: true, configurable: true, enumerable: true });
      },
    };
  }
  if (extension.property) return { configurable: true, get(this: Request) { return fn(this); } };
  return {
    configurable: true,
    writable: true,
    value: function (this: Request, ...args: unknown[]) {
      return fn(this, ...args);
    },
  };
}

/** Puts the extensions on `target`: a prototype, or one request. */
export function applyRequestExtensions(target: object, extensions: Iterable<RequestExtension>): void {
  for (const extension of extensions) Object.defineProperty(target, extension.name, descriptor(extension));
}

/** The Request class an app's router makes: Request itself when nothing was added. */
export function requestClassFor(extensions: Map<string, RequestExtension>): typeof Request {
  if (extensions.size === 0) return Request;
  class AppRequest extends Request {}
  applyRequestExtensions(AppRequest.prototype, extensions.values());
  return AppRequest;
}
