"""The real Pyramid's answers to one Quick Tutorial step's requests (the differential check's oracle).

Run with Debian's Python: /usr/bin/python3 oracle.py STEP_DIR PACKAGE SETTINGS_JSON REQUESTS_JSON
(or ``oracle.py --check 'pyramid, deform'``: exits 0 when those import).
``QT_PYEXTRAS`` names a folder of packages Debian does not ship (pyextras.sh makes it), put first
on sys.path; a ``zope`` folder there joins Debian's ``zope`` namespace package.
Copies the step to a temporary folder, builds its app as its tests do (``main({}, **settings)``;
for the script steps, the app ``app.py`` hands to ``waitress.serve``), sends the requests through
WebTest (one cookie jar, in order) and prints the answers as JSON.
"""
import json
import os
import runpy
import shutil
import sys
import tempfile
import traceback


def build_app(step_dir, package, settings):
    if package.endswith('.py'):
        # hello_world/package: the app is made under `if __name__ == '__main__'` and served.
        import waitress
        captured = {}

        def serve(app, **kw):
            captured['app'] = app

        waitress.serve = serve
        sys.argv = [package]
        runpy.run_path(os.path.join(step_dir, package), run_name='__main__')
        return captured['app']
    module = __import__(package)
    return module.main({}, **settings)


def answer(testapp, req):
    method = req.get('method', 'GET')
    try:
        if method == 'POST':
            res = testapp.post(req['url'], req.get('form', {}), expect_errors=True)
        else:
            res = testapp.get(req['url'], expect_errors=True)
    except Exception as exc:  # an app error WSGI servers answer with 500
        return {'status': 500, 'exception': '%s: %s' % (type(exc).__name__, exc)}
    headers = {}
    for name, value in res.headerlist:
        headers.setdefault(name.lower(), []).append(value)
    return {
        'status': res.status_int,
        'headers': headers,
        'body': res.body.decode('utf-8', 'replace'),
    }


def add_pyextras():
    extras = os.environ.get('QT_PYEXTRAS')
    if not extras or not os.path.isdir(extras):
        return
    sys.path.insert(0, extras)
    if os.path.isdir(os.path.join(extras, 'zope')):
        import zope
        zope.__path__.append(os.path.join(extras, 'zope'))


def main():
    add_pyextras()
    if sys.argv[1] == '--check':
        for name in sys.argv[2].split(','):
            __import__(name.strip())
        return
    step_src, package, settings, requests = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), json.load(open(sys.argv[4]))
    tmp = tempfile.mkdtemp(prefix='qt-oracle-')
    try:
        step_dir = os.path.join(tmp, 'step')
        shutil.copytree(step_src, step_dir)
        sys.path.insert(0, step_dir)
        os.chdir(step_dir)
        import io
        import contextlib
        # The steps print (hello_world, delete); keep stdout for the JSON.
        with contextlib.redirect_stdout(io.StringIO()):
            from webtest import TestApp
            testapp = TestApp(build_app(step_dir, package, settings))
            answers = [answer(testapp, req) for req in requests]
        json.dump(answers, sys.stdout)
    except Exception:
        traceback.print_exc()
        sys.exit(2)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    main()
