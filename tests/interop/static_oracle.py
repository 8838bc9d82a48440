"""What the real Pyramid's static view answers: content types, conditional GET, byte ranges,
HEAD, folders, and the bad-path table.

    /usr/bin/python3 tests/interop/static_oracle.py > tests/interop/fixtures/static.json

The tree is made here (and again by tests/interop/static.test.ts) in a temporary folder; `$LM`
in a header stands for the file's own Last-Modified.
"""
import json
import os
import sys
import tempfile

sys.dont_write_bytecode = True
from pyramid.config import Configurator
from webtest import TestApp

TREE = {
    'a.css': 'body { color: red; }\n',
    'hello.txt': 'hello world, 0123456789\n',
    'page.html': '<p>hi</p>\n',
    'app.js': 'var x = 1;\n',
    'img.png': '\x89PNG....',
    'noext': 'data',
    'sub/x.js': 'x',
    'withindex/index.html': '<h1>index</h1>\n',
    '.hidden': 'dot',
}
OUTSIDE = 'secret.txt'

REQUESTS = [
    {'path': '/static/a.css'}, {'path': '/static/hello.txt'}, {'path': '/static/page.html'}, {'path': '/static/app.js'},
    {'path': '/static/img.png'}, {'path': '/static/noext'}, {'path': '/static/sub/x.js'}, {'path': '/static/.hidden'},
    {'path': '/static/hello.txt', 'method': 'HEAD'},
    {'path': '/static/hello.txt', 'headers': {'If-Modified-Since': '$LM'}},
    {'path': '/static/hello.txt', 'headers': {'If-Modified-Since': 'Mon, 01 Jan 2001 00:00:00 GMT'}},
    {'path': '/static/hello.txt', 'headers': {'Range': 'bytes=0-4'}},
    {'path': '/static/hello.txt', 'headers': {'Range': 'bytes=5-'}},
    {'path': '/static/hello.txt', 'headers': {'Range': 'bytes=-3'}},
    {'path': '/static/hello.txt', 'headers': {'Range': 'bytes=100-200'}},
    {'path': '/static/hello.txt', 'headers': {'Range': 'bytes=abc'}},
    {'path': '/static/hello.txt', 'headers': {'Range': 'bytes=3-1'}},
    {'path': '/static/hello.txt', 'headers': {'Range': 'bytes=0-1,3-4'}},
    {'path': '/static/hello.txt', 'headers': {'Range': 'bytes=20-100'}},
    {'path': '/static/sub'}, {'path': '/static/sub?x=1'}, {'path': '/static/sub/'}, {'path': '/static/withindex'}, {'path': '/static/withindex/'},
    {'path': '/static/'}, {'path': '/static/missing.css'}, {'path': '/static/a.css/'}, {'path': '/static//a.css'},
    # The bad-path table.
    {'path': '/static/../secret.txt'}, {'path': '/static/%2e%2e/secret.txt'}, {'path': '/static/%2E%2E/%2e%2e/secret.txt'},
    {'path': '/static/sub/%2e%2e/a.css'}, {'path': '/static/a.css%00'}, {'path': '/static/%00'}, {'path': '/static/sub%5cx.js'},
    {'path': '/static/sub%2fx.js'}, {'path': '/static/' + 'a' * 5000}, {'path': '/static/' + 'a/' * 2000 + 'x'},
    {'path': '/static/..%2fsecret.txt'}, {'path': '/static/%c0%ae%c0%ae/secret.txt'},
]


def make_tree(base):
    folder = os.path.join(base, 'static')
    for name, text in TREE.items():
        path = os.path.join(folder, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w', encoding='latin-1') as f:
            f.write(text)
    with open(os.path.join(base, OUTSIDE), 'w') as f:
        f.write('secret')
    return folder


def main():
    base = tempfile.mkdtemp()
    folder = make_tree(base)
    config = Configurator()
    config.add_static_view('static', folder, cache_max_age=3600)
    app = TestApp(config.make_wsgi_app())
    out = []
    for req in REQUESTS:
        headers = dict(req.get('headers', {}))
        for k, v in headers.items():
            if v == '$LM':
                headers[k] = app.get(req['path']).headers['Last-Modified']
        try:
            res = app.request(req['path'], method=req.get('method', 'GET'), headers=headers, expect_errors=True)
        except Exception as e:  # Pyramid lets some bad paths escape as an exception (a 500 from the server)
            out.append(dict(req, result={'status': 500, 'error': '%s: %s' % (type(e).__name__, e)}))
            continue
        keep = ('Content-Type', 'Content-Length', 'Content-Range', 'Location', 'Cache-Control')
        result = {'status': res.status_int, 'headers': {k: v for k, v in res.headers.items() if k in keep},
                  'lastModified': 'Last-Modified' in res.headers,
                  'body': res.body.decode('latin-1') if res.status_int in (200, 206) else None}
        if res.status_int >= 300:
            result['headers'].pop('Content-Type', None)  # the error page's, not the file's
            result['headers'].pop('Content-Length', None)
        out.append(dict(req, result=result))
    json.dump({'tree': TREE, 'outside': OUTSIDE, 'cases': out}, sys.stdout, indent=1)
    sys.stdout.write('\n')


main()
