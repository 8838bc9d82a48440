/**
 * An ordered multi-valued dict, as webob's MultiDict: `GET`, `POST` and `params` of a request.
 * `get` gives the last value of a key (as webob), `getall` all of them, `getone` exactly one.
 *
 * @example
 *   const name = request.params.get('name', 'No Name Provided');
 */
export class MultiDict {
  private items_: Array<[string, string]>;

  constructor(init?: Iterable<[string, string]> | Record<string, string | string[]> | URLSearchParams | null) {
    this.items_ = [];
    if (!init) return;
    if (init instanceof URLSearchParams || Symbol.iterator in Object(init)) {
      for (const [k, v] of init as Iterable<[string, string]>) this.items_.push([k, v]);
    } else {
      for (const [k, v] of Object.entries(init as Record<string, string | string[]>)) {
        if (Array.isArray(v)) for (const item of v) this.items_.push([k, item]);
        else this.items_.push([k, v]);
      }
    }
  }

  /** The last value of `key`, or `defaultValue`. */
  get(key: string): string | undefined;
  get<T>(key: string, defaultValue: T): string | T;
  get<T>(key: string, defaultValue?: T): string | T | undefined {
    for (let i = this.items_.length - 1; i >= 0; i--) if (this.items_[i][0] === key) return this.items_[i][1];
    return defaultValue;
  }

  getall(key: string): string[] {
    return this.items_.filter(([k]) => k === key).map(([, v]) => v);
  }

  /** The one value of `key`; throws when there is none, or more than one. */
  getone(key: string): string {
    const values = this.getall(key);
    if (values.length !== 1) {
      throw new Error(values.length ? `Multiple values match ${JSON.stringify(key)}: ${JSON.stringify(values)}` : `Key not found: ${JSON.stringify(key)}`);
    }
    return values[0];
  }

  has(key: string): boolean {
    return this.items_.some(([k]) => k === key);
  }

  /** Replaces every value of `key` with one (webob's `__setitem__`). */
  set(key: string, value: string): void {
    this.delete(key);
    this.items_.push([key, value]);
  }

  add(key: string, value: string): void {
    this.items_.push([key, value]);
  }

  delete(key: string): boolean {
    const before = this.items_.length;
    this.items_ = this.items_.filter(([k]) => k !== key);
    return this.items_.length !== before;
  }

  clear(): void {
    this.items_ = [];
  }

  get size(): number {
    return this.items_.length;
  }

  keys(): string[] {
    return this.items_.map(([k]) => k);
  }

  values(): string[] {
    return this.items_.map(([, v]) => v);
  }

  items(): Array<[string, string]> {
    return this.items_.slice();
  }

  [Symbol.iterator](): Iterator<[string, string]> {
    return this.items_.slice()[Symbol.iterator]();
  }

  /** A plain object: a key with one value maps to it, a key with several to an array (webob's `mixed()`). */
  mixed(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of this.items_) {
      const existing = out[k];
      if (existing === undefined) out[k] = v;
      else if (Array.isArray(existing)) existing.push(v);
      else out[k] = [existing, v];
    }
    return out;
  }

  /** A plain object of the last value of each key (webob's `dict_of_lists` is `mixed`'s cousin). */
  toJSON(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this.items_) out[k] = v;
    return out;
  }
}

/** `params`: GET and POST read together, GET first (webob's NestedMultiDict). Read-only. */
export class NestedMultiDict extends MultiDict {
  constructor(...dicts: MultiDict[]) {
    super(dicts.flatMap((d) => d.items()));
  }

  set(): never {
    throw new TypeError('request.params is read-only: change request.GET or request.POST');
  }

  add(): never {
    return this.set();
  }
}
