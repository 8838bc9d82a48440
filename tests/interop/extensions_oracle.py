"""What the real Pyramid does with the extension points' subtle cases: tween order, subscriber
order, view order between views with as many predicates, context inheritance, and which
exception view answers (a catch-all must not swallow 404s and redirects).

    /usr/bin/python3 tests/interop/extensions_oracle.py > tests/interop/fixtures/extensions.json

Each case is data that tests/interop/extensions.test.ts replays on our framework; `result` is
what Pyramid gave.
"""
import json
import sys
import types

sys.dont_write_bytecode = True
from pyramid.config import Configurator
from pyramid.response import Response
from pyramid.httpexceptions import HTTPFound, HTTPNotFound, HTTPForbidden, HTTPError, HTTPException
from pyramid.tweens import INGRESS, MAIN, EXCVIEW
from pyramid.events import subscriber
from pyramid.traversal import virtual_root
from pyramid.interfaces import ITweens
from webtest import TestApp

TOKENS = {'INGRESS': INGRESS, 'MAIN': MAIN, 'EXCVIEW': EXCVIEW}
tweens_module = types.ModuleType('oracle_tweens')
sys.modules['oracle_tweens'] = tweens_module


def tween_name(name):
    return TOKENS.get(name, 'oracle_tweens.' + name)


def hint(value):
    if value is None:
        return None
    if isinstance(value, list):
        return tuple(tween_name(v) for v in value)
    return tween_name(value)


def short(name):
    return name.replace('oracle_tweens.', '').replace(EXCVIEW, 'EXCVIEW')


def run_tweens(case):
    for name, _ in case['tweens']:
        setattr(tweens_module, name, lambda handler, registry: handler)
    config = Configurator()
    try:
        for name, opts in case['tweens']:
            config.add_tween(tween_name(name), under=hint(opts.get('under')), over=hint(opts.get('over')))
        config.commit()
        return {'order': [short(n) for n, _ in config.registry.getUtility(ITweens).implicit()]}
    except Exception as e:
        return {'error': '%s: %s' % (type(e).__name__, short(str(e)))}


class Base:
    pass


class Derived(Base):
    pass


class Thing:
    pass


class Special(Thing):
    pass


EVENTS = {'Base': Base, 'Derived': Derived, 'Thing': Thing, 'Special': Special, 'object': object, None: None}


def event_type(spec):
    """A class name, None (every event), or a list of them (a multi-object subscription)."""
    return tuple(EVENTS[s] for s in spec) if isinstance(spec, list) else EVENTS[spec]


class EventKey:
    """A subscriber predicate reading the event alone (Pyramid calls it with the event only)."""
    def __init__(self, value, config):
        self.value = value

    def text(self):
        return 'event_key = %s' % self.value
    phash = text

    def __call__(self, event):
        return getattr(event, 'key', None) == self.value


class ObjectKey:
    """A subscriber predicate reading the second object of a two-object notification."""
    def __init__(self, value, config):
        self.value = value

    def text(self):
        return 'object_key = %s' % self.value
    phash = text

    def __call__(self, event, obj):
        return getattr(obj, 'key', None) == self.value


def run_subscribers(case):
    """Each subscriber records its name and the classes of what it was called with."""
    calls = []
    config = Configurator()
    config.add_subscriber_predicate('event_key', EventKey)
    config.add_subscriber_predicate('object_key', ObjectKey)

    def recorder(name):
        def subscriber(*objects):
            calls.append([name] + [type(o).__name__ for o in objects])
        subscriber.__module__ = __name__
        return subscriber
    for i, (name, event, *rest) in enumerate(case['subscribers']):
        predicates = rest[0] if rest else {}
        config.add_subscriber(recorder(name), event_type(event), **predicates)
    for i, (name, args) in enumerate(case.get('decorated', [])):
        # @subscriber(*args): each argument one registration (a list: a tuple, one multi-object one).
        globals()['decorated_%d' % i] = subscriber(*[event_type(a) for a in args])(recorder(name))
    if case.get('decorated'):
        # venusian registers what a module defines: these functions, as this module's globals.
        config.scan(sys.modules[__name__])
        for i in range(len(case['decorated'])):
            del globals()['decorated_%d' % i]
    config.commit()
    results = []
    for notify in case['notify']:
        calls.clear()
        objects = []
        for spec in (notify if isinstance(notify, list) else [notify]):
            cls, _, key = spec.partition('=')
            obj = EVENTS[cls]()
            if key:
                obj.key = key
            objects.append(obj)
        config.registry.notify(*objects)
        results.append(list(calls))
    return {'calls': results}


class A:
    __name__ = None
    __parent__ = None


class B(A):
    pass


class C(B):
    pass


class Root:
    __name__ = ''
    __parent__ = None

    def __init__(self):
        self.children = {}
        for name, cls in (('a', A), ('b', B), ('c', C), ('d e', A)):
            child = cls()
            child.__name__, child.__parent__ = name, self
            self.children[name] = child

    def __getitem__(self, name):
        return self.children[name]


CONTEXTS = {'A': A, 'B': B, 'C': C, 'Root': Root, 'Exception': Exception, 'ValueError': ValueError,
            'HTTPNotFound': HTTPNotFound, 'HTTPError': HTTPError, 'HTTPException': HTTPException,
            'HTTPFound': HTTPFound}
RAISES = {'ValueError': lambda: ValueError('bad value'), 'HTTPFound': lambda: HTTPFound(location='/elsewhere'),
          'HTTPNotFound': lambda: HTTPNotFound(), 'HTTPForbidden': lambda: HTTPForbidden()}


def view_options(opts):
    out = dict(opts)
    for key in ('context', 'containment'):
        if key in out:
            out[key] = CONTEXTS[out[key]]
    return out


def run_views(case):
    config = Configurator(root_factory=(lambda request: Root()) if case.get('traversal') else None)
    for value, more, less in case.get('accept_orders', []):
        config.add_accept_view_order(value, weighs_more_than=more, weighs_less_than=less)
    for name, pattern in case.get('routes', []):
        config.add_route(name, pattern, **case.get('route_options', {}).get(name, {}))
    for name, opts in case['views']:
        opts = dict(opts)
        raises = opts.pop('raises', None)
        exception = opts.pop('exception', False)

        def view(context, request, name=name, raises=raises):
            if raises:
                raise RAISES[raises]()
            return Response(name)
        (config.add_exception_view if exception else config.add_view)(view, **view_options(opts))
    app = TestApp(config.make_wsgi_app())
    results = []
    for req in case['requests']:
        res = app.request(req['path'], method=req.get('method', 'GET'), headers=req.get('headers', {}), expect_errors=True)
        results.append({'status': res.status_int, 'body': res.text if res.status_int < 300 and res.content_type == 'text/html' else None,
                        'location': res.headers.get('Location')})
    return {'responses': results}


CASES = [
    # Tweens: Pyramid's implicit ordering and its errors.
    {'kind': 'tweens', 'name': 'no hints: each under INGRESS, the last added on top', 'tweens': [['a', {}], ['b', {}], ['c', {}]]},
    {'kind': 'tweens', 'name': 'over MAIN, under INGRESS, over EXCVIEW', 'tweens': [['a', {'over': 'MAIN'}], ['b', {'under': 'INGRESS'}], ['c', {'over': 'EXCVIEW'}], ['d', {}]]},
    {'kind': 'tweens', 'name': 'under and over other tweens', 'tweens': [['a', {}], ['b', {'under': 'a'}], ['c', {'over': 'a'}], ['d', {'under': 'b', 'over': 'MAIN'}]]},
    {'kind': 'tweens', 'name': 'a fallback list: the missing name is skipped', 'tweens': [['a', {'over': ['missing', 'MAIN']}], ['b', {'under': ['missing', 'a']}]]},
    {'kind': 'tweens', 'name': 'only missing names: unsatisfied', 'tweens': [['a', {'over': 'missing'}]]},
    {'kind': 'tweens', 'name': 'a cycle', 'tweens': [['a', {'under': 'b'}], ['b', {'under': 'a'}]]},
    # Subscribers: general before specific, registration order within one.
    {'kind': 'subscribers', 'name': 'every event, base class, own class', 'subscribers': [['derived-1', 'Derived'], ['all-1', None], ['base', 'Base'], ['object', 'object'], ['derived-2', 'Derived'], ['all-2', None]], 'notify': ['Derived']},
    {'kind': 'subscribers', 'name': 'a base-class event reaches base and general subscribers only', 'subscribers': [['derived', 'Derived'], ['base', 'Base'], ['all', None]], 'notify': ['Base']},
    # Multi-object subscriptions (a tuple of classes): zope's subscribers((event, object)).
    {'kind': 'subscribers', 'name': 'a tuple of classes: called with both objects, in zope order, only for as many objects',
     'subscribers': [['base+thing', ['Base', 'Thing']], ['derived+special', ['Derived', 'Special']], ['base+special', ['Base', 'Special']],
                     ['derived+thing', ['Derived', 'Thing']], ['any+thing', [None, 'Thing']], ['object+thing', ['object', 'Thing']],
                     ['base+any', ['Base', None]], ['base', 'Base'], ['all', None], ['three', ['Base', 'Thing', 'Base']]],
     'notify': [['Derived', 'Special'], ['Base', 'Thing'], ['Thing', 'Base'], ['Derived'], ['Base', 'Thing', 'Derived'], ['Derived', 'Base']]},
    {'kind': 'subscribers', 'name': 'subscriber predicates on a multi-object notification: an event-only predicate sees the event, a two-argument one both',
     'subscribers': [['event-key-y', ['Base', 'Thing'], {'event_key': 'y'}], ['object-key-z', ['Base', 'Thing'], {'object_key': 'z'}],
                     ['both', ['Base', 'Thing'], {'event_key': 'y', 'object_key': 'z'}], ['single-event-key-y', 'Base', {'event_key': 'y'}]],
     'notify': [['Base=y', 'Thing=z'], ['Base=x', 'Thing=z'], ['Base=y', 'Thing=x'], ['Base=y']]},
    {'kind': 'subscribers', 'name': '@subscriber(A, B) registers once per class (either event); @subscriber((A, B)) one pair',
     'subscribers': [], 'decorated': [['either', ['Base', 'Thing']], ['pair', [['Base', 'Thing']]], ['every', []], ['pair-or-thing', [['Base', 'Thing'], 'Thing']]],
     'notify': [['Base'], ['Special'], ['Derived', 'Special'], ['Thing', 'Base']]},
    # Views with as many predicates: Pyramid's weights decide.
    {'kind': 'views', 'name': 'one predicate each: the heavier predicate wins, whatever the order added',
     'routes': [['r', '/r/{x}']],
     'views': [['by-custom', {'route_name': 'r', 'custom_predicates': [lambda c, r: True]}],
               ['by-match', {'route_name': 'r', 'match_param': 'x=y'}],
               ['by-accept', {'route_name': 'r', 'accept': 'text/html'}],
               ['by-header', {'route_name': 'r', 'header': 'X-H'}],
               ['by-param', {'route_name': 'r', 'request_param': 'p'}],
               ['by-method', {'route_name': 'r', 'request_method': 'GET'}],
               ['by-xhr', {'route_name': 'r', 'xhr': True}]],
     'requests': [{'path': '/r/y?p=1', 'headers': {'X-H': '1', 'Accept': 'text/html', 'X-Requested-With': 'XMLHttpRequest'}},
                  {'path': '/r/z?p=1', 'headers': {'X-H': '1', 'Accept': 'text/html', 'X-Requested-With': 'XMLHttpRequest'}},
                  {'path': '/r/z?p=1', 'headers': {'X-H': '1', 'X-Requested-With': 'XMLHttpRequest', 'Accept': 'application/json'}},
                  {'path': '/r/z?p=1', 'headers': {'X-Requested-With': 'XMLHttpRequest', 'Accept': 'application/json'}},
                  {'path': '/r/z', 'headers': {'X-Requested-With': 'XMLHttpRequest'}},
                  {'path': '/r/z', 'method': 'POST', 'headers': {'X-Requested-With': 'XMLHttpRequest'}}]},
    {'kind': 'views', 'name': 'two predicates each: the pair with the heavier sum wins',
     'routes': [['r', '/r']],
     'views': [['xhr+param', {'route_name': 'r', 'xhr': True, 'request_param': 'p'}],
               ['method+header', {'route_name': 'r', 'request_method': 'GET', 'header': 'X-H'}],
               ['method+param', {'route_name': 'r', 'request_method': 'GET', 'request_param': 'p'}],
               ['one', {'route_name': 'r', 'request_param': 'p'}]],
     'requests': [{'path': '/r?p=1', 'headers': {'X-H': '1', 'X-Requested-With': 'XMLHttpRequest'}},
                  {'path': '/r?p=1', 'headers': {'X-Requested-With': 'XMLHttpRequest'}},
                  {'path': '/r?p=1', 'headers': {}}]},
    # Context: the most derived class first; a view whose predicates fail gives way to a base's.
    {'kind': 'views', 'name': 'context inheritance through traversal', 'traversal': True,
     'views': [['for-A', {'context': 'A'}], ['for-B-with-p', {'context': 'B', 'request_param': 'p'}], ['for-root', {'context': 'Root'}],
               ['any-edit', {'name': 'edit'}], ['C-edit', {'context': 'C', 'name': 'edit'}]],
     'requests': [{'path': '/a'}, {'path': '/b'}, {'path': '/b?p=1'}, {'path': '/c?p=1'}, {'path': '/c'}, {'path': '/'},
                  {'path': '/c/edit'}, {'path': '/b/edit'}, {'path': '/c/@@edit'}, {'path': '/nothing'}, {'path': '/c/nothing'}]},
    {'kind': 'views', 'name': 'containment, physical_path and path_info predicates', 'traversal': True,
     'views': [['in-root', {'containment': 'Root', 'context': 'C'}], ['physical-b', {'physical_path': '/b'}],
               ['path-a', {'path_info': '^/a'}], ['any', {}]],
     'requests': [{'path': '/c'}, {'path': '/b'}, {'path': '/a'}, {'path': '/'}]},
    # Exception views: HTTP exceptions are their own response unless a view is for them.
    {'kind': 'views', 'name': 'a catch-all exception view leaves 404s and redirects alone',
     'routes': [['boom', '/boom'], ['redir', '/redir'], ['nf', '/nf'], ['forbid', '/forbid']],
     'views': [['boom', {'route_name': 'boom', 'raises': 'ValueError'}], ['redir', {'route_name': 'redir', 'raises': 'HTTPFound'}],
               ['nf', {'route_name': 'nf', 'raises': 'HTTPNotFound'}], ['forbid', {'route_name': 'forbid', 'raises': 'HTTPForbidden'}],
               ['catch-all', {'context': 'Exception', 'exception': True}]],
     'requests': [{'path': '/boom'}, {'path': '/redir'}, {'path': '/nf'}, {'path': '/forbid'}, {'path': '/nowhere'}]},
    {'kind': 'views', 'name': 'a view for HTTPError takes 404s and 403s, not redirects',
     'routes': [['redir', '/redir'], ['forbid', '/forbid']],
     'views': [['redir', {'route_name': 'redir', 'raises': 'HTTPFound'}], ['forbid', {'route_name': 'forbid', 'raises': 'HTTPForbidden'}],
               ['http-error', {'context': 'HTTPError', 'exception': True}], ['catch-all', {'context': 'Exception', 'exception': True}]],
     'requests': [{'path': '/redir'}, {'path': '/forbid'}, {'path': '/nowhere'}]},
    {'kind': 'views', 'name': "a route's own exception view for Exception comes before the global ones, HTTP exceptions included",
     'routes': [['nf', '/nf'], ['other', '/other']],
     'views': [['nf', {'route_name': 'nf', 'raises': 'HTTPNotFound'}], ['other', {'route_name': 'other', 'raises': 'HTTPNotFound'}],
               ['nf-route-catch-all', {'context': 'Exception', 'route_name': 'nf', 'exception': True}],
               ['global-notfound', {'context': 'HTTPNotFound', 'exception': True}]],
     'requests': [{'path': '/nf'}, {'path': '/other'}]},
    # accept: what Pyramid 2.0 takes (one media type for a view, several for a route; no
    # wildcard, no q), how it writes it, and add_accept_view_order's checks.
    {'kind': 'accept options', 'name': "accept values Pyramid 2.0 takes and refuses",
     'values': [['view', 'text/html'], ['view', 'TEXT/HTML'], ['view', 'text/html;charset=utf8'], ['view', 'text/html;Charset="utf8"'],
                ['view', 'application/vnd.api+json'], ['view', 'text/html;x="a b"'], ['view', 'text/html;x=""'],
                ['view', ['text/html', 'application/json']], ['view', ['text/html']], ['view', 'text/*'], ['view', '*/*'], ['view', '*'],
                ['view', 'text/html;q=0.5'], ['view', 'text/html, application/json'], ['view', 'garbage'], ['view', ''],
                ['view', 'text/html;'], ['view', 'text /html'], ['view', 'text/html;a'],
                ['route', 'text/html'], ['route', ['text/html', 'Application/JSON']], ['route', 'text/*'], ['route', ['text/html', '*/*']],
                ['order', 'application/json', None, None], ['order', 'application/json', 'text/html', None],
                ['order', 'application/json', None, ['text/plain', 'text/xml']], ['order', 'text/*', None, None],
                ['order', 'text/html;charset=utf8', 'text/html', None], ['order', 'text/html;charset=utf8', 'text/html;charset=latin1', None],
                ['order', 'text/html;charset=utf8', 'text/plain;charset=utf8', None], ['order', 'application/json', 'text/csv', None],
                ['order', 'application/json', None, '*/*']]},
    {'kind': 'views', 'name': "views offering media types: the client's preference, then the server's order, then views without accept",
     'routes': [['r', '/r']],
     'views': [['json', {'route_name': 'r', 'accept': 'application/json'}], ['plain', {'route_name': 'r', 'accept': 'text/plain'}],
               ['html', {'route_name': 'r', 'accept': 'text/html'}], ['html-utf8', {'route_name': 'r', 'accept': 'text/html;charset=utf8'}],
               ['xml', {'route_name': 'r', 'accept': 'application/xml'}], ['none', {'route_name': 'r'}]],
     'requests': [{'path': '/r'}, {'path': '/r', 'headers': {'Accept': '*/*'}}, {'path': '/r', 'headers': {'Accept': 'application/json'}},
                  {'path': '/r', 'headers': {'Accept': 'text/*'}}, {'path': '/r', 'headers': {'Accept': 'application/json, text/html;q=0.9'}},
                  {'path': '/r', 'headers': {'Accept': 'text/html;charset=utf8'}}, {'path': '/r', 'headers': {'Accept': 'text/html;q=0, */*;q=0.1'}},
                  {'path': '/r', 'headers': {'Accept': 'image/png'}}, {'path': '/r', 'headers': {'Accept': 'garbage;;'}},
                  {'path': '/r', 'headers': {'Accept': ''}}, {'path': '/r', 'headers': {'Accept': 'TEXT/PLAIN'}},
                  {'path': '/r', 'headers': {'Accept': 'text/plain;q=0.5, application/xml;q=0.5'}},
                  {'path': '/r', 'headers': {'Accept': 'text/html;level=1, text/html;q=0.2, application/json;q=0.5'}}]},
    {'kind': 'views', 'name': 'add_accept_view_order changes the server order between views of equal client preference',
     'routes': [['r', '/r']], 'accept_orders': [['application/json', 'text/html', None], ['text/csv', None, 'text/plain']],
     'views': [['html', {'route_name': 'r', 'accept': 'text/html'}], ['json', {'route_name': 'r', 'accept': 'application/json'}],
               ['csv', {'route_name': 'r', 'accept': 'text/csv'}], ['plain', {'route_name': 'r', 'accept': 'text/plain'}]],
     'requests': [{'path': '/r'}, {'path': '/r', 'headers': {'Accept': 'text/*'}}, {'path': '/r', 'headers': {'Accept': 'text/html, text/csv'}},
                  {'path': '/r', 'headers': {'Accept': 'text/plain, text/csv'}}]},
    {'kind': 'views', 'name': 'the accept route predicate takes several media types',
     'routes': [['r', '/r']], 'route_options': {'r': {'accept': ['text/html', 'application/json']}},
     'views': [['r', {'route_name': 'r'}]],
     'requests': [{'path': '/r'}, {'path': '/r', 'headers': {'Accept': 'application/json'}}, {'path': '/r', 'headers': {'Accept': 'image/png'}},
                  {'path': '/r', 'headers': {'Accept': 'text/*;q=0.1'}}]},
    # Traversal: context, view name, subpath, traversed and the context's URL.
    {'kind': 'traversal', 'name': 'view names, @@, subpaths, missing children, and *traverse routes',
     'routes': [['pages', '/pages/*traverse']], 'names': ['', 'edit', 'x y'],
     'paths': ['/', '/a', '/c', '/c/edit', '/c/edit/more/path', '/c/@@edit', '/@@edit', '/nothing', '/c/x%20y', '/c/nothing',
               '/pages/c', '/pages/c/edit/1', '/pages/', '/a/../c/edit', '/./c/./edit', '//c//edit//']},
    {'kind': 'traversal', 'name': 'a virtual root (X-Vhm-Root): request.virtual_root, virtual_root_path and URLs below it',
     'routes': [['pages', '/pages/*traverse'], ['plain', '/plain']], 'names': ['', 'edit'],
     'paths': [['/', '/c'], ['/edit', '/c'], ['/', '/nothing'], ['/x', '/a/b'], ['/', '/@@edit'], ['/', '/c/'], ['/', '/'],
               ['/', '/b/../c'], ['/pages/edit', '/c'], ['/plain', '/c'], ['/', '/edit'], ['/', '/d e'], ['/', '/d%20e']]},
    {'kind': 'views', 'name': 'a view with context HTTPNotFound (not exception-only) is the not-found view',
     'routes': [['home', '/']],
     'views': [['home', {'route_name': 'home'}], ['notfound', {'context': 'HTTPNotFound'}]],
     'requests': [{'path': '/'}, {'path': '/missing'}]},
]

def run_traversal(case):
    """What traversal found, as a view of any context and any name sees it."""
    config = Configurator(root_factory=lambda request: Root())
    for name, pattern in case.get('routes', []):
        config.add_route(name, pattern, factory=lambda request: Root())

    def show(context, request):
        return Response('|'.join([
            type(context).__name__, context.__name__ or '', request.view_name, '/'.join(request.subpath),
            '/'.join(request.traversed), request.resource_url(context),
            type(request.virtual_root).__name__, request.virtual_root.__name__ or '', '/'.join(request.virtual_root_path),
            type(virtual_root(context, request)).__name__,
        ]))
    for view_name in case['names']:
        config.add_view(show, name=view_name)
        for route, _ in case.get('routes', []):
            config.add_view(show, name=view_name, route_name=route)
    app = TestApp(config.make_wsgi_app())
    # A path, or [path, X-Vhm-Root]: a virtual root.
    requests = [(p, {}) if isinstance(p, str) else (p[0], {'X-Vhm-Root': p[1]}) for p in case['paths']]
    return {'responses': [[r.status_int, r.text if r.status_int == 200 else None] for r in
                          (app.get(path, headers=headers, expect_errors=True) for path, headers in requests)]}


def run_accept_options(case):
    """Which `accept` values Pyramid takes (and how it writes them), for views, routes and
    add_accept_view_order; 'refused' where it raises (the message is ours to word)."""
    results = []
    for directive, value, *thans in case['values']:
        config = Configurator()
        try:
            if directive == 'view':
                config.add_view(lambda request: Response('x'), name='v', accept=value)
                config.commit()
                views = [x['introspectable'] for x in config.registry.introspector.get_category('views')]
                results.append(next(v['accept'] for v in views if v['name'] == 'v'))
            elif directive == 'route':
                config.add_route('r', '/', accept=value)
                config.commit()
                results.append(config.registry.introspector.get('routes', 'r')['accept'])
            else:
                config.add_accept_view_order(value, weighs_more_than=thans[0], weighs_less_than=thans[1])
                config.commit()
                results.append('ok')
        except Exception:
            results.append('refused')
    return {'results': results}


RUN = {'accept options': run_accept_options, 'tweens': run_tweens, 'subscribers': run_subscribers, 'views': run_views, 'traversal': run_traversal}


def serializable(value):
    if callable(value):
        return '<custom>'
    if isinstance(value, dict):
        return {k: serializable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [serializable(v) for v in value]
    return value


out = []
for case in CASES:
    result = RUN[case['kind']](case)
    out.append(dict(serializable(case), result=result))
json.dump(out, sys.stdout, indent=1)
sys.stdout.write('\n')
