"""Write tests/interop/fixtures/pyramid-sessions.json with the real Pyramid 2.0.

    /usr/bin/python3 tests/interop/make_fixtures.py            # rewrite the fixture file
    /usr/bin/python3 tests/interop/make_fixtures.py --stdout   # print it (the jest test compares)

Each scenario is a short browsing session against Pyramid's SignedCookieSessionFactory: a
list of requests (steps), each with the clock, the Cookie header sent, the session operations a
view runs, and what Pyramid did: the session as loaded, each result, the Set-Cookie header.
A step's cookie is, unless given, the one the previous response set (or the one sent before,
as a browser keeps it). tests/interop/pyramid-fixtures.test.ts replays every step with our
factory and compares.

`deviation` marks the few cases where we differ on purpose; the jest test says how.
"""
import base64
import json
import os
import sys
from importlib import metadata

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from pyramid_harness import make_factory, run_step, sign_payload

T0 = 1700000000.25
TUTORIAL = {'secret': 'itsaseekreet'}
STATE = '[1700000000, 1700000000.25, %s]'


def scenario(id, description, steps, factory=TUTORIAL, deviation=None):
    item = {'id': id, 'description': description, 'factory': factory, 'steps': steps}
    if deviation:
        item['deviation'] = deviation
    return item


def step(now, ops=(), cookie='jar'):
    """cookie: 'jar' (what the browser holds), None (no Cookie header), or a whole header."""
    return {'now': now, 'cookie': cookie, 'ops': [list(op) for op in ops]}


def signed(payload, factory=TUTORIAL, name='session'):
    text = payload.encode('utf-8') if isinstance(payload, str) else payload
    return '%s=%s' % (name, sign_payload(factory, text))


def set_ops(state):
    return [('setitem', k, v) for k, v in state.items()]


def data_scenarios():
    nested = {'cart': [{'sku': 'A-1', 'qty': 2, 'tags': ['x', 'y']}, {'sku': 'B', 'qty': 1, 'tags': []}],
              'profile': {'name': 'Ada', 'langs': {'py': True, 'ts': None}, 'score': -3.5}}
    unicode = {'fr': 'sékrèt déjà vu', 'snow': '\u2603', 'emoji': '\U0001F600 ok', 'cjk': '\u6f22\u5b57',
               'rtl': '\u05e9\u05dc\u05d5\u05dd', 'nul-and-friends': 'a\u0000b\u001fc\u007fd\u0080e\u2028f',
               'caf\u00e9': 'key with an accent'}
    special = {'quotes': 'say "hi" \\ bye', 'script': '</script><b>&amp;</b>', 'ws': 'tab\tnl\ncr\r',
               'escapes': '\b\f', '': 'empty key', '_f_': ['looks like a flash queue']}
    numbers = {'int': 42, 'neg': -7, 'zero': 0, 'float': 0.1 + 0.2, 'half': 0.5, 'big': 1e21, 'small': 1e-07,
               'tiny': 5e-324, 'edge-e16': 1.5e16, 'safe': 9007199254740991, 'bool': True, 'none': None,
               'empty-list': [], 'empty-dict': {}}
    return [
        scenario('data-nested', 'Nested lists and dicts come back as they were stored.',
                 [step(T0, set_ops(nested), None), step(T0 + 1, [('get', 'cart')])]),
        scenario('data-unicode', 'Non-ASCII text is written as \\uXXXX escapes (astral chars as surrogate pairs).',
                 [step(T0, set_ops(unicode), None), step(T0 + 1, [('items',)])]),
        scenario('data-special-chars', 'Quotes, backslashes, control characters and an empty key.',
                 [step(T0, set_ops(special), None), step(T0 + 1, [('keys',)])]),
        scenario('data-numbers', 'Ints, floats in repr() form, booleans, null and empty containers.',
                 [step(T0, set_ops(numbers), None), step(T0 + 1, [('values',)])]),
        scenario('data-dict-methods', 'Every dict method: which count as reads and which as writes.',
                 [step(T0, [('update', {'a': 1, 'b': 2, 'c': 3}), ('setdefault', 'd', 4), ('setdefault', 'a', 9)], None),
                  step(T0 + 2, [('len',), ('iter',), ('contains', 'a'), ('get', 'zz', 'dflt')]),
                  step(T0 + 2, [('pop', 'b'), ('pop', 'nope', 'dflt'), ('popitem',), ('delitem', 'a')]),
                  step(T0 + 3, [('clear',)]),
                  step(T0 + 4, [('get', 'a')])]),
    ]


def tutorial_scenarios():
    return [
        scenario('tutorial-counter', "The Quick Tutorial's counter across requests, as / and /howdy run it.",
                 [step(T0, [('tutorial_counter',)], None), step(T0 + 1, [('tutorial_counter',)]),
                  step(T0 + 1.5, [('tutorial_counter',)]), step(T0 + 60, [('tutorial_counter',)])]),
        scenario('tutorial-404', 'A request that never touches the session writes no cookie.',
                 [step(T0, [('tutorial_counter',)], None), step(T0 + 5, [])]),
    ]


def flash_scenarios():
    return [
        scenario('flash-queues', 'Flash messages in several queues, stored under _f_ + queue.',
                 [step(T0, [('flash', 'saved'), ('flash', 'saved'), ('flash', 'once', 'info', False),
                            ('flash', 'once', 'info', False), ('flash', {'level': 'warn', 'n': 2}, 'error'),
                            ('flash', 'caf\u00e9', '\u00fcn\u00ef')], None),
                  step(T0 + 2, [('peek_flash',), ('peek_flash', 'info'), ('peek_flash', 'missing')]),
                  step(T0 + 2, [('pop_flash',), ('pop_flash', 'error')]),
                  step(T0 + 3, [('pop_flash', 'missing')]),
                  step(T0 + 3, [('keys',)])]),
    ]


def csrf_scenarios():
    return [
        scenario('csrf-new', 'new_csrf_token() stores 40 hex characters under _csrft_ (os.urandom is patched).',
                 [step(T0, [('new_csrf_token',)], None), step(T0 + 1, [('get_csrf_token',)])]),
        scenario('csrf-get-creates', 'get_csrf_token() makes a token when there is none: a write.',
                 [step(T0, [('get_csrf_token',)], None), step(T0, [('get_csrf_token',)])]),
    ]


def secret_scenarios():
    def one(id, description, factory):
        return scenario(id, description, [step(T0, [('setitem', 'user', 'ada'), ('flash', 'hi')], None),
                                          step(T0 + 1, [('get', 'user')])], factory=factory)

    return [
        one('secret-latin1', 'A latin-1 secret is signed as latin-1 bytes (0xE9 for é).', {'secret': 's\u00e9kr\u00e8t'}),
        one('secret-utf8', 'A secret beyond latin-1 makes salt and secret UTF-8.', {'secret': 's\u00e9kr\u00e8t\u2603'}),
        one('secret-empty', 'An empty secret: the key is the salt alone.', {'secret': ''}),
        one('secret-long', 'A 200-byte secret, longer than SHA-512 block: HMAC hashes it first.', {'secret': 'k' * 200}),
        one('salt-custom', 'Another salt.', {'secret': 'itsaseekreet', 'options': {'salt': 'my.app.sessions.'}}),
        one('salt-empty', 'An empty salt.', {'secret': 'itsaseekreet', 'options': {'salt': ''}}),
        one('salt-utf8', 'A salt beyond latin-1.', {'secret': 'itsaseekreet', 'options': {'salt': 'sel\u2603'}}),
        one('cookie-name', 'Another cookie name.', {'secret': 'itsaseekreet', 'options': {'cookieName': 'sid'}}),
    ] + [
        one('hashalg-' + alg, 'Signed with HMAC-%s.' % alg, {'secret': 'itsaseekreet', 'options': {'hashalg': alg}})
        for alg in ('md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha3_256', 'sha3_512',
                    'blake2b', 'blake2s', 'sha512_256')
    ]


def timing_scenarios():
    f120 = {'secret': 'itsaseekreet', 'options': {'reissueTime': 120}}
    fnone = {'secret': 'itsaseekreet', 'options': {'reissueTime': None}}
    never = {'secret': 'itsaseekreet', 'options': {'timeout': None}}
    short = {'secret': 'itsaseekreet', 'options': {'timeout': 60}}
    start = [('setitem', 'n', 1)]
    return [
        scenario('timeout-edge', 'now - accessed == timeout is still valid; the stored accessed is an int.',
                 [step(T0, start, None), step(1700000000 + 1200, [('get', 'n')])]),
        scenario('timeout-expired', 'One quarter second later the state is dropped; new stays False.',
                 [step(T0, start, None), step(1700000000 + 1200.25, [('get', 'n')]),
                  step(1700000000 + 1201, [('get', 'n')])]),
        scenario('timeout-expired-untouched', 'An expired session that is not touched writes nothing.',
                 [step(T0, start, None), step(T0 + 5000, [])]),
        scenario('timeout-short', 'timeout=60.',
                 [step(T0, start, None), step(T0 + 59, [('get', 'n')]), step(T0 + 59 + 61, [('get', 'n')])], factory=short),
        scenario('timeout-none', 'timeout=None never expires.',
                 [step(T0, start, None), step(T0 + 10 ** 8, [('get', 'n')])], factory=never),
        scenario('reissue-same-second', 'With reissue_time=0 a read in the same second does not re-send.',
                 [step(T0, start, None), step(T0 + 0.5, [('get', 'n')]), step(T0 + 0.7, [('get', 'n')])]),
        scenario('reissue-next-second', 'A read one second later re-sends the cookie.',
                 [step(T0, start, None), step(T0 + 1, [('get', 'n')])]),
        scenario('reissue-new-session-read', 'Reads never write a brand-new session.',
                 [step(T0, [('get', 'n'), ('contains', 'n'), ('len',)], None)]),
        scenario('reissue-120', 'reissue_time=120: no re-send at +120.9, a re-send at +121; writes ignore it.',
                 [step(T0, start, None), step(1700000000 + 120.9, [('get', 'n')]),
                  step(1700000000 + 121, [('get', 'n')]), step(1700000000 + 130, [('setitem', 'n', 2)])], factory=f120),
        scenario('reissue-none', 'reissue_time=None: reads never re-send; writes do.',
                 [step(T0, start, None), step(T0 + 500, [('get', 'n')]), step(T0 + 501, [('setitem', 'n', 3)])], factory=fnone),
        scenario('changed-only', 'changed() without any access writes accessed as the float read from the cookie.',
                 [step(T0, [('changed',)], None), step(T0 + 3, [('changed',)])]),
        scenario('invalidate', 'invalidate() clears and re-sends; created is kept; no cookie deletion.',
                 [step(T0, start, None), step(T0 + 10, [('invalidate',)]), step(T0 + 20, [('keys',)])]),
        scenario('invalidate-new', 'invalidate() on a new session writes an empty one.',
                 [step(T0, [('invalidate',)], None)]),
        scenario('created-integral', 'A created time that is a whole number is still written as a float.',
                 [step(1700000000.0, start, None), step(1700000005.0, [('setitem', 'n', 2)])]),
        scenario('future-times', 'A created and accessed in the future are accepted (clocks differ).',
                 [step(T0, [('get', 'n')], signed(STATE.replace('1700000000', '1800000000', 1) % '{"n": 1}'))]),
    ]


def attribute_scenarios():
    def one(id, options, description):
        return scenario('attrs-' + id, description, [step(T0, [('setitem', 'n', 1)], None)],
                        factory={'secret': 'itsaseekreet', 'options': options})

    return [
        one('default', {}, 'Pyramid defaults: Path=/ and SameSite=Lax only.'),
        one('max-age', {'maxAge': 60}, 'max_age adds Max-Age and expires (now + max_age).'),
        one('max-age-string', {'maxAge': '3600'}, 'max_age is int()-ed when the factory is made.'),
        one('max-age-0', {'maxAge': 0}, 'max_age=0: Max-Age=0 and expires=now.'),
        one('path', {'path': '/app'}, 'Another path.'),
        one('domain', {'domain': '.example.org'}, 'A domain, leading dot kept.'),
        one('secure', {'secure': True}, 'secure.'),
        one('httponly', {'httponly': True}, 'HttpOnly.'),
        one('samesite-strict', {'samesite': 'Strict'}, 'SameSite=Strict.'),
        one('samesite-lowercase', {'samesite': 'strict'}, 'SameSite keeps the case given in Pyramid.'),
        one('samesite-none-secure', {'samesite': 'None', 'secure': True}, 'SameSite=None with secure.'),
        one('samesite-off', {'samesite': None}, 'samesite=None leaves the attribute out.'),
        one('all', {'cookieName': 'sid', 'maxAge': 86400, 'path': '/app', 'domain': '.example.org',
                    'secure': True, 'httponly': True, 'samesite': 'Strict'}, 'Every attribute at once.'),
        scenario('attrs-samesite-none-insecure', "samesite='None' without secure: Pyramid fails the request.",
                 [step(T0, [('setitem', 'n', 1)], None)], factory={'secret': 'itsaseekreet', 'options': {'samesite': 'None'}},
                 deviation='rejected-at-factory'),
    ]


def exception_scenarios():
    off = {'secret': 'itsaseekreet', 'options': {'setOnException': False}}
    return [
        scenario('exception-set-on-exception-false', 'set_on_exception=False: no cookie when an exception view answered.',
                 [step(T0, [('setitem', 'n', 1), ('raise_httpfound',)], None)], factory=off),
        scenario('exception-set-on-exception-false-ok', 'set_on_exception=False: a normal response still writes.',
                 [step(T0, [('setitem', 'n', 1)], None)], factory=off),
        scenario('exception-set-on-exception-true', 'The default writes even when an exception view answered.',
                 [step(T0, [('setitem', 'n', 1), ('raise_httpfound',)], None)]),
    ]


def size_scenarios():
    # With sha512 the largest payload is 2984 JSON bytes: 64 + 2984 = 3048 bytes = 4064 base64 chars.
    fits = 2984 - len('[1700000000, 1700000000.25, {"x": ""}]')
    return [
        scenario('size-limit-fits', 'A cookie value of exactly 4064 characters is written.',
                 [step(T0, [('setitem', 'x', 'a' * fits)], None)]),
        scenario('size-limit-over', 'One more byte: 4066 characters; Pyramid raises ValueError naming the size.',
                 [step(T0, [('setitem', 'x', 'a' * (fits + 1))], None)]),
    ]


def odd_payload_scenarios():
    """Validly signed payloads that JSON.dumps would never write: only someone with the secret makes these."""
    def one(id, payload, description, deviation=None):
        return scenario('signed-' + id, description, [step(T0 + 1, [('keys',)], signed(payload))], deviation=deviation)

    return [
        one('compact-utf8', '[1700000000,1700000000.25,{"name":"Jos\u00e9"}]', 'Compact JSON with raw UTF-8 (JSON.stringify style) is accepted.'),
        one('string-timestamps', '["1700000000", "1700000000.25", {"n": 1}]', 'float() accepts numeric strings.'),
        one('nan-timestamps', '[NaN, NaN, {"n": 1}]', 'NaN timestamps never expire (NaN > timeout is False).'),
        one('infinity', '[1700000000, 1700000000.25, {"inf": Infinity, "ninf": -Infinity, "nan": NaN}]',
            'Python reads and writes bare NaN and Infinity.'),
        one('big-ints', '[1700000000, 1700000000.25, {"id": 9007199254740993, "huge": 123456789012345678901234567890}]',
            'Integers beyond 2**53 keep every digit (BigInt on our side).'),
        one('int-keys', '[1700000000, 1700000000.25, {"b": 1, "10": 2, "2": 3, "a": 4}]',
            'Keys that look like integers.', deviation='int-key-order'),
        one('integral-float', '[1700000000, 1700000000.25, {"price": 2.0, "ratio": 1e+16}]',
            'Floats with integral values.', deviation='integral-floats'),
        one('duplicate-keys', '[1700000000, 1700000000.25, {"a": 1, "a": 2}]', 'Duplicate keys: the last wins.'),
        one('state-list-of-pairs', '[1700000000, 1700000000.25, [["a", "b"], ["c", 1]]]', 'dict() of a list of pairs.'),
        one('not-json', 'not json at all', 'A signed payload that is not JSON gives a new session.'),
        one('bad-utf8', b'[1700000000, 1700000000.25, {"x": "\xff"}]', 'Invalid UTF-8 gives a new session.'),
        one('bom', b'\xef\xbb\xbf[1700000000, 1700000000.25, {}]', 'A UTF-8 BOM is not JSON: a new session.'),
        one('two-elements', '[1700000000, {"n": 1}]', 'A list of two gives a new session.'),
        one('four-elements', '[1700000000, 1700000000.25, {"n": 1}, 4]', 'A list of four gives a new session.'),
        one('object', '{"accessed": 1700000000, "created": 1700000000.25, "state": {}}', 'An object gives a new session.'),
        one('null', 'null', 'null gives a new session.'),
        one('bad-accessed', '[null, 1700000000.25, {"n": 1}]', 'A non-numeric accessed gives a new session.'),
        one('bad-created', '[1600000000, "x", {"n": 1}]',
            'A non-numeric created: new session, but renewed/accessed keep the cookie value (Pyramid converts in order).'),
        one('state-string', '[1700000000, 1700000000.25, "x"]', 'A state that is a string: Pyramid raises.',
            deviation='fresh-where-pyramid-raises'),
        one('state-null', '[1700000000, 1700000000.25, null]', 'A state that is null: Pyramid raises.',
            deviation='fresh-where-pyramid-raises'),
        one('state-number', '[1700000000, 1700000000.25, 5]', 'A state that is a number: Pyramid raises.',
            deviation='fresh-where-pyramid-raises'),
    ]


def bad_cookie_scenarios():
    """Cookies an attacker or a broken client can send: all give a new, empty session."""
    good = signed(STATE % '{"user": "ada"}').split('=', 1)[1]
    other_secret = signed(STATE % '{"user": "ada"}', {'secret': 'another secret'}).split('=', 1)[1]
    other_alg = signed(STATE % '{"user": "ada"}', {'secret': 'itsaseekreet', 'options': {'hashalg': 'sha256'}}).split('=', 1)[1]
    raw = base64.urlsafe_b64decode(good + '=' * (-len(good) % 4))
    flipped_payload = base64.urlsafe_b64encode(raw[:-3] + bytes([raw[-3] ^ 1]) + raw[-2:]).decode().rstrip('=')
    flipped_sig = base64.urlsafe_b64encode(bytes([raw[0] ^ 0x80]) + raw[1:]).decode().rstrip('=')
    cases = {
        'valid-padded': good + '=' * (-len(good) % 4),
        'valid-quoted': '"%s"' % good,
        'valid-std-alphabet': good.replace('-', '+').replace('_', '/'),
        'tampered-signature': flipped_sig,
        'tampered-payload': flipped_payload,
        'truncated': good[:-10],
        'truncated-short': good[:40],
        'appended': good + 'AAAA',
        'wrong-secret': other_secret,
        'wrong-hashalg': other_alg,
        'garbage': 'garbage!!',
        'bad-length': 'A',
        'empty': '',
        'unicode': '\u00e9t\u00e9',
    }
    return [
        scenario('cookie-' + id, 'Cookie %s.' % id, [step(T0 + 1, [('get', 'user')], 'session=' + value)])
        for id, value in cases.items()
    ] + [
        scenario('cookie-two-session-cookies', 'Two session cookies: the last one wins (webob parses into a dict).',
                 [step(T0 + 1, [('get', 'user')], 'session=garbage; session=%s' % good)]),
        scenario('cookie-two-session-cookies-bad-last', 'Two session cookies, the last one bad: a new session.',
                 [step(T0 + 1, [('get', 'user')], 'session=%s; session=garbage' % good)]),
        scenario('cookie-among-others', 'The session cookie among others.',
                 [step(T0 + 1, [('get', 'user')], 'a=1; session=%s; b="x y"' % good)]),
    ]


def all_scenarios():
    return (tutorial_scenarios() + data_scenarios() + flash_scenarios() + csrf_scenarios() + secret_scenarios()
            + timing_scenarios() + attribute_scenarios() + exception_scenarios() + size_scenarios()
            + odd_payload_scenarios() + bad_cookie_scenarios())


def cookie_name(spec):
    return spec.get('options', {}).get('cookieName', 'session')


def run(scenario):
    factory = make_factory(scenario['factory'])
    jar = None
    for item in scenario['steps']:
        header = item['cookie']
        if header == 'jar':
            header = jar
        item['cookie_header'] = header
        del item['cookie']
        item.update(run_step(factory, header, item['now'], item['ops']))
        if item.get('cookie_value') is not None:
            jar = '%s=%s' % (cookie_name(scenario['factory']), item['cookie_value'])
        elif header is not None:
            jar = header
    return scenario


def csrf_cases():
    """pyramid.csrf's check_csrf_token and check_csrf_origin on requests of each kind."""
    token = '000102030405060708090a0b0c0d0e0f10111213'

    def case(id, check, url='https://example.com/form', headers=None, post=None, options=None, trusted_setting=None):
        return {'id': id, 'check': check, 'url': url, 'headers': headers or {}, 'post': post,
                'options': options or {}, 'trusted_setting': trusted_setting, 'session_token': token}

    def origin(id, headers, url='https://example.com/form', **kw):
        return case('origin-' + id, 'origin', url=url, headers=headers, **kw)

    def tok(id, **kw):
        return case('token-' + id, 'token', **kw)

    return [
        tok('header', headers={'X-CSRF-Token': token}),
        tok('form-field', post={'csrf_token': token}),
        tok('header-wins-over-field', headers={'X-CSRF-Token': 'wrong'}, post={'csrf_token': token}),
        tok('empty-header-falls-back-to-field', headers={'X-CSRF-Token': ''}, post={'csrf_token': token}),
        tok('wrong', post={'csrf_token': token[:-1] + '4'}),
        tok('prefix', post={'csrf_token': token[:20]}),
        tok('missing', post={'other': 'x'}),
        tok('query-string-only', url='https://example.com/form?csrf_token=' + token, post={'other': 'x'}),
        tok('custom-names', headers={'X-My-Token': token}, options={'token': 'tok', 'header': 'X-My-Token'}),
        tok('custom-field', post={'tok': token}, options={'token': 'tok', 'header': None}),
        tok('header-disabled', headers={'X-CSRF-Token': token}, options={'header': None}),
        tok('no-raise', post={'csrf_token': 'nope'}, options={'raises': False}),
        origin('plain-http-not-checked', {'Origin': 'https://evil.example'}, url='http://example.com/form'),
        origin('same', {'Origin': 'https://example.com'}),
        origin('other', {'Origin': 'https://evil.example'}),
        origin('other-no-raise', {'Origin': 'https://evil.example'}, options={'raises': False}),
        origin('missing', {}),
        origin('missing-allowed', {}, options={'allow_no_origin': True}),
        origin('empty-origin', {'Origin': ''}, options={'allow_no_origin': True}),
        origin('referer-same', {'Referer': 'https://example.com/page?x=1'}),
        origin('referer-insecure', {'Referer': 'http://example.com/page'}),
        origin('origin-insecure', {'Origin': 'http://example.com'}),
        origin('null', {'Origin': 'null'}),
        origin('null-trusted', {'Origin': 'null'}, options={'trusted_origins': ['null']}),
        origin('null-referer', {'Referer': 'null'}),
        origin('several-last-wins', {'Origin': 'https://evil.example https://example.com'}),
        origin('several-last-bad', {'Origin': 'https://example.com https://evil.example'}),
        origin('port-same', {'Origin': 'https://example.com:8443'}, url='https://example.com:8443/form'),
        origin('port-missing', {'Origin': 'https://example.com'}, url='https://example.com:8443/form'),
        origin('default-port-spelled-out', {'Origin': 'https://example.com:443'}),
        origin('case-differs', {'Origin': 'https://EXAMPLE.com'}),
        origin('trusted-subdomains', {'Origin': 'https://a.b.example.org'}, options={'trusted_origins': ['.example.org']}),
        origin('trusted-bare-domain', {'Origin': 'https://example.org'}, options={'trusted_origins': ['.example.org']}),
        origin('trusted-not-suffix', {'Origin': 'https://badexample.org'}, options={'trusted_origins': ['.example.org']}),
        origin('trusted-setting', {'Origin': 'https://c.example'}, trusted_setting='a.example\nb.example c.example'),
        origin('trusted-setting-ignored-when-given', {'Origin': 'https://c.example'}, trusted_setting='c.example',
               options={'trusted_origins': ['d.example']}),
        origin('not-a-url', {'Origin': 'example.com'}),
    ]


def run_csrf(case):
    from pyramid.config import Configurator
    from pyramid.csrf import check_csrf_origin, check_csrf_token
    from pyramid.request import Request
    from pyramid.session import SignedCookieSessionFactory

    settings = {} if case['trusted_setting'] is None else {'pyramid.csrf_trusted_origins': case['trusted_setting']}
    config = Configurator(settings=settings, session_factory=SignedCookieSessionFactory('itsaseekreet'))
    config.commit()
    kwargs = {'headers': case['headers']}
    if case['post'] is not None:
        kwargs['POST'] = case['post']
    request = Request.blank(case['url'], **kwargs)
    request.registry = config.registry
    request.session['_csrft_'] = case['session_token']
    try:
        if case['check'] == 'token':
            result = check_csrf_token(request, **case['options'])
        else:
            result = check_csrf_origin(request, **case['options'])
        case['result'] = result
    except Exception as exc:
        case['error'] = '%s: %s' % (type(exc).__name__, exc)
        case['status'] = getattr(exc, 'status', None)
    return case


def main():
    document = {
        'generator': 'tests/interop/make_fixtures.py',
        'versions': {'pyramid': metadata.version('pyramid'), 'webob': metadata.version('webob')},
        'scenarios': [run(s) for s in all_scenarios()],
        'csrf_checks': [run_csrf(c) for c in csrf_cases()],
    }
    # Insertion order, not sort_keys: the order of a state's keys is part of what is tested.
    text = json.dumps(document, indent=1, ensure_ascii=True) + '\n'
    if '--stdout' in sys.argv:
        sys.stdout.write(text)
    else:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures', 'pyramid-sessions.json')
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w') as f:
            f.write(text)
        print('wrote %s (%d scenarios)' % (path, len(document['scenarios'])))


if __name__ == '__main__':
    main()
