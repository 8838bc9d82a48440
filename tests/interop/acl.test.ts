/**
 * ACLs evaluated by Pyramid 2.0's ACLHelper and ours: the same resource trees, principals and
 * permissions (fixtures/pyramid-acl.json, 300 generated from a fixed seed by acl_oracle.py plus
 * a dozen written by hand) give the same answer, the same matching ACE on the same resource,
 * the same ACL on a default deny, and the same principalsAllowedByPermission.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACLHelper, ALL_PERMISSIONS, type ACE, type ACL } from '../../framework/security';
import { describeWithPyramid, runPython } from './pyramid';

interface NodeSpec {
  parent: number | null;
  acl: Array<[string, string, string | string[]]> | null;
  callable?: 'function' | 'method';
}

interface Case {
  id: string;
  nodes: NodeSpec[];
  context: number;
  principals: string[];
  permission: string;
  allowed: boolean;
  ace: [number, number] | null;
  location: number;
  acl_node: number | null;
  acl: string | null;
  principals_allowed: string[];
}

const FIXTURE = join(__dirname, 'fixtures', 'pyramid-acl.json');
const cases: Case[] = JSON.parse(readFileSync(FIXTURE, 'utf-8')).cases;

/** The tree as resources, with `__acl__` as a list, an arrow function, or a method using `this`. */
function build(nodes: NodeSpec[]): { objects: any[]; acls: Array<ACL | null> } {
  const objects: any[] = [];
  const acls: Array<ACL | null> = [];
  for (const spec of nodes) {
    const acl: ACL | null = spec.acl && spec.acl.map(([a, p, perms]) => [a, p, perms === 'ALL_PERMISSIONS' ? ALL_PERMISSIONS : perms] as ACE);
    let node: any;
    if (spec.callable === 'method') {
      node = new (class MethodACL {
        _acl = acl;
        __acl__(this: { _acl: ACL }) {
          return this._acl;
        }
      })();
    } else {
      node = {};
      if (acl !== null) node.__acl__ = spec.callable === 'function' ? () => acl : acl;
    }
    node.__parent__ = spec.parent === null ? null : objects[spec.parent];
    objects.push(node);
    acls.push(acl);
  }
  return { objects, acls };
}

describe('ACLHelper gives Pyramid\'s answers (committed oracle table)', () => {
  test('the table is large and mixed', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    expect(cases.filter((c) => c.allowed).length).toBeGreaterThan(50);
    expect(cases.filter((c) => !c.allowed && c.ace).length).toBeGreaterThan(50);
    expect(cases.filter((c) => !c.ace).length).toBeGreaterThan(50);
  });

  test.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const { objects, acls } = build(c.nodes);
    const result = new ACLHelper().permits(objects[c.context], c.principals, c.permission);
    expect(result.allowed).toBe(c.allowed);
    expect(+result).toBe(c.allowed ? 1 : 0);
    expect(result.context).toBe(objects[c.location]);
    if (c.ace) expect(result.ace).toBe(acls[c.ace[0]]![c.ace[1]]);
    else expect(result.ace).toBe('<default deny>');
    if (c.acl_node !== null) expect(result.acl).toBe(acls[c.acl_node]);
    else expect(result.acl).toBe(c.acl);
    expect(result.msg).toContain(JSON.stringify(c.permission));
    expect([...new ACLHelper().principalsAllowedByPermission(objects[c.context], c.permission)].sort()).toEqual(c.principals_allowed);
  });
});

describe('ACLHelper on its own', () => {
  test('__acl__ that is not a list is a clear error, not a silent deny', () => {
    expect(() => new ACLHelper().permits({ __acl__: null }, ['system.Everyone'], 'view')).toThrow(/__acl__ on <Object> is null: it must be a list/);
  });

  test('a __parent__ loop is an error, not a hang', () => {
    const a: any = {};
    a.__parent__ = { __parent__: a };
    expect(() => new ACLHelper().permits(a, [], 'view')).toThrow(/__parent__ loop/);
  });
});

describeWithPyramid('live: Pyramid 2.0 still gives the committed table', () => {
  test('acl_oracle.py --stdout equals the fixture', () => {
    const result = runPython([join(__dirname, 'acl_oracle.py'), '--stdout']);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).cases).toEqual(cases);
  });
});
