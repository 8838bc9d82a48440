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
    const items = this.entries();
    for (let i = items.length - 1; i >= 0; i--) if (items[i][0] === key) return items[i][1];
    return defaultValue;
  }

  /** The pairs, in order; a NestedMultiDict reads its dicts' pairs afresh each time. */
  protected entries(): ReadonlyArray<[string, string]> {
    return this.items_;
  }

  getall(key: string): string[] {
    return this.entries().filter(([k]) => k === key).map(([, v]) => v);
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
    return this.entries().some(([k]) => k === key);
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
    return this.entries().length;
  }

  keys(): string[] {
    return this.entries().map(([k]) => k);
  }

  values(): string[] {
    return this.entries().map(([, v]) => v);
  }

  items(): Array<[string, string]> {
    return this.entries().slice();
  }

  [Symbol.iterator](): Iterator<[string, string]> {
    return this.entries().slice()[Symbol.iterator]();
  }

  /** A plain object: a key with one value maps to it, a key with several to an array (webob's `mixed()`). */
  mixed(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of this.entries()) {
      // Own keys only: `constructor` or `toString` must not find Object.prototype's.
      const existing = Object.hasOwn(out, k) ? out[k] : undefined;
      if (existing === undefined) setOwn(out, k, v);
      else if (Array.isArray(existing)) existing.push(v);
      else out[k] = [existing, v];
    }
    return out;
  }

  /** A plain object of the last value of each key (webob's `dict_of_lists` is `mixed`'s cousin). */
  toJSON(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this.entries()) setOwn(out, k, v);
    return out;
  }
}

/** `out[key] = value` as an own property, also for `__proto__` (which assignment would take as the prototype). */
function setOwn<T>(out: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
  else out[key] = value;
}

/**
 * `params`: GET and POST read together, GET first (webob's NestedMultiDict). A live, read-only
 * view: a value added to `request.GET` later shows here too. `get` gives the value from the
 * first dict that has the key (its last value there), as webob does: `?a=1` and a posted `a=2`
 * give `params.get('a') === '1'`.
 */
export class NestedMultiDict extends MultiDict {
  private readonly dicts: MultiDict[];

  constructor(...dicts: MultiDict[]) {
    super();
    this.dicts = dicts;
  }

  protected entries(): ReadonlyArray<[string, string]> {
    return this.dicts.flatMap((d) => d.items());
  }

  get(key: string): string | undefined;
  get<T>(key: string, defaultValue: T): string | T;
  get<T>(key: string, defaultValue?: T): string | T | undefined {
    for (const dict of this.dicts) {
      const value = dict.get(key); // values are strings: undefined means absent
      if (value !== undefined) return value;
    }
    return defaultValue;
  }

  has(key: string): boolean {
    return this.dicts.some((d) => d.has(key));
  }

  set(): never {
    throw new TypeError('request.params is read-only: change request.GET or request.POST');
  }

  add(): never {
    return this.set();
  }

  delete(): never {
    return this.set();
  }

  clear(): never {
    return this.set();
  }
}
