"""Pyramid 2.0's pviews on the Quick Tutorial's authorization step (the Python original), for
tests/interop/pviews-security.test.ts: does pviews show "required permission" as Pyramid does.

    /usr/bin/python3 tests/interop/pviews_oracle.py /path/to/quick_tutorial/authorization > tests/interop/fixtures/pviews-authorization.json

The original is not in this repository (it is Pyramid's documentation, at
/work/shared/reference/quick_tutorial/authorization here); its output is committed.
"""
import contextlib
import io
import json
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[1])
from pyramid.scripts import pviews
import tutorial

app = tutorial.main({}, **{'tutorial.secret': '98zd'})


def bootstrap(config_uri, options=None, request=None):
    request.registry = app.registry
    return {'registry': app.registry, 'closer': lambda: None, 'request': request}


out = {}
for url in ['/', '/howdy', '/login', '/logout', '/nowhere']:
    cmd = pviews.PViewsCommand(['pviews', 'development.ini', url], quiet=False)
    cmd.bootstrap = bootstrap
    cmd.setup_logging = lambda *a, **k: None
    lines = []
    cmd.out = lines.append
    cmd.run()
    # the object's address varies; ours prints <Root object>
    out[url] = re.sub(r'<([\w.]+\.)?(\w+) object at 0x[0-9a-f]+>', r'<\2 object>', '\n'.join(lines) + '\n')
json.dump(out, sys.stdout, indent=1)
sys.stdout.write('\n')
