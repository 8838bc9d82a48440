/**
 * Pyramid's TopologicalSorter (`pyramid.util`), which orders tweens and view derivers: each
 * name may ask to come after (`under`) or before (`over`) other names; names that are not
 * present are ignored, but a name whose every `after` (or every `before`) is missing is an
 * error, and a cycle is a `CyclicDependencyError`. Kept step for step, so that the same
 * configuration gives the same order as Pyramid's.
 */
import { ConfigurationError } from './exceptions';

/** Pyramid's CyclicDependencyError: which names sort before which, in a loop. */
export class CyclicDependencyError extends ConfigurationError {
  constructor(readonly cycles: Map<string, string[]>) {
    const parts = [...cycles].map(([name, before]) => `'${name}' sorts before [${before.map((b) => `'${b}'`).join(', ')}]`);
    super(`Implicit ordering cycle:${parts.join('; ')}`);
    this.name = 'CyclicDependencyError';
  }
}

type Names = string | readonly string[] | null | undefined;

function asList(value: Names): readonly string[] | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? [value] : value;
}

export class TopologicalSorter<T> {
  readonly names: string[] = [];
  private readonly reqBefore = new Set<string>();
  private readonly reqAfter = new Set<string>();
  private readonly name2before = new Map<string, readonly string[]>();
  private readonly name2after = new Map<string, readonly string[]>();
  private readonly name2val = new Map<string, T>();
  private order: Array<[string, string]> = [];

  constructor(
    private readonly defaults: { before: Names; after: Names },
    readonly first: string,
    readonly last: string,
  ) {}

  has(name: string): boolean {
    return this.name2val.has(name);
  }

  values(): T[] {
    return [...this.name2val.values()];
  }

  remove(name: string): void {
    this.names.splice(this.names.indexOf(name), 1);
    this.name2val.delete(name);
    const after = this.name2after.get(name);
    if (after) {
      this.name2after.delete(name);
      this.reqAfter.delete(name);
      this.order = this.order.filter(([a, b]) => !(b === name && after.includes(a)));
    }
    const before = this.name2before.get(name);
    if (before) {
      this.name2before.delete(name);
      this.reqBefore.delete(name);
      this.order = this.order.filter(([a, b]) => !(a === name && before.includes(b)));
    }
  }

  /** Adds (or replaces) `name`: it sorts after every name of `after` and before every name of `before`. */
  add(name: string, value: T, after?: Names, before?: Names): void {
    if (this.name2val.has(name)) this.remove(name);
    this.names.push(name);
    this.name2val.set(name, value);
    let afterList = asList(after);
    let beforeList = asList(before);
    if (afterList === null && beforeList === null) {
      beforeList = asList(this.defaults.before);
      afterList = asList(this.defaults.after);
    }
    if (afterList !== null) {
      this.name2after.set(name, afterList);
      for (const u of afterList) this.order.push([u, name]);
      this.reqAfter.add(name);
    }
    if (beforeList !== null) {
      this.name2before.set(name, beforeList);
      for (const o of beforeList) this.order.push([name, o]);
      this.reqBefore.add(name);
    }
  }

  /** The values with their names, in order. */
  sorted(): Array<[string, T]> {
    const names = [this.first, this.last, ...this.names];
    const order: Array<[string, string]> = [[this.first, this.last], ...this.order];
    const roots: string[] = [];
    const graph = new Map<string, { arcs: number; children: string[] }>();
    for (const name of names) {
      if (!graph.has(name)) {
        roots.push(name);
        graph.set(name, { arcs: 0, children: [] });
      }
    }
    const hasBefore = new Set<string>();
    const hasAfter = new Set<string>();
    for (const [a, b] of order) {
      if (!names.includes(a) || !names.includes(b)) continue; // a missing dependency
      graph.get(a)!.children.push(b);
      graph.get(b)!.arcs += 1;
      const at = roots.indexOf(b);
      if (at !== -1) roots.splice(at, 1);
      hasBefore.add(a);
      hasAfter.add(b);
    }
    const unsatisfied = (required: Set<string>, has: Set<string>) => [...required].filter((n) => !has.has(n)).sort();
    const before = unsatisfied(this.reqBefore, hasBefore);
    if (before.length) throw new ConfigurationError(`Unsatisfied before dependencies: ${before.join(', ')}`);
    const after = unsatisfied(this.reqAfter, hasAfter);
    if (after.length) throw new ConfigurationError(`Unsatisfied after dependencies: ${after.join(', ')}`);
    const sortedNames: string[] = [];
    while (roots.length) {
      const root = roots.shift()!;
      sortedNames.push(root);
      for (const child of graph.get(root)!.children) {
        const node = graph.get(child)!;
        node.arcs -= 1;
        if (node.arcs === 0) roots.unshift(child);
      }
      graph.delete(root);
    }
    if (graph.size) throw new CyclicDependencyError(new Map([...graph].map(([name, node]) => [name, node.children])));
    return sortedNames.filter((name) => this.name2val.has(name)).map((name) => [name, this.name2val.get(name)!]);
  }
}
