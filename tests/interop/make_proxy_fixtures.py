"""Write tests/interop/fixtures/waitress-proxy-headers.json with the real waitress.

    /usr/bin/python3 tests/interop/make_proxy_fixtures.py

Each case is a request from a peer address with some headers, served by waitress's
proxy_headers_middleware with some settings (waitress's Adjustments check them first); the
fixture records what the app then sees (scheme, Host, server name and port, client address
and port, the proxy headers left) or the 400 waitress answers. tests/framework/proxyheaders.test.ts
runs the same cases through ours.
"""
import json
import logging
import os
import sys
import warnings

sys.dont_write_bytecode = True
if os.environ.get('PYTHONHASHSEED') != '0':
    # waitress lists the known headers from a set: a fixed hash seed keeps the file the same run to run
    os.execve(sys.executable, [sys.executable] + sys.argv, {**os.environ, 'PYTHONHASHSEED': '0'})
from waitress.adjustments import Adjustments
from waitress.proxy_headers import proxy_headers_middleware

warnings.simplefilter('ignore')
logging.disable(logging.CRITICAL)

PROXY = '10.0.0.1'
XFF_ALL = 'x-forwarded-for x-forwarded-host x-forwarded-proto x-forwarded-port'
CASES = [
    ('no proxy trusted: headers ignored', 'evil', {}, {'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'evil.example'}),
    ('url_scheme alone', 'client', {'url_scheme': 'https'}, {}),
    ('trusted proxy, no headers named: X-Forwarded-Proto only', PROXY, {'trusted_proxy': PROXY},
     {'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-For': '1.2.3.4'}),
    ('trusted proxy with all X-Forwarded-*', PROXY, {'trusted_proxy': PROXY, 'trusted_proxy_headers': XFF_ALL},
     {'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'www.example.com', 'X-Forwarded-For': '198.51.100.7', 'X-Forwarded-Port': '443'}),
    ('a non-default forwarded port joins the host', PROXY, {'trusted_proxy': PROXY, 'trusted_proxy_headers': XFF_ALL},
     {'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'www.example.com', 'X-Forwarded-Port': '8443'}),
    ('a port in X-Forwarded-Host wins', PROXY, {'trusted_proxy': PROXY, 'trusted_proxy_headers': XFF_ALL},
     {'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'www.example.com:9000', 'X-Forwarded-Port': '8443'}),
    ('http on port 443 keeps the port', PROXY, {'trusted_proxy': PROXY, 'trusted_proxy_headers': XFF_ALL},
     {'X-Forwarded-Proto': 'http', 'X-Forwarded-Host': 'www.example.com', 'X-Forwarded-Port': '443'}),
    ('the same headers from an untrusted peer', 'evil', {'trusted_proxy': PROXY, 'trusted_proxy_headers': XFF_ALL},
     {'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-For': '1.2.3.4'}),
    ('an untrusted peer, clear_untrusted_proxy_headers', 'evil',
     {'trusted_proxy': PROXY, 'trusted_proxy_headers': XFF_ALL, 'clear_untrusted_proxy_headers': 'true'},
     {'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-For': '1.2.3.4', 'Forwarded': 'for=1.2.3.4'}),
    ('the trusted proxy, clear_untrusted_proxy_headers drops what is not trusted', PROXY,
     {'trusted_proxy': PROXY, 'trusted_proxy_headers': 'x-forwarded-proto', 'clear_untrusted_proxy_headers': 'true'},
     {'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-For': '1.2.3.4'}),
    ('trusted_proxy = * trusts any peer', 'anyone', {'trusted_proxy': '*', 'trusted_proxy_headers': 'x-forwarded-proto'},
     {'X-Forwarded-Proto': 'https'}),
    ('X-Forwarded-For with two proxies, count 1: the nearest hop', PROXY,
     {'trusted_proxy': PROXY, 'trusted_proxy_headers': 'x-forwarded-for'}, {'X-Forwarded-For': '203.0.113.9, 198.51.100.7'}),
    ('X-Forwarded-For with two proxies, count 2: the client', PROXY,
     {'trusted_proxy': PROXY, 'trusted_proxy_count': '2', 'trusted_proxy_headers': 'x-forwarded-for'},
     {'X-Forwarded-For': '203.0.113.9, 198.51.100.7'}),
    ('X-Forwarded-For with an IPv6 client', PROXY, {'trusted_proxy': PROXY, 'trusted_proxy_headers': 'x-forwarded-for'},
     {'X-Forwarded-For': '2001:db8::1'}),
    ('X-Forwarded-For with a port', PROXY, {'trusted_proxy': PROXY, 'trusted_proxy_headers': 'x-forwarded-for'},
     {'X-Forwarded-For': '"[2001:db8::1]:4711"'}),
    ('Forwarded', PROXY, {'trusted_proxy': PROXY, 'trusted_proxy_headers': 'forwarded'},
     {'Forwarded': 'for="[2001:db8::1]:4711";host="Example.com:8443";proto=https'}),
    ('Forwarded over two proxies, count 2: the oldest entry wins', PROXY,
     {'trusted_proxy': PROXY, 'trusted_proxy_count': '2', 'trusted_proxy_headers': 'forwarded'},
     {'Forwarded': 'for=192.0.2.1;host=example.com;proto=https, for=10.1.1.1;host=internal:8080;proto=http'}),
    ('Forwarded over two proxies, count 1: the nearest', PROXY, {'trusted_proxy': PROXY, 'trusted_proxy_headers': 'forwarded'},
     {'Forwarded': 'for=192.0.2.1;host=example.com;proto=https, for=10.1.1.1;host=internal:8080;proto=http'}),
    ('trusting Forwarded leaves X-Forwarded-* untrusted', PROXY,
     {'trusted_proxy': PROXY, 'trusted_proxy_headers': 'forwarded', 'clear_untrusted_proxy_headers': 'yes'},
     {'Forwarded': 'proto=https', 'X-Forwarded-Host': 'evil.example'}),
    ('malformed: two protos', PROXY, {'trusted_proxy': PROXY, 'trusted_proxy_headers': 'x-forwarded-proto'},
     {'X-Forwarded-Proto': 'https, http'}),
    ('malformed: an unknown proto', PROXY, {'trusted_proxy': PROXY, 'trusted_proxy_headers': 'x-forwarded-proto'},
     {'X-Forwarded-Proto': 'gopher'}),
    ('malformed: bad quoting', PROXY, {'trusted_proxy': PROXY, 'trusted_proxy_headers': 'x-forwarded-host'},
     {'X-Forwarded-Host': '"example.com'}),
    ('malformed: a Forwarded pair without =', PROXY, {'trusted_proxy': PROXY, 'trusted_proxy_headers': 'forwarded'},
     {'Forwarded': 'for'}),
    ('malformed: Forwarded value with spaces', PROXY, {'trusted_proxy': PROXY, 'trusted_proxy_headers': 'forwarded'},
     {'Forwarded': 'for= 1.2.3.4'}),
]
SETTINGS_ERRORS = [
    ('trusted_proxy_count without trusted_proxy', {'trusted_proxy_count': '2'}),
    ('trusted_proxy_headers without trusted_proxy', {'trusted_proxy_headers': 'x-forwarded-for'}),
    ('an unknown header', {'trusted_proxy': PROXY, 'trusted_proxy_headers': 'x-forwarded-nope'}),
    ('Forwarded and X-Forwarded-* together', {'trusted_proxy': PROXY, 'trusted_proxy_headers': 'forwarded x-forwarded-for'}),
]
PROXY_ENVIRON = ['HTTP_X_FORWARDED_FOR', 'HTTP_X_FORWARDED_HOST', 'HTTP_X_FORWARDED_PROTO', 'HTTP_X_FORWARDED_PORT',
                 'HTTP_X_FORWARDED_BY', 'HTTP_FORWARDED']


def run(peer, settings, headers):
    adj = Adjustments(**settings)
    environ = {'REMOTE_ADDR': peer, 'REMOTE_PORT': '5555', 'SERVER_NAME': 'localhost', 'SERVER_PORT': '8080',
               'HTTP_HOST': 'localhost:8080', 'wsgi.url_scheme': adj.url_scheme}
    for name, value in headers.items():
        environ['HTTP_' + name.upper().replace('-', '_')] = value
    seen = {}

    def app(environ, start_response):
        seen.update(environ)
        start_response('200 OK', [])
        return [b'']

    status = []
    mw = proxy_headers_middleware(app, trusted_proxy=adj.trusted_proxy, trusted_proxy_count=adj.trusted_proxy_count,
                                  trusted_proxy_headers=adj.trusted_proxy_headers,
                                  clear_untrusted=adj.clear_untrusted_proxy_headers, log_untrusted=False)
    body = b''.join(mw(environ, lambda s, h, *a: status.append(s)))
    if not seen:
        return {'status': int(status[0].split()[0]), 'body': body.decode()}
    return {'status': 200, 'environ': {
        'urlScheme': seen['wsgi.url_scheme'], 'host': seen.get('HTTP_HOST'), 'serverName': seen['SERVER_NAME'],
        'serverPort': seen['SERVER_PORT'], 'remoteAddr': seen['REMOTE_ADDR'], 'remotePort': seen['REMOTE_PORT'],
        'proxyHeaders': sorted(k[5:].lower().replace('_', '-') for k in PROXY_ENVIRON if k in seen)}}


def main():
    out = {'waitress': __import__('importlib.metadata').metadata.version('waitress'), 'cases': [], 'settingsErrors': []}
    for name, peer, settings, headers in CASES:
        out['cases'].append({'name': name, 'peer': peer, 'settings': settings, 'headers': headers, 'expect': run(peer, settings, headers)})
    for name, settings in SETTINGS_ERRORS:
        try:
            Adjustments(**settings)
            message = None
        except ValueError as e:
            message = str(e)
        out['settingsErrors'].append({'name': name, 'settings': settings, 'waitressSays': message})
    path = os.path.join(os.path.dirname(__file__), 'fixtures', 'waitress-proxy-headers.json')
    with open(path, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')


main()
