"""Pyramid 2.0's ACLHelper as an oracle for framework/security/acl.ts.

    /usr/bin/python3 tests/interop/acl_oracle.py --fixtures   # rewrite fixtures/pyramid-acl.json
    /usr/bin/python3 tests/interop/acl_oracle.py --stdout     # print it (the jest test compares)

Each case is a resource tree (nodes with a parent and maybe an `__acl__`: a list, or a function
giving it), a context node, the principals and a permission, generated from a fixed seed plus a
few written by hand. The answer: allowed or not, which ACE matched (node and position, or the
default deny), on which resource, in which ACL, and principals_allowed_by_permission.

An ACE in JSON is [action, principal, permissions]; permissions "ALL_PERMISSIONS" stands for
Pyramid's ALL_PERMISSIONS object, a list for a list, a string for a string.
"""
import json
import os
import random
import sys

sys.dont_write_bytecode = True
from pyramid.authorization import ACLHelper, ALL_PERMISSIONS, Allow, Authenticated, Deny, Everyone

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures', 'pyramid-acl.json')
PRINCIPALS = [Everyone, Authenticated, 'u:ann', 'u:bob', 'g:editors', 'g:admins']
PERMISSIONS = ['view', 'edit', 'delete', 'admin']


class Resource:
    pass


class MethodACL(Resource):
    """__acl__ as a method, as Pyramid apps often write it."""
    def __acl__(self):
        return self._acl


def build(nodes):
    objects = []
    for spec in nodes:
        acl = spec.get('acl')
        if acl is not None:
            acl = [(a, p, ALL_PERMISSIONS if perms == 'ALL_PERMISSIONS' else perms) for a, p, perms in acl]
        if spec.get('callable') == 'method':
            obj = MethodACL()
            obj._acl = acl
        else:
            obj = Resource()
            if acl is not None:
                obj.__acl__ = (lambda acl=acl: acl) if spec.get('callable') == 'function' else acl
        obj.__parent__ = None if spec['parent'] is None else objects[spec['parent']]
        objects.append(obj)
    return objects


def answer(case):
    objects = build(case['nodes'])
    result = ACLHelper().permits(objects[case['context']], case['principals'], case['permission'])
    where = None
    if result.ace != '<default deny>':
        node = objects.index(result.context)
        acl = getattr(objects[node], '__acl__')
        acl = acl() if callable(acl) else acl
        where = [node, next(i for i, ace in enumerate(acl) if ace is result.ace)]
    acl_node = None
    if not isinstance(result.acl, str):
        for i, obj in enumerate(objects):
            acl = getattr(obj, '__acl__', None)
            if acl is not None and (acl() if callable(acl) else acl) is result.acl:
                acl_node = i
                break
    allowed = ACLHelper().principals_allowed_by_permission(objects[case['context']], case['permission'])
    return dict(case, allowed=bool(result), ace=where, location=objects.index(result.context), acl_node=acl_node,
                acl=result.acl if isinstance(result.acl, str) else None,
                principals_allowed=sorted(allowed))


def random_ace(rng):
    action = rng.choices([Allow, Deny, 'allow'], [60, 36, 4])[0]
    principal = rng.choice(PRINCIPALS)
    kind = rng.random()
    if kind < 0.45:
        perms = rng.choice(PERMISSIONS)
    elif kind < 0.85:
        perms = rng.sample(PERMISSIONS, rng.randint(0, 3))
    else:
        perms = 'ALL_PERMISSIONS'
    return [action, principal, perms]


def random_case(rng, n):
    nodes = []
    for i in range(rng.randint(1, 5)):
        parent = None if i == 0 else rng.randrange(i)
        spec = {'parent': parent, 'acl': None}
        roll = rng.random()
        if roll > 0.2:
            spec['acl'] = [random_ace(rng) for _ in range(rng.randint(0, 6))]
            if rng.random() < 0.15:
                spec['acl'].append([Deny, Everyone, 'ALL_PERMISSIONS'])
            if rng.random() < 0.25:
                spec['callable'] = rng.choice(['function', 'method'])
        nodes.append(spec)
    principals = [Everyone] + rng.sample(PRINCIPALS[1:], rng.randint(0, 4))
    return {'id': 'random-%03d' % n, 'nodes': nodes, 'context': rng.randrange(len(nodes)),
            'principals': principals, 'permission': rng.choice(PERMISSIONS * 3 + ['other'])}


def written_cases():
    root = {'parent': None, 'acl': [[Allow, Everyone, 'view'], [Allow, 'group:editors', 'edit']]}
    tutorial = [root]
    return [
        {'id': 'tutorial-view-anonymous', 'nodes': tutorial, 'context': 0, 'principals': [Everyone], 'permission': 'view'},
        {'id': 'tutorial-edit-anonymous', 'nodes': tutorial, 'context': 0, 'principals': [Everyone], 'permission': 'edit'},
        {'id': 'tutorial-edit-editor', 'nodes': tutorial, 'context': 0,
         'principals': [Everyone, Authenticated, 'editor', 'group:editors'], 'permission': 'edit'},
        {'id': 'no-acl-anywhere', 'nodes': [{'parent': None, 'acl': None}, {'parent': 0, 'acl': None}], 'context': 1,
         'principals': [Everyone], 'permission': 'view'},
        {'id': 'deny-all-stops-inheritance', 'nodes': [{'parent': None, 'acl': [[Allow, Everyone, 'view']]},
                                                        {'parent': 0, 'acl': [[Deny, Everyone, 'ALL_PERMISSIONS']]}],
         'context': 1, 'principals': [Everyone], 'permission': 'view'},
        {'id': 'child-allows-over-parent-deny', 'nodes': [{'parent': None, 'acl': [[Deny, 'u:ann', 'edit']]},
                                                           {'parent': 0, 'acl': [[Allow, 'u:ann', 'edit']]}],
         'context': 1, 'principals': [Everyone, 'u:ann'], 'permission': 'edit'},
        {'id': 'first-ace-wins', 'nodes': [{'parent': None, 'acl': [[Deny, 'u:ann', 'edit'], [Allow, 'u:ann', 'edit']]}],
         'context': 0, 'principals': ['u:ann'], 'permission': 'edit'},
        {'id': 'lowercase-allow-denies', 'nodes': [{'parent': None, 'acl': [['allow', 'u:ann', 'edit']]}],
         'context': 0, 'principals': ['u:ann'], 'permission': 'edit'},
        {'id': 'empty-acl-then-parent', 'nodes': [{'parent': None, 'acl': [[Allow, Everyone, 'view']]}, {'parent': 0, 'acl': []}],
         'context': 1, 'principals': [Everyone], 'permission': 'view'},
        {'id': 'acl-function', 'nodes': [{'parent': None, 'acl': [[Allow, Authenticated, ['view', 'edit']]], 'callable': 'function'}],
         'context': 0, 'principals': [Everyone, Authenticated], 'permission': 'edit'},
        {'id': 'acl-method-on-parent', 'nodes': [{'parent': None, 'acl': [[Allow, 'g:admins', 'ALL_PERMISSIONS']], 'callable': 'method'},
                                                  {'parent': 0, 'acl': None}],
         'context': 1, 'principals': [Everyone, 'g:admins'], 'permission': 'anything'},
        {'id': 'empty-permission-list', 'nodes': [{'parent': None, 'acl': [[Allow, Everyone, []]]}],
         'context': 0, 'principals': [Everyone], 'permission': 'view'},
    ]


def fixtures():
    from importlib import metadata
    rng = random.Random(20261129)
    cases = written_cases() + [random_case(rng, n) for n in range(300)]
    return {'made_by': 'tests/interop/acl_oracle.py --fixtures', 'pyramid': metadata.version('pyramid'),
            'cases': [answer(c) for c in cases]}


if __name__ == '__main__':
    data = fixtures()
    if '--fixtures' in sys.argv:
        with open(FIXTURE, 'w') as f:
            json.dump(data, f, indent=1)
            f.write('\n')
    else:
        json.dump(data, sys.stdout, indent=1)
        sys.stdout.write('\n')
