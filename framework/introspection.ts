/**
 * What a committed configuration registered, for tools (Pyramid's introspector): routes, views,
 * tweens, view derivers, subscribers, request methods, static views, renderers, each with the
 * user's line that registered it. `proutes`, `pviews` and `ptweens` read it.
 *
 * @example
 *   for (const route of registry.introspector.getCategory('routes')) console.log(route.title, route.site);
 */
import type { CallSite } from './path';

export interface Introspectable {
  /** 'routes', 'views', 'tweens', 'view derivers', 'subscribers', 'request extensions', 'static views', 'renderer factories'. */
  category: string;
  /** Unique within the category: a route's name, a view's discriminator, a tween's name. */
  discriminator: string;
  title: string;
  /** Where the user registered it. */
  site: CallSite | null;
  /** The registration's details (pattern, predicates, under/over, ...). */
  data: Record<string, unknown>;
  /** Registration order across categories. */
  order: number;
}

export class Introspector {
  private readonly categories = new Map<string, Map<string, Introspectable>>();
  private counter = 0;

  /** Records one registration; a later one with the same discriminator replaces it (as a later commit does). */
  add(category: string, discriminator: string, title: string, data: Record<string, unknown>, site: CallSite | null): void {
    let items = this.categories.get(category);
    if (!items) this.categories.set(category, (items = new Map()));
    items.set(discriminator, { category, discriminator, title, site, data, order: this.counter++ });
  }

  get(category: string, discriminator: string): Introspectable | undefined {
    return this.categories.get(category)?.get(discriminator);
  }

  /** A category's registrations, in registration order. */
  getCategory(category: string): Introspectable[] {
    return [...(this.categories.get(category)?.values() ?? [])].sort((a, b) => a.order - b.order);
  }

  categoryNames(): string[] {
    return [...this.categories.keys()].sort();
  }
}
