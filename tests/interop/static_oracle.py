"""What the real Pyramid's static view answers: content types, conditional GET, byte ranges,
HEAD, folders, the bad-path table, and Pyramid 2.0's precompressed files (content_encodings,
under /enc/) with pyramid.reload_assets off and on (/encr/, a second app).

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
from webob import Request

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
    # Precompressed siblings (the bytes need not be real gzip: only names and sizes count).
    'big.txt': 'x' * 100, 'big.txt.gz': 'g' * 30, 'big.txt.br': 'b' * 20,
    'gzonly.css.gz': 'gz' * 5, 'tiny.txt': 'hi', 'tiny.txt.gz': 'g' * 8,
    'archive.tar.gz': 'tar', 'data.gz': 'data', 'withindex/index.html.gz': 'z',
    'late.txt': 'late' * 10,
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
    # content_encodings=['gzip', 'br']: the smallest file the client's Accept-Encoding takes.
    {'path': '/enc/big.txt'}, {'path': '/enc/big.txt', 'headers': {'Accept-Encoding': 'gzip'}},
    {'path': '/enc/big.txt', 'headers': {'Accept-Encoding': 'gzip, br'}}, {'path': '/enc/big.txt', 'headers': {'Accept-Encoding': 'br;q=0, gzip'}},
    {'path': '/enc/big.txt', 'headers': {'Accept-Encoding': '*'}}, {'path': '/enc/big.txt', 'headers': {'Accept-Encoding': 'identity'}},
    {'path': '/enc/big.txt', 'headers': {'Accept-Encoding': ''}}, {'path': '/enc/big.txt', 'headers': {'Accept-Encoding': 'gzip;q=0, *;q=0'}},
    {'path': '/enc/big.txt', 'headers': {'Accept-Encoding': 'garbage;;'}}, {'path': '/enc/big.txt', 'headers': {'Accept-Encoding': 'GZIP'}},
    {'path': '/enc/big.txt', 'headers': {'Accept-Encoding': 'deflate'}}, {'path': '/enc/big.txt', 'headers': {'Accept-Encoding': 'gzip', 'Range': 'bytes=0-4'}},
    {'path': '/enc/big.txt', 'method': 'HEAD', 'headers': {'Accept-Encoding': 'br'}},
    {'path': '/enc/gzonly.css'}, {'path': '/enc/gzonly.css', 'headers': {'Accept-Encoding': 'gzip'}},
    {'path': '/enc/tiny.txt', 'headers': {'Accept-Encoding': 'gzip'}}, {'path': '/enc/a.css', 'headers': {'Accept-Encoding': 'gzip'}},
    {'path': '/enc/archive.tar.gz', 'headers': {'Accept-Encoding': 'gzip'}}, {'path': '/enc/withindex/', 'headers': {'Accept-Encoding': 'gzip'}},
    {'path': '/enc/big.txt.gz'}, {'path': '/enc/missing.txt', 'headers': {'Accept-Encoding': 'gzip'}},
    {'path': '/static/big.txt', 'headers': {'Accept-Encoding': 'gzip'}}, {'path': '/static/archive.tar.gz'}, {'path': '/static/data.gz'},
    # reload: a sibling made while the app runs is served only with pyramid.reload_assets.
    {'path': '/enc/late.txt', 'headers': {'Accept-Encoding': 'gzip'}}, {'path': '/encr/late.txt', 'headers': {'Accept-Encoding': 'gzip'}},
    {'create': {'late.txt.gz': 'g'}},
    {'path': '/enc/late.txt', 'headers': {'Accept-Encoding': 'gzip'}}, {'path': '/encr/late.txt', 'headers': {'Accept-Encoding': 'gzip'}},
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


def make_app(folder, reload):
    config = Configurator(settings={'pyramid.reload_assets': reload})
    config.add_static_view('static', folder, cache_max_age=3600)
    config.add_static_view('enc', folder, cache_max_age=3600, content_encodings=['gzip', 'br'])
    config.add_static_view('encr', folder, cache_max_age=3600, content_encodings=['gzip', 'br'])
    return TestApp(config.make_wsgi_app())


def main():
    base = tempfile.mkdtemp()
    folder = make_tree(base)
    # /encr/ is asked of the app made with pyramid.reload_assets = true.
    plain, reloading = make_app(folder, False), make_app(folder, True)
    out = []
    for req in REQUESTS:
        if 'create' in req:
            for name, text in req['create'].items():
                with open(os.path.join(folder, name), 'w', encoding='latin-1') as f:
                    f.write(text)
            out.append(req)
            continue
        app = reloading if req['path'].startswith('/encr/') else plain
        headers = dict(req.get('headers', {}))
        for k, v in headers.items():
            if v == '$LM':
                headers[k] = app.get(req['path']).headers['Last-Modified']
        try:
            if 'Accept-Encoding' in headers:
                # WebTest would decode a gzip body (and fail on these made-up bytes): ask the app itself.
                res = Request.blank(req['path'], method=req.get('method', 'GET'), headers=headers).get_response(app.app)
            else:
                res = app.request(req['path'], method=req.get('method', 'GET'), headers=headers, expect_errors=True)
        except Exception as e:  # Pyramid lets some bad paths escape as an exception (a 500 from the server)
            out.append(dict(req, result={'status': 500, 'error': '%s: %s' % (type(e).__name__, e)}))
            continue
        keep = ('Content-Type', 'Content-Length', 'Content-Range', 'Location', 'Cache-Control', 'Content-Encoding', 'Vary')
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
