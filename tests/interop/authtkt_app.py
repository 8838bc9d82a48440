"""A Python Pyramid 2.0 app with the Quick Tutorial's security (AuthTkt + ACL), served by
waitress on 127.0.0.1 and a free port, for tests/interop/authtkt-http.test.ts.

    /usr/bin/python3 tests/interop/authtkt_app.py SECRET   # prints "PORT <n>", serves until stdin closes

GET /login?user=NAME  logs NAME in (remember), 200 "logged in NAME"
GET /logout           forget, 200 "logged out"
GET /whoami           200 "user NAME" or "user None"
GET /howdy            permission 'edit' (group:editors, i.e. editor): 200 "Hello View", else 403
"""
import os
import sys
import threading

sys.dont_write_bytecode = True
from pyramid.authentication import AuthTktCookieHelper
from pyramid.authorization import ACLHelper, Allow, Authenticated, Everyone
from pyramid.config import Configurator
from pyramid.response import Response
from pyramid.security import forget, remember
import waitress

USERS = {'editor', 'viewer'}
GROUPS = {'editor': ['group:editors']}


class Root:
    __acl__ = [(Allow, Everyone, 'view'), (Allow, 'group:editors', 'edit')]

    def __init__(self, request):
        pass


class SecurityPolicy:
    def __init__(self, secret):
        self.authtkt = AuthTktCookieHelper(secret=secret)
        self.acl = ACLHelper()

    def identity(self, request):
        identity = self.authtkt.identify(request)
        if identity is not None and identity['userid'] in USERS:
            return identity

    def authenticated_userid(self, request):
        identity = self.identity(request)
        if identity is not None:
            return identity['userid']

    def remember(self, request, userid, **kw):
        return self.authtkt.remember(request, userid, **kw)

    def forget(self, request, **kw):
        return self.authtkt.forget(request, **kw)

    def permits(self, request, context, permission):
        principals = [Everyone]
        userid = self.authenticated_userid(request)
        if userid is not None:
            principals += [Authenticated, 'u:' + userid] + GROUPS.get(userid, [])
        return self.acl.permits(context, principals, permission)


def login(request):
    user = request.params['user']
    return Response('logged in %s' % user, headers=remember(request, user), content_type='text/plain')


def logout(request):
    return Response('logged out', headers=forget(request), content_type='text/plain')


def whoami(request):
    return Response('user %s' % request.authenticated_userid, content_type='text/plain')


def howdy(request):
    return Response('Hello View', content_type='text/plain')


def make_app(secret):
    config = Configurator(root_factory=Root)
    config.set_security_policy(SecurityPolicy(secret))
    for name, view, permission in [('login', login, None), ('logout', logout, None), ('whoami', whoami, None), ('howdy', howdy, 'edit')]:
        config.add_route(name, '/' + name)
        config.add_view(view, route_name=name, permission=permission)
    return config.make_wsgi_app()


if __name__ == '__main__':
    server = waitress.create_server(make_app(sys.argv[1]), host='127.0.0.1', port=0, threads=2)
    print('PORT %s' % server.effective_port, flush=True)
    # Stop when the test closes our stdin (or dies): no orphan server.
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    server.run()
