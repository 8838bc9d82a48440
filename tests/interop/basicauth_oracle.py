"""Pyramid 2.0's extract_http_basic_credentials over a table of Authorization headers, for
tests/interop/basicauth.test.ts.

    /usr/bin/python3 tests/interop/basicauth_oracle.py > tests/interop/fixtures/pyramid-basicauth.json
"""
import base64
import json
import sys

sys.dont_write_bytecode = True
from pyramid.authentication import extract_http_basic_credentials
from pyramid.request import Request


def b64(raw):
    return base64.b64encode(raw).decode('ascii')


HEADERS = [
    None, '', 'Basic', 'Basic ', 'Bearer abc', 'basic ' + b64(b'ann:pw'), 'BASIC ' + b64(b'ann:pw'),
    'Basic ' + b64(b'ann:pw'), 'Basic ' + b64(b'ann:'), 'Basic ' + b64(b':pw'), 'Basic ' + b64(b'ann'),
    'Basic ' + b64(b'ann:p:w:x'), 'Basic ' + b64('\u00e9l\u00e8ve:s\u00e9kr\u00e8t \u2603'.encode('utf-8')),
    'Basic ' + b64('\u00e9l\u00e8ve:s\u00e9kr\u00e8t'.encode('latin-1')), 'Basic ' + b64(b'ann:pw')[:-1],
    'Basic ' + b64(b'ann:pw') + '====', 'Basic  ' + b64(b'ann:pw') + '  ', 'Basic !!' + b64(b'ann:pw'),
    'Basic YW5uOnB3', 'Basic YW5uOnB', 'Basic Y', 'Basic YW=5uOnB3', 'Basic ' + b64(b'\xff\xfe:\x00'),
    'Digest username="ann"', 'Basic\t' + b64(b'ann:pw'),
]

cases = []
for header in HEADERS:
    environ = {} if header is None else {'HTTP_AUTHORIZATION': header}
    found = extract_http_basic_credentials(Request.blank('/', environ=environ))
    cases.append({'header': header, 'credentials': None if found is None else {'username': found.username, 'password': found.password}})
json.dump({'made_by': 'tests/interop/basicauth_oracle.py', 'cases': cases}, sys.stdout, indent=1, ensure_ascii=False)
sys.stdout.write('\n')
