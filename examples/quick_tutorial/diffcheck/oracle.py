"""The real Pyramid's answers to one Quick Tutorial step's requests (the differential check's oracle).

Run with Debian's Python: /usr/bin/python3 oracle.py STEP_DIR PACKAGE SETTINGS_JSON REQUESTS_JSON [SETUP]
(or ``oracle.py --check 'pyramid, deform'``: exits 0 when those import).
``%(here)s`` in a setting is a fresh temporary folder (a database file goes there). SETUP names a
console-script module of the step's package (``initialize_db``: ``PACKAGE.initialize_db``), run
first as its reader runs it, ``main([name, ini])``, on an ini holding the same settings.
``QT_PYEXTRAS`` names a folder of packages Debian does not ship (pyextras.sh makes it), put first
on sys.path; a ``zope`` folder there joins Debian's ``zope`` namespace package.
Copies the step to a temporary folder, builds its app as its tests do (``main({}, **settings)``;
for the script steps, the app ``app.py`` hands to ``waitress.serve``), sends the requests through
WebTest (one cookie jar, in order) and prints the answers as JSON.
"""
import contextlib
import io
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


def write_ini(here, package, settings):
    """An ini of the settings whose app is PACKAGE:main, for a step's console script."""
    lines = ['[app:main]', 'paste.app_factory = %s:main' % package]
    lines += ['%s = %s' % (k, v.replace('\n', '\n    ')) for k, v in settings.items()]
    path = os.path.join(here, 'diffcheck-setup.ini')
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    return path


def set_up(here, package, settings, setup):
    """Runs the step's SETUP script (e.g. initialize_db) on an ini of the settings."""
    module = __import__('%s.%s' % (package, setup), fromlist=['main'])
    module.main([setup, write_ini(here, package, settings)])


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
    setup = sys.argv[5] if len(sys.argv) > 5 else None
    tmp = tempfile.mkdtemp(prefix='qt-oracle-')
    settings = {k: v.replace('%(here)s', tmp) for k, v in settings.items()}
    try:
        step_dir = os.path.join(tmp, 'step')
        shutil.copytree(step_src, step_dir)
        sys.path.insert(0, step_dir)
        os.chdir(step_dir)
        # The steps print (hello_world, delete); keep stdout for the JSON.
        with contextlib.redirect_stdout(io.StringIO()):
            from webtest import TestApp
            if setup:
                set_up(tmp, package, settings, setup)
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
