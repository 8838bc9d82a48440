"""The Quick Tutorial's sessions step for the real Python pserve (start-time comparison only).

Same as the tutorial's tutorial/__init__.py and views.py, with one substitution: Debian does
not package pyramid_chameleon, so home.pt is rendered by a tiny '.pt' renderer that reads the
file once and substitutes ${name} and ${view.counter} (escaped) instead of Chameleon.
"""
import html
import os
import re

from pyramid.config import Configurator
from pyramid.session import SignedCookieSessionFactory
from pyramid.view import view_config, view_defaults

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE = os.path.join(HERE, '..', '..', 'tutorial', 'home.pt')


class PtRenderer:
    """A stand-in for pyramid_chameleon: `${expr}` with expr `name` or `view.attr`."""

    def __init__(self, info):
        with open(TEMPLATE, encoding='utf-8') as f:
            self.source = f.read()

    def __call__(self, value, system):
        scope = dict(system, **value)

        def sub(m):
            obj, *attrs = m.group(1).strip().split('.')
            v = scope[obj]
            for a in attrs:
                v = getattr(v, a)
            return html.escape(str(v), quote=False)
        return re.sub(r'\$\{([^}]*)\}', sub, self.source)


@view_defaults(renderer='home.pt')
class TutorialViews:
    def __init__(self, request):
        self.request = request

    @property
    def counter(self):
        session = self.request.session
        if 'counter' in session:
            session['counter'] += 1
        else:
            session['counter'] = 1
        return session['counter']

    @view_config(route_name='home')
    def home(self):
        return {'name': 'Home View'}

    @view_config(route_name='hello')
    def hello(self):
        return {'name': 'Hello View'}


def main(global_config, **settings):
    my_session_factory = SignedCookieSessionFactory('itsaseekreet')
    config = Configurator(settings=settings, session_factory=my_session_factory)
    config.add_renderer('.pt', PtRenderer)
    config.add_route('home', '/')
    config.add_route('hello', '/howdy')
    config.scan()
    return config.make_wsgi_app()
