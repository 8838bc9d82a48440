"""The real Pyramid 2.0's AuthTktCookieHelper as an oracle for framework/security/authtkt.ts.

    /usr/bin/python3 tests/interop/authtkt_oracle.py --fixtures   # rewrite fixtures/pyramid-authtkt.json
    /usr/bin/python3 tests/interop/authtkt_oracle.py --stdout     # print it (the jest test compares)
    echo '[{case}, ...]' | /usr/bin/python3 tests/interop/authtkt_oracle.py   # answer these cases

A case is one call on a helper made with `options` (AuthTktCookieHelper's keyword arguments,
plus `secret`), on a request to `host` from `remote_addr`, at the clock `now`:
  {"op": "remember", "userid": {"type": "str"|"int"|"bytes", "value": ...}, "tokens": [...], "max_age": null}
  {"op": "identify", "cookie": "<Cookie header>"}  -> the identity, and the reissued Set-Cookie headers
  {"op": "forget"}
The answer is the case plus `headers` (remember, forget), `identity` and `reissue` (identify),
or `error` when Pyramid raised.
"""
import base64
import datetime as datetime_mod
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import warnings

warnings.simplefilter('ignore')  # webob warns about the commas it quotes in tokens
import pyramid.authentication as authentication
import webob.cookies
from pyramid.request import Request
from pyramid.response import Response

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures', 'pyramid-authtkt.json')


class Clock:
    """Stands in for the time module and webob's datetime, so expiry dates are reproducible."""
    now = 0.0

    def time(self):
        return self.now


clock = Clock()
authentication.time_mod = clock


class FrozenDatetime(datetime_mod.datetime):
    @classmethod
    def utcnow(cls):
        return datetime_mod.datetime.utcfromtimestamp(clock.now)


webob.cookies.datetime = FrozenDatetime


def to_userid(spec):
    if spec['type'] == 'int':
        return int(spec['value'])
    if spec['type'] == 'bytes':
        return base64.b64decode(spec['value'])
    return spec['value']


def from_userid(value):
    if isinstance(value, bytes):
        return {'type': 'bytes', 'value': base64.b64encode(value).decode('ascii')}
    if isinstance(value, int):
        return {'type': 'int', 'value': value}
    return {'type': 'str', 'value': value}


def make_request(case):
    environ = {'HTTP_HOST': case.get('host', 'example.com'), 'REMOTE_ADDR': case.get('remote_addr', '10.0.0.1')}
    if case.get('cookie') is not None:
        # WSGI (PEP 3333) holds header bytes as latin-1 text, as Node's parser gives them.
        environ['HTTP_COOKIE'] = case['cookie'].encode('utf-8').decode('latin-1')
    return Request.blank('/', environ=environ)


def answer(case):
    case = dict(case)
    options = dict(case['options'])
    secret = options.pop('secret')
    clock.now = case['now']
    helper = authentication.AuthTktCookieHelper(secret, **options)
    helper.now = case['now']
    request = make_request(case)
    try:
        if case['op'] == 'remember':
            case['headers'] = [list(h) for h in helper.remember(request, to_userid(case['userid']), max_age=case.get('max_age'), tokens=case.get('tokens', ()))]
        elif case['op'] == 'forget':
            case['headers'] = [list(h) for h in helper.forget(request)]
        else:
            identity = helper.identify(request)
            response = Response()
            request._process_response_callbacks(response)
            case['reissue'] = [list(h) for h in response.headerlist if h[0] == 'Set-Cookie']
            if identity is not None:
                identity = dict(identity, userid=from_userid(identity['userid']))
            case['identity'] = identity
    except Exception as error:  # what Pyramid refuses, we must refuse too
        case['error'] = '%s: %s' % (type(error).__name__, error)
    return case


# --- the fixture table -------------------------------------------------------------------

T0 = 1700000000.75
BASE = {'secret': 'sekrit'}


def cookie_pair(headers):
    """The Cookie header a browser sends back for the first Set-Cookie."""
    return headers[0][1].split(';')[0]


def mint(options, userid, tokens=(), now=T0, host='example.com', remote_addr='10.0.0.1'):
    case = answer({'op': 'remember', 'options': options, 'now': now, 'host': host, 'remote_addr': remote_addr,
                   'userid': userid, 'tokens': list(tokens)})
    return cookie_pair(case['headers'])


S = lambda v: {'type': 'str', 'value': v}
I = lambda v: {'type': 'int', 'value': v}
B = lambda v: {'type': 'bytes', 'value': base64.b64encode(v).decode('ascii')}


def remember_cases():
    cases = []

    def add(id, options=None, userid=S('chris'), tokens=(), max_age=None, host='example.com', remote_addr='10.0.0.1'):
        cases.append({'id': 'remember-' + id, 'op': 'remember', 'options': dict(BASE, **(options or {})), 'now': T0,
                      'host': host, 'remote_addr': remote_addr, 'userid': userid, 'tokens': list(tokens), 'max_age': max_age})

    add('defaults')
    for alg in ('sha512', 'md5', 'sha256', 'sha1', 'sha384', 'sha224'):
        add('hashalg-' + alg, {'hashalg': alg})
    add('secret-unicode', {'secret': 's\u00e9kr\u00e8t \u2603'})
    add('secret-long', {'secret': 'x' * 200})
    for name, userid in [('ascii', S('chris')), ('unicode', S('\u00e9l\u00e8ve \u2603 \U0001F600')), ('b64-plus-slash', S('\u00fb\u00ff\u00fe?>')),
                         ('padding', S('ab')), ('empty', S('')), ('email', S('a.b+c@example.com')),
                         ('int', I(42)), ('int-zero', I(0)), ('int-negative', I(-7)), ('int-big', I(9007199254740991)),
                         ('bytes', B(b'raw\x00\xff bytes')), ('bytes-empty', B(b''))]:
        add('userid-' + name, userid=userid)
    for name, tokens in [('one', ['admin']), ('several', ['admin', 'editor', 'a+b_c-d']), ('mixed-case', ['Viewer2'])]:
        add('tokens-' + name, tokens=tokens)
        add('tokens-' + name + '-md5', {'hashalg': 'md5'}, tokens=tokens)
    for name, token in [('digit-first', '1abc'), ('comma', 'a,b'), ('space', 'a b'), ('non-ascii', '\u00e9t\u00e9'), ('empty', '')]:
        add('bad-token-' + name, tokens=[token])
    for addr in ('10.0.0.1', '192.168.255.254', '0.0.0.0', '::1', '2001:db8::7'):
        add('include-ip-' + addr.replace(':', '_'), {'include_ip': True}, remote_addr=addr)
        add('include-ip-md5-' + addr.replace(':', '_'), {'include_ip': True, 'hashalg': 'md5'}, remote_addr=addr)
    add('cookie-name', {'cookie_name': 'login'})
    add('secure', {'secure': True})
    add('http-only', {'http_only': True})
    add('path', {'path': '/app'})
    add('path-odd-chars', {'path': '/a b;c'})
    add('max-age', {'max_age': 3600})
    add('max-age-per-call', max_age=60)
    add('max-age-call-overrides', {'max_age': 3600}, max_age=120)
    add('max-age-zero', {'max_age': 0})
    add('timeout-and-reissue', {'timeout': 1200, 'reissue_time': 120})
    for name, options, host in [
        ('wild-domain', {}, 'www.example.com:8080'),
        ('no-wild-domain', {'wild_domain': False}, 'www.example.com'),
        ('parent-domain', {'parent_domain': True}, 'www.example.com'),
        ('parent-domain-two-levels', {'parent_domain': True}, 'a.b.example.com:6543'),
        ('parent-domain-of-apex', {'parent_domain': True}, 'example.com'),
        ('parent-domain-no-wild', {'parent_domain': True, 'wild_domain': False}, 'example.com'),
        ('domain', {'domain': 'example.org'}, 'www.example.com'),
        ('domain-beats-parent', {'domain': '.example.org', 'parent_domain': True}, 'www.example.com'),
        ('localhost', {}, 'localhost:6543'),
        ('ipv4-host', {}, '127.0.0.1:8080'),
        ('ipv6-host', {}, '[::1]:8080'),
    ]:
        add('domain-' + name, options, host=host)
    for samesite in ('Lax', 'Strict', 'lax', None):
        add('samesite-%s' % samesite, {'samesite': samesite})
    add('samesite-None-secure', {'samesite': 'None', 'secure': True})
    # Every combination of what changes the ticket's bytes, and of what changes the cookie's attributes.
    import itertools
    for alg, ip, toks, (uname, uid) in itertools.product(('sha512', 'md5'), (None, '10.1.2.3', '::1'), ((), ('a', 'b-c')),
                                                        (('str', S('ann\u00e9')), ('int', I(7)), ('bytes', B(b'\x01')))):
        options = {'hashalg': alg}
        if ip:
            options['include_ip'] = True
        add('combo-ticket-%s-%s-%d-%s' % (alg, ip or 'noip', len(toks), uname), options, userid=uid, tokens=toks, remote_addr=ip or '10.0.0.1')
    for secure, http_only, samesite, max_age, domain in itertools.product((False, True), (False, True), ('Lax', 'Strict', None), (None, 30),
                                                                         ('wild', 'nowild', 'parent', 'fixed')):
        options = {'secure': secure, 'http_only': http_only, 'samesite': samesite, 'max_age': max_age}
        options.update({'wild': {}, 'nowild': {'wild_domain': False}, 'parent': {'parent_domain': True}, 'fixed': {'domain': 'example.net'}}[domain])
        add('combo-attrs-%d%d-%s-%s-%s' % (secure, http_only, samesite, max_age, domain), options, host='www.example.com:8080')
    add('everything', {'cookie_name': 'tkt', 'secure': True, 'include_ip': True, 'timeout': 60, 'reissue_time': 6, 'max_age': 99,
                       'http_only': True, 'path': '/x', 'parent_domain': True, 'hashalg': 'md5', 'samesite': 'Strict'},
        userid=S('ad\u00e9'), tokens=['t1', 't2'], host='www.example.com', remote_addr='1.2.3.4')
    return cases


def identify_cases():
    cases = []

    def add(id, options, cookie, now=T0 + 10, host='example.com', remote_addr='10.0.0.1'):
        cases.append({'id': 'identify-' + id, 'op': 'identify', 'options': dict(BASE, **options), 'now': now,
                      'host': host, 'remote_addr': remote_addr, 'cookie': cookie})

    # Good tickets, every userid type and option that changes the bytes.
    for name, userid in [('str', S('chris')), ('unicode', S('\u00e9l\u00e8ve \U0001F600')), ('int', I(42)), ('bytes', B(b'\x00\xffraw'))]:
        add('good-' + name, {}, mint(BASE, userid))
    for alg in ('sha512', 'md5', 'sha256'):
        o = dict(BASE, hashalg=alg)
        add('good-' + alg, o, mint(o, S('chris'), ['admin', 'x']))
    o = dict(BASE, include_ip=True)
    add('good-include-ip', o, mint(o, S('chris')))
    add('good-include-ipv6', o, mint(o, S('chris'), remote_addr='2001:db8::7'), remote_addr='2001:db8::7')
    o = dict(BASE, cookie_name='login')
    add('good-cookie-name', o, mint(o, S('chris')))
    add('other-cookie-name', BASE, mint(o, S('chris')))
    add('no-cookie', BASE, None)
    add('other-cookies-around', BASE, 'a=1; ' + mint(BASE, I(5)) + '; b="x y"')

    # Timeout and reissue.
    o = dict(BASE, timeout=1200, reissue_time=120)
    old = mint(o, S('chris'), ['admin'])
    add('timeout-fresh', o, old, now=T0 + 60)
    add('timeout-edge', o, old, now=int(T0) + 1200)
    add('timeout-expired', o, old, now=int(T0) + 1201)
    add('reissue-due', o, old, now=T0 + 121)
    add('reissue-not-due', o, old, now=T0 + 119)
    add('reissue-zero', dict(BASE, reissue_time=0), mint(BASE, S('chris')), now=T0 + 1)
    add('reissue-zero-same-second', dict(BASE, reissue_time=0), mint(BASE, S('chris')), now=T0)
    add('reissue-max-age', dict(BASE, reissue_time=10, max_age=500, parent_domain=True), mint(BASE, I(3)), now=T0 + 11, host='www.example.com')
    add('reissue-keeps-tokens-and-bytes', dict(BASE, reissue_time=10), mint(BASE, B(b'\x01\x02'), ['a', 'b']), now=T0 + 11)
    add('timeout-zero-means-none', dict(BASE, timeout=0), old, now=T0 + 10 ** 6)

    # The bad-ticket table: all anonymous, none an error.
    good = mint(BASE, S('chris'), ['admin'])
    name, value = good.split('=', 1)
    raw = value.strip('"')
    flip = lambda s, i: s[:i] + ('0' if s[i] != '0' else '1') + s[i + 1:]
    add('bad-digest', BASE, '%s=%s' % (name, flip(raw, 5)))
    add('bad-userid', BASE, '%s=%s' % (name, raw[:136] + 'Z' + raw[137:]))
    add('bad-timestamp', BASE, '%s=%s' % (name, flip(raw, 130)))
    future_raw = raw[:128] + '%08x' % (int(T0) + 10 ** 6) + raw[136:]
    add('future-tampered', BASE, '%s=%s' % (name, future_raw))
    add('future-signed', BASE, mint(BASE, S('chris'), now=T0 + 10 ** 6))
    add('bad-tokens', BASE, '%s="%s"' % (name, raw.replace('admin', 'root')))
    add('bad-userdata', BASE, '%s=%s' % (name, raw.replace('b64unicode', 'int')))
    add('expired', dict(BASE, timeout=60), good, now=T0 + 3600)
    o = dict(BASE, include_ip=True)
    add('wrong-ip', o, mint(o, S('chris'), remote_addr='10.0.0.1'), remote_addr='10.0.0.2')
    add('wrong-ipv6', o, mint(o, S('chris'), remote_addr='::1'), remote_addr='::2')
    add('ip-ticket-without-include-ip', BASE, mint(o, S('chris')))
    add('md5-ticket-sha512-helper', BASE, mint(dict(BASE, hashalg='md5'), S('chris')))
    add('sha512-ticket-md5-helper', dict(BASE, hashalg='md5'), good)
    add('sha256-ticket-sha512-helper', BASE, mint(dict(BASE, hashalg='sha256'), S('chris')))
    add('other-secret', BASE, mint(dict(BASE, secret='other'), S('chris')))
    for n in (0, 10, 127, 128, 135, 136, 140):
        add('truncated-%d' % n, BASE, '%s=%s' % (name, raw[:n]))
    add('empty', BASE, name + '=')
    add('no-bang', BASE, '%s=%s' % (name, raw.replace('!', '')))
    add('not-hex-timestamp', BASE, '%s=%s' % (name, raw[:128] + 'zzzzzzzz' + raw[136:]))
    add('non-ascii', BASE, '%s=%s' % (name, raw[:140] + '\u00e9\u2603' + raw[140:]))
    add('non-ascii-head', BASE, '%s=%s' % (name, '\u00e9' * 130 + raw[130:]))
    add('10kb', BASE, '%s=%s' % (name, raw + 'A' * 10240))
    add('10kb-garbage', BASE, '%s=%s' % (name, 'x!' * 5120))
    add('quoted-garbage', BASE, '%s="\\"\\\\\\054!!"' % name)
    add('percent-garbage', BASE, '%s=%s' % (name, raw[:136] + '%ZZ%' + raw[136:]))
    return cases


def forget_cases():
    return [{'id': 'forget-' + id, 'op': 'forget', 'options': dict(BASE, **o), 'now': T0, 'host': host}
            for id, o, host in [('defaults', {}, 'example.com'), ('parent-domain', {'parent_domain': True}, 'www.example.com'),
                                ('everything', {'cookie_name': 'tkt', 'secure': True, 'http_only': True, 'path': '/x', 'max_age': 50,
                                                'domain': 'example.org', 'samesite': 'Strict'}, 'example.com'),
                                ('no-samesite', {'samesite': None, 'wild_domain': False}, 'example.com')]]


def fixtures():
    from importlib import metadata
    cases = [answer(c) for c in remember_cases() + identify_cases() + forget_cases()]
    return {'made_by': 'tests/interop/authtkt_oracle.py --fixtures', 'pyramid': metadata.version('pyramid'),
            'webob': metadata.version('webob'), 'cases': cases}


if __name__ == '__main__':
    if '--fixtures' in sys.argv:
        with open(FIXTURE, 'w') as f:
            json.dump(fixtures(), f, indent=1, ensure_ascii=False)
            f.write('\n')
    elif '--stdout' in sys.argv:
        json.dump(fixtures(), sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write('\n')
    else:
        json.dump([answer(case) for case in json.load(sys.stdin)], sys.stdout, indent=1)
