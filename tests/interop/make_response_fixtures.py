#!/usr/bin/python3
"""webob's Response and Request as a test oracle for framework/response.ts and request.ts (issue 15 point 15): the
Content-Type it sends (parameters other than charset kept), and where encoding or decoding a
body in its charset raises (a character the charset lacks, bytes that are not the charset).

    /usr/bin/python3 tests/interop/make_response_fixtures.py            # writes fixtures/webob-responses.json
    /usr/bin/python3 tests/interop/make_response_fixtures.py --stdout   # prints it instead

Each case makes Response(**init), applies ops in order (content_type = v, charset = v,
headers['Content-Type'] = v, text = v), then records the Content-Type header, content_type,
charset and the body's bytes, or the exception's type and message; `read_text` cases start from
bytes and record response.text. REQUESTS are read by webob's Request (text, json_body, GET):
the value, or the exception's type and message.
"""
import sys

from webob import Request, Response

from fixture_output import write_fixture

CASES = [
    {'init': {'content_type': 'text/plain; format=flowed'}},
    {'init': {'content_type': 'text/html; level=1'}},
    {'init': {'content_type': 'multipart/mixed; boundary=x'}},
    {'init': {'content_type': 'application/json; foo=bar'}},
    {'init': {'content_type': 'text/plain; format="a;b"'}},
    {'init': {'content_type': 'text/plain; charset=latin-1; format=flowed'}},
    {'init': {'content_type': 'application/vnd.api+json'}},
    {'init': {'content_type': 'application/xml'}},
    {'init': {'content_type': 'image/svg+xml'}},
    {'init': {'content_type': 'application/javascript'}},
    {'init': {'content_type': 'text/csv', 'charset': 'latin-1'}},
    {'init': {}, 'ops': [['header', 'text/plain; format=flowed; charset=latin-1']]},
    {'init': {}, 'ops': [['header', 'text/plain; format=flowed']]},
    {'init': {}, 'ops': [['content_type', 'text/plain; format=flowed']]},
    {'init': {}, 'ops': [['content_type', 'text/plain; format=flowed'], ['content_type', 'text/csv']]},
    {'init': {}, 'ops': [['content_type', 'text/plain; format=flowed'], ['charset', 'latin-1']]},
    {'init': {}, 'ops': [['content_type', 'text/plain; format=flowed'], ['charset', None]]},
    {'init': {}, 'ops': [['content_type', 'application/json']]},
    {'init': {}, 'ops': [['charset', 'latin-1'], ['content_type', 'text/plain']]},
    {'init': {'content_type': 'text/plain', 'charset': 'iso-8859-1'}, 'ops': [['text', 'caf\u00e9']]},
    {'init': {'content_type': 'text/plain', 'charset': 'iso-8859-1'}, 'ops': [['text', 'price: \u20ac5']]},
    {'init': {'content_type': 'text/plain', 'charset': 'latin-1'}, 'ops': [['text', '\U0001f600 then \u20ac']]},
    {'init': {'content_type': 'text/plain', 'charset': 'us-ascii'}, 'ops': [['text', 'plain']]},
    {'init': {'content_type': 'text/plain', 'charset': 'us-ascii'}, 'ops': [['text', 'caf\u00e9']]},
    {'init': {'content_type': 'text/plain', 'charset': 'ascii'}, 'ops': [['text', 'a\U0001f600b\u00e9']]},
    {'init': {'content_type': 'text/plain', 'charset': 'UTF-8'}, 'ops': [['text', 'ok \u20ac \U0001f600']]},
    {'init': {'content_type': 'text/plain', 'charset': 'UTF-8'}, 'ops': [['text', 'bad \ud800 here']]},
    {'init': {'content_type': 'text/plain', 'charset': 'utf-8'}, 'ops': [['text', '\U0001f600\udc00']]},
    {'read_text': True, 'init': {'content_type': 'text/plain', 'charset': 'UTF-8', 'body_hex': '636166c3a9'}},
    {'read_text': True, 'init': {'content_type': 'text/plain', 'charset': 'UTF-8', 'body_hex': '636166e9'}},
    {'read_text': True, 'init': {'content_type': 'text/plain', 'charset': 'UTF-8', 'body_hex': 'ff'}},
    {'read_text': True, 'init': {'content_type': 'text/plain', 'charset': 'latin-1', 'body_hex': '636166e9'}},
    {'read_text': True, 'init': {'content_type': 'text/plain', 'charset': 'us-ascii', 'body_hex': '636166e9'}},
]


def run(case):
    init = dict(case['init'])
    body_hex = init.pop('body_hex', None)
    out = dict(case)
    try:
        response = Response(**init)
        if body_hex is not None:
            response.body = bytes.fromhex(body_hex)
        for op, value in case.get('ops', []):
            if op == 'content_type':
                response.content_type = value
            elif op == 'charset':
                response.charset = value
            elif op == 'header':
                response.headers['Content-Type'] = value
            elif op == 'text':
                response.text = value
        if case.get('read_text'):
            out['text'] = response.text
        out['header'] = response.headers.get('Content-Type')
        out['content_type'] = response.content_type
        out['charset'] = response.charset
        out['body_hex'] = response.body.hex()
    except Exception as error:
        out['error'] = '%s: %s' % (type(error).__name__, error)
    return out


REQUESTS = [
    {'url': '/', 'content_type': 'text/plain', 'body_hex': '636166c3a9', 'read': 'text'},
    {'url': '/', 'content_type': 'text/plain', 'body_hex': '613d636166e92662', 'read': 'text'},
    {'url': '/', 'content_type': 'text/plain; charset=latin-1', 'body_hex': '636166e9', 'read': 'text'},
    {'url': '/', 'content_type': 'application/json', 'body_hex': '7b2261223a2022e9227d', 'read': 'json_body'},
    {'url': '/', 'content_type': 'application/json', 'body_hex': '7b2261223a2022c3a9227d', 'read': 'json_body'},
    {'url': '/?a=%FF&b=caf%C3%A9', 'read': 'GET'},
    {'url': '/?name=caf%C3%A9&x=%E2%82', 'read': 'GET'},
    {'url': '/?%C3%28=1', 'read': 'GET'},
    {'url': '/?a=1+2&b=%zz', 'read': 'GET'},
]


def read_request(case):
    out = dict(case)
    request = Request.blank(case['url'])
    if 'body_hex' in case:
        request.method = 'POST'
        request.content_type = case['content_type']
        request.body = bytes.fromhex(case['body_hex'])
    try:
        value = getattr(request, case['read'])
        out['value'] = list(value.items()) if case['read'] == 'GET' else value
    except Exception as error:
        out['error'] = '%s: %s' % (type(error).__name__, error)
    return out


def main():
    write_fixture('webob-responses.json', {'responses': [run(case) for case in CASES], 'requests': [read_request(case) for case in REQUESTS]})

if __name__ == '__main__':
    main()
