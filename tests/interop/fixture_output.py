"""Where an oracle script's answers go: fixtures/NAME, or stdout with --stdout (the tests compare
that with the committed file, to show it is still what the real Pyramid says)."""
import json
import os
import sys


def write_fixture(name, data, ensure_ascii=True):
    text = json.dumps(data, indent=1, ensure_ascii=ensure_ascii, sort_keys=True) + '\n'
    if '--stdout' in sys.argv:
        sys.stdout.write(text)
        return
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures', name), 'w', encoding='utf-8') as f:
        f.write(text)
