#!/usr/bin/python3
"""The real Pyramid's URL dispatch as a test oracle for framework/routes.ts and the path decoding
in framework/urldecode.ts (issue 15, points 4 and 13).

Run with Debian's /usr/bin/python3 (python3-pyramid, python3-waitress):

    /usr/bin/python3 tests/interop/make_route_fixtures.py            # writes fixtures/pyramid-routes.json
    /usr/bin/python3 tests/interop/make_route_fixtures.py --stdout   # prints it instead

It records:
- decode: each raw request path as waitress turns it into PATH_INFO (unquote_bytes_to_wsgi, which
  keeps invalid escapes such as %zz literally) and as webob then reads request.path_info (strict
  UTF-8): the text, or the UnicodeDecodeError's message;
- http: what a Pyramid app served by waitress answers for some of those paths (status, body);
- match: pyramid.urldispatch.Route(pattern).match(path) for every pattern and path of a table;
- generate: Route(pattern).generate(kw), or the error's type and message.
"""
import http.client
import os
import sys
import threading

from pyramid.config import Configurator
from pyramid.urldispatch import Route
from waitress.server import create_server
from waitress.parser import unquote_bytes_to_wsgi
from webob import Request

from fixture_output import write_fixture

RAW_PATHS = [
    '/', '/abc/1', '/abc/%zz', '/abc/100%', '/abc/%', '/abc/%2', '/abc/%2G', '/abc/%41%42', '/abc/%C3%A9',
    '/abc/a%2Fb', '/abc/%25zz', '/%FF', '/abc/%FF', '/abc/x%C3', '/abc/%E2%82', '/abc/%E2%28%A1', '/abc/%F0%9F%98',
    '/abc/%F0%28%8C%28', '/abc/%ED%A0%80', '/abc/%C0%AF', '/abc/%E0%80%80', '/abc/%F4%90%80%80', '/abc/ok%FFthen%FE',
]

HTTP_PATHS = ['/abc/%zz', '/abc/100%', '/abc/%C3%A9', '/%FF', '/abc/%FF', '/abc/%E2%82']

PATTERNS = [
    '/', '/abc/{x}', '/{a}-{b}-{c}.html', '/{a}-{b}', '/{a}.{b}', '/x/{a}{b}', '/{a}/{b}.{ext}', '/pre{a}post',
    '/foo/:baz/biz/:buz/bar', '/:a/:b', ':a', '/:_a-:b', '/foo/:baz/{x}', '/{a}/:b', '/foo/:1bad', '/foo/:baz.html',
    '/static/*subpath', '/{a}/*rest', '/{a}-{b}*rest', '/a*', '/:a/*rest', '/{year:\\d+}-{month:\\d+}',
    '/{x:[a-z]+}{y}', '/{x:[^/]+?}-{y}', '/{a}{b}{c}', '/v/{a}-{b}/{c}-{d}', '/{a}-{b}-{c}-{d}-{e}',
    '/{a:.*}-{b}', '/{a}/{b:.*}', '/{a}-', '/{a}--{b}',
]

PATHS = [
    '/', '/abc/1', '/abc/%zz', '/abc/100%', '/a-b-c.html', '/a-b-c-d.html', '/-a-b.html', '/a--b.html', '/aa-bb',
    '/a-b-c', '/a.b.c', '/x/abc', '/x/a', '/a/b.c.d', '/a/b.', '/preXpost', '/prepost', '/preXYpostpost',
    '/foo/1/biz/2/bar', '/foo/:baz/biz/:buz/bar', '/foo/a b/biz/é/bar', '/1/2', '/1', '/x-y', '/_a-:b',
    '/foo/:baz/1', '/foo/1/2', '/1/:b', '/foo/:1bad', '/foo/x.html', '/foo/:baz.html', '/static/', '/static',
    '/static/a/b/../c', '/static/a//b/./c', '/a-b/c/d', '/a-bc/d', '/a*', '/a', '/ab', '/2024-05', '/2024-5x',
    '/abcdef', '/abc1', '/x-y-z', '/abc', '/v/a-b/c-d', '/v/a-b-c/d-e-f', '/a-b-c-d-e', '/a-b-c-d-e-f-g',
    '/a/b/c', '/a-', '/a--', '/a--b', '/a---b', '/' + '-' * 60, '/' + 'a-' * 40 + '.html', '/' + '-' * 30 + 'x.html',
]

GENERATE = [
    ('/foo/:baz/biz/:buz/bar', {'baz': 'a b', 'buz': 'c/d'}),
    ('/foo/:baz/biz/:buz/bar', {'baz': 'é', 'buz': '%'}),
    ('/:a/:b', {'a': '1', 'b': '2'}),
    (':a', {'a': 'x'}),
    ('/:_a-:b', {'_a': 'x', 'b': 'y'}),
    ('/foo/:baz/{x}', {'x': '1'}),
    ('/foo/:1bad', {}),
    ('/:a/*rest', {'a': 'x', 'rest': ['b c', 'd']}),
    ('/foo/:baz/biz/:buz/bar', {'baz': 'x'}),
    ('/{a}-{b}-{c}.html', {'a': '1', 'b': '2', 'c': '3'}),
]


def path_info(raw):
    environ = Request.blank('/').environ
    environ['PATH_INFO'] = unquote_bytes_to_wsgi(raw.encode('latin-1'))
    try:
        return {'raw': raw, 'path_info': Request(environ).path_info}
    except UnicodeDecodeError as error:
        return {'raw': raw, 'error': str(error)}


def served_answers():
    def view(request):
        return {'match': request.matchdict}

    with Configurator() as config:
        config.add_route('abc', '/abc/{x}')
        config.add_view(view, route_name='abc', renderer='json')
        app = config.make_wsgi_app()
    server = create_server(app, host='127.0.0.1', port=0)
    threading.Thread(target=server.run, daemon=True).start()
    answers = []
    # The URLDecodeError traceback that waitress logs is not part of the answer.
    stderr, sys.stderr = sys.stderr, open(os.devnull, 'w')
    try:
        for raw in HTTP_PATHS:
            connection = http.client.HTTPConnection('127.0.0.1', server.effective_port, timeout=10)
            connection.putrequest('GET', raw, skip_accept_encoding=True)
            connection.endheaders()
            response = connection.getresponse()
            answers.append({'raw': raw, 'status': response.status, 'body': response.read().decode('latin-1')})
            connection.close()
    finally:
        # Not server.close(): a task still finishing would log a bad file descriptor. The
        # server's thread is a daemon and ends with this process.
        sys.stderr = stderr
    return answers


def match(pattern, path):
    found = Route('r', pattern).match(path)
    return None if found is None else {k: (list(v) if isinstance(v, tuple) else v) for k, v in found.items()}


def generate(pattern, kw):
    try:
        return {'pattern': pattern, 'kw': kw, 'path': Route('r', pattern).generate(kw)}
    except Exception as error:
        return {'pattern': pattern, 'kw': kw, 'error': '%s: %s' % (type(error).__name__, error)}


def main():
    write_fixture('pyramid-routes.json', {
        'decode': [path_info(raw) for raw in RAW_PATHS],
        'http': served_answers(),
        'match': [{'pattern': p, 'path': s, 'match': match(p, s)} for p in PATTERNS for s in PATHS],
        'generate': [generate(p, kw) for p, kw in GENERATE],
    }, ensure_ascii=False)

if __name__ == '__main__':
    main()
