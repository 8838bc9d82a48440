/**
 * The toolbar's history: the last `debugtoolbar.max_request_history` requests' toolbars, by
 * id, oldest dropped first (pyramid_debugtoolbar's ToolbarStorage). It lives in the app's
 * registry, in this process: under several workers, each has its own.
 */
export class ToolbarHistory<T> {
  private readonly entries = new Map<string, T>();

  constructor(readonly max: number) {}

  put(id: string, value: T): void {
    if (this.max <= 0) return;
    this.entries.delete(id);
    this.entries.set(id, value);
    // A Map iterates in insertion order: the first key is the oldest.
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
  }

  get(id: string): T | undefined {
    return this.entries.get(id);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The newest `n`, newest first. */
  last(n: number): Array<[string, T]> {
    return [...this.entries].slice(-n).reverse();
  }
}
