"""Let the real Pyramid 2.0 read cookies that our factory wrote.

    echo '[{"factory": {...}, "now": 1700000001.5, "cookie_header": "session=...", "ops": [["items"]]}]' \
      | /usr/bin/python3 tests/interop/pyramid_oracle.py

For each request it prints what make_fixtures.py records (the session as Pyramid loaded it,
each result, the Set-Cookie it wrote), plus the signed payload inside the cookie that was sent
(`payload`, null when the signature does not verify for Pyramid) and that payload as Python's
json.dumps writes the same data (`python_form`): equal when our bytes are Python's bytes.
"""
import json
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from pyramid_harness import make_factory, run_step, signed_payload


def cookie_value(header, name):
    for part in header.split(';'):
        key, _, value = part.strip().partition('=')
        if key == name:
            return value
    return None


def answer(case):
    spec = case['factory']
    record = run_step(make_factory(spec), case['cookie_header'], case['now'], case.get('ops', []))
    name = spec.get('options', {}).get('cookieName', 'session')
    payload = signed_payload(spec, cookie_value(case['cookie_header'] or '', name) or '')
    record['payload'] = payload
    record['python_form'] = json.dumps(json.loads(payload)) if payload is not None else None
    return record


if __name__ == '__main__':
    json.dump([answer(case) for case in json.load(sys.stdin)], sys.stdout, indent=1)
