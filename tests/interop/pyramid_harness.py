"""Drive the real Pyramid 2.0 session machinery, deterministically.

Shared by make_fixtures.py (Pyramid writes, we read) and pyramid_oracle.py (we write,
Pyramid reads). Run with Debian's /usr/bin/python3 and python3-pyramid.

Determinism: time.time() and webob's utcnow() follow CLOCK, and os.urandom(n) gives
bytes(range(n)), so a CSRF token is always 000102...13.
"""
import datetime
import json
import math
import os
import time

import webob.cookies
from pyramid.httpexceptions import HTTPFound
from pyramid.request import Request
from pyramid.session import BaseCookieSessionFactory, SignedCookieSessionFactory
from webob import Response
from webob.cookies import SignedSerializer


class Clock:
    now = 1700000000.25


CLOCK = Clock()


class FrozenDateTime(datetime.datetime):
    @classmethod
    def utcnow(cls):
        return datetime.datetime.utcfromtimestamp(CLOCK.now)


time.time = lambda: CLOCK.now
os.urandom = lambda n: bytes(range(n))
webob.cookies.datetime = FrozenDateTime

# Our option names (camelCase) -> Pyramid's keyword arguments.
OPTION_NAMES = {
    'cookieName': 'cookie_name', 'maxAge': 'max_age', 'path': 'path', 'domain': 'domain',
    'secure': 'secure', 'httponly': 'httponly', 'samesite': 'samesite',
    'setOnException': 'set_on_exception', 'timeout': 'timeout', 'reissueTime': 'reissue_time',
    'hashalg': 'hashalg', 'salt': 'salt',
}


def make_factory(spec):
    """spec: {"secret": str, "options": {camelCase options}} as the JS side passes them."""
    kwargs = {OPTION_NAMES[k]: v for k, v in spec.get('options', {}).items()}
    return SignedCookieSessionFactory(spec['secret'], **kwargs)


class RawBytes:
    """A serializer that passes bytes through, to sign payloads that JSON would not write."""

    def dumps(self, appstruct):
        return appstruct

    def loads(self, bstruct):
        return bstruct


def signer(spec):
    options = spec.get('options', {})
    return SignedSerializer(
        spec['secret'], options.get('salt', 'pyramid.session.'), options.get('hashalg', 'sha512'),
        serializer=RawBytes(),
    )


def sign_payload(spec, payload):
    """A cookie value signed exactly as Pyramid signs, over arbitrary payload bytes."""
    return signer(spec).dumps(payload).decode('ascii')


def signed_payload(spec, cookie_value):
    """The payload text inside a cookie value, if it verifies (else None)."""
    try:
        return signer(spec).loads(cookie_value.encode('latin-1')).decode('utf-8')
    except ValueError:
        return None


def number(value):
    """A float for the fixture file: JSON has no NaN or Infinity, so those become strings."""
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    return value


def dumps(value):
    """Python's own json.dumps text: the exact form a state or result takes on the wire."""
    return json.dumps(value)


def describe(session):
    """The session as Pyramid built it, read without calling its accessors."""
    return {
        'new': session.new,
        'created': number(session.created),
        'accessed': number(session.accessed),
        'renewed': number(session.renewed),
        'state_json': dumps(dict(dict.items(session))),
    }


def apply(request, session, op):
    """Run one operation of a step on the session; returns its result (JSON-able)."""
    name, *args = op
    if name == 'tutorial_counter':
        # The Quick Tutorial's view code, verbatim in meaning.
        if 'counter' in session:
            session['counter'] += 1
        else:
            session['counter'] = 1
        return session['counter']
    if name == 'setitem':
        session[args[0]] = args[1]
        return None
    if name == 'getitem':
        return session[args[0]]
    if name == 'delitem':
        del session[args[0]]
        return None
    if name == 'contains':
        return args[0] in session
    if name == 'len':
        return len(session)
    if name == 'iter':
        return list(iter(session))
    if name in ('keys', 'values'):
        return list(getattr(session, name)())
    if name == 'items':
        return [list(item) for item in session.items()]
    if name == 'popitem':
        return list(session.popitem())
    if name in ('get', 'pop', 'setdefault', 'update', 'clear', 'changed', 'invalidate',
                'flash', 'pop_flash', 'peek_flash', 'new_csrf_token', 'get_csrf_token'):
        return getattr(session, name)(*args)
    if name == 'raise_httpfound':
        # What the router does when an exception view (here for a raised HTTPFound) made the response.
        request.exception = HTTPFound('/')
        return None
    raise ValueError('unknown op %r' % (name,))


def error_text(exc):
    return '%s: %s' % (type(exc).__name__, exc)


def run_step(factory, cookie_header, now, ops):
    """One request: parse the Cookie header as webob does, make the session, run the ops, write."""
    CLOCK.now = now
    headers = {'Cookie': cookie_header} if cookie_header is not None else {}
    request = Request.blank('/', headers=headers)
    out = {}
    try:
        session = factory(request)
    except Exception as exc:  # Pyramid raises on some validly signed but odd payloads.
        out['load_error'] = error_text(exc)
        return out
    out['session_on_load'] = describe(session)
    results = []
    try:
        for op in ops:
            results.append(dumps(apply(request, session, op)))
        response = Response()
        request._process_response_callbacks(response)
    except Exception as exc:
        out['results'] = results
        out['error'] = error_text(exc)
        return out
    out['results'] = results
    set_cookies = response.headers.getall('Set-Cookie')
    out['set_cookie'] = set_cookies[0] if set_cookies else None
    if set_cookies:
        value = set_cookies[0].split(';', 1)[0].split('=', 1)[1]
        out['cookie_value'] = value
        out['cookie_value_length'] = len(value)
    return out


__all__ = [
    'BaseCookieSessionFactory', 'CLOCK', 'dumps', 'make_factory', 'run_step', 'sign_payload',
    'signed_payload', 'number',
]
