/**
 * Tweens, as Pyramid's: functions that wrap the router's main handler, each made once (at
 * `makeWsgiApp()`) by a factory `(handler, registry) => (request) => response`. A tween may
 * return a promise. Their order is Pyramid's: implicit, from each `addTween`'s `under`/`over`
 * hints (`INGRESS` at the top, `MAIN` the router itself), unless the `pyramid.tweens` setting
 * lists the factories explicitly. Exception views are one of them: `excview`.
 *
 * @example
 *   function timingTweenFactory(handler: Handler, registry: Registry): Handler {
 *     return (request) => { const start = Date.now(); ...; return handler(request); };
 *   }
 *   config.addTween(timingTweenFactory, { over: MAIN });
 */
import type { Request } from './request';
import type { Response } from './response';
import type { Registry } from './registry';
import type { CallSite } from './path';
import { TopologicalSorter } from './topsort';

/** What a tween is, and what it wraps: a request in, a response (or a promise of one) out. */
export type Handler = (request: Request) => Response | Promise<Response>;

export type TweenFactory = (handler: Handler, registry: Registry) => Handler;

/** The top of the tween chain: the request's way in. */
export const INGRESS = 'INGRESS';
/** The bottom: the router's main handler (route, traversal, view). */
export const MAIN = 'MAIN';
/** The exception-view tween's name (Pyramid's, so that `pyramid.tweens` settings carry over). */
export const EXCVIEW = 'pyramid.tweens.excview_tween_factory';
/** pyramid_tm's tween's name (framework/tm.ts adds it; the Configurator asks whether an app has it). */
export const TM_TWEEN = 'pyramid_tm.tm_tween_factory';

export interface TweenInfo {
  name: string;
  factory: TweenFactory;
  under: readonly string[] | null;
  over: readonly string[] | null;
  explicit: boolean;
  site: CallSite | null;
}

export class Tweens {
  private readonly sorter = new TopologicalSorter<TweenInfo>({ before: null, after: INGRESS }, INGRESS, MAIN);
  readonly explicit: TweenInfo[] = [];

  addImplicit(info: TweenInfo): void {
    this.sorter.add(info.name, info, info.under, info.over);
  }

  addExplicit(info: TweenInfo): void {
    this.explicit.push(info);
  }

  /** The implicit order, from ingress to main. */
  implicit(): TweenInfo[] {
    return this.sorter.sorted().map(([, info]) => info);
  }

  /** The order in use: the explicit list when there is one. */
  inUse(): TweenInfo[] {
    return this.explicit.length ? this.explicit : this.implicit();
  }

  /** Wraps `handler` in every tween, the first in the list outermost. */
  wrap(handler: Handler, registry: Registry): Handler {
    const use = this.inUse();
    for (let i = use.length - 1; i >= 0; i--) handler = use[i].factory(handler, registry);
    return handler;
  }
}
