#!/usr/bin/python3
"""The real PasteDeploy (python3-pastedeploy, python3-paste) as a test oracle for framework/ini.ts
(issue 15 point 14): composite sections with egg:Paste#urlmap, `paste.app_factory = module:fn`
in place of `use`, `require =`, a UTF-8 byte-order mark, a bare [app] section.

    /usr/bin/python3 tests/interop/make_paste_fixtures.py            # writes fixtures/pastedeploy.json
    /usr/bin/python3 tests/interop/make_paste_fixtures.py --stdout   # prints it instead

Each case is an ini file (written to a temporary folder beside a `pastestubs` module whose
app_factory answers with the settings it was given and the SCRIPT_NAME/PATH_INFO it saw). The
case is loaded with paste.deploy.loadapp(name=...) and each listed path is requested; recorded are
the answers, or the exception's type and message (the temporary folder written as <here>).
"""
import json
import os
import sys
import tempfile

from paste.deploy import loadapp
from webob import Request

from fixture_output import write_fixture

STUBS = '''
import json


def app_factory(global_conf, **local_conf):
    def app(environ, start_response):
        start_response('200 OK', [('Content-Type', 'application/json')])
        seen = {'local': local_conf, 'script_name': environ.get('SCRIPT_NAME'), 'path_info': environ.get('PATH_INFO')}
        return [json.dumps(seen, sort_keys=True).encode()]
    return app


def composite_factory(loader, global_conf, **local_conf):
    return loader.get_app(local_conf['next'], global_conf=global_conf)
'''

STUB = 'call:pastestubs:app_factory'

CASES = [
    ('urlmap', None, '''
[composite:main]
use = egg:Paste#urlmap
/ = home
/api = api
/api/v2/ = v2

[app:home]
use = call:pastestubs:app_factory
name = home

[app:api]
use = call:pastestubs:app_factory
name = api

[app:v2]
paste.app_factory = pastestubs:app_factory
name = v2
''', ['/', '/x/y', '/api', '/api/', '/api/users/1', '/apix', '/api/v2', '/api/v2/z', '/API', '/api%2Fx']),
    ('urlmap-not-found', None, '''
[composite:main]
use = egg:Paste#urlmap
/shop = shop
not_found_app = missing

[app:shop]
use = call:pastestubs:app_factory

[app:missing]
use = call:pastestubs:app_factory
missing = yes
''', ['/shop/cart', '/elsewhere', '/']),
    ('urlmap-404', None, '''
[composite:main]
use = egg:Paste#urlmap
/shop = shop

[app:shop]
use = call:pastestubs:app_factory
''', ['/shop', '/other']),
    ('composite-explicit', None, '''
[composite:main]
paste.composite_factory = pastestubs:composite_factory
next = inner

[app:inner]
use = call:pastestubs:app_factory
inner = 1
''', ['/a']),
    ('urlmap-via-use-section', None, '''
[app:main]
use = mapped

[composite:mapped]
use = egg:Paste#urlmap
/x = leaf

[app:leaf]
use = call:pastestubs:app_factory
''', ['/x/1']),
    ('app-factory-key', None, '''
[app:main]
paste.app_factory = pastestubs:app_factory
greeting = hello
''', ['/']),
    ('use-and-app-factory-key', None, '''
[app:main]
use = call:pastestubs:app_factory
paste.app_factory = pastestubs:nonesuch
''', ['/']),
    ('two-protocols', None, '''
[app:main]
paste.app_factory = pastestubs:app_factory
paste.composite_factory = pastestubs:composite_factory
''', ['/']),
    ('no-loader', None, '''
[app:main]
greeting = hello
''', ['/']),
    ('app-factory-key-missing-function', None, '''
[app:main]
paste.app_factory = pastestubs:nonesuch
''', ['/']),
    ('require-installed', None, '''
[app:main]
use = call:pastestubs:app_factory
require = pyramid
kept = 1
''', ['/']),
    ('require-missing', None, '''
[app:main]
use = call:pastestubs:app_factory
require = nonesuch-dist
''', ['/']),
    ('bom', None, '\ufeff[app:main]\nuse = call:pastestubs:app_factory\n', ['/']),
    ('bare-app', None, '''
[app]
use = call:pastestubs:app_factory
''', ['/']),
    ('bare-app-named', 'main', '''
[app]
use = call:pastestubs:app_factory
''', ['/']),
]


def run(case_id, name, ini, paths, folder):
    path = os.path.join(folder, case_id + '.ini')
    with open(path, 'w', encoding='utf-8') as f:
        f.write(ini)
    out = {'id': case_id, 'name': name, 'ini': ini, 'paths': paths}
    try:
        app = loadapp('config:' + path, name=name)
    except Exception as error:
        out['error'] = '%s: %s' % (type(error).__name__, str(error).replace(folder, '<here>'))
        return out
    answers = []
    for p in paths:
        response = Request.blank(p).get_response(app)
        body = response.body.decode('utf-8')
        answers.append({'path': p, 'status': response.status_code, 'body': json.loads(body) if response.content_type == 'application/json' else None})
    out['answers'] = answers
    return out


def main():
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, 'pastestubs.py'), 'w') as f:
            f.write(STUBS)
        sys.path.insert(0, folder)
        results = [run(case_id, name, ini, paths, folder) for case_id, name, ini, paths in CASES]
    write_fixture('pastedeploy.json', results, ensure_ascii=True)


if __name__ == '__main__':
    main()
