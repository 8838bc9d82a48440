"""What the real pyramid_tm (Debian's python3-pyramid-tm) and transaction do, scenario by scenario.

Each scenario serves one request through a Pyramid app that includes pyramid_tm; its view joins a
recording data manager to the transaction and answers as the scenario says. The output (JSON on
stdout, committed as pyramid_tm_oracle.json) lists, per scenario, the response status and the
data-manager calls in order. tests/framework/tm.test.ts replays the scenarios with pyramid-ts.
Run: /usr/bin/python3 tests/framework/oracle/pyramid_tm_oracle.py > tests/framework/oracle/pyramid_tm_oracle.json
"""
import json
import sys

import transaction
from transaction.interfaces import TransientError
from pyramid.config import Configurator
from pyramid.response import Response
from webtest import TestApp


class Recorder:
    def __init__(self, log, name='dm', fail=None):
        self.log, self.name, self.fail = log, name, fail
        self.transaction_manager = transaction.manager

    def _call(self, what):
        self.log.append(what)
        if self.fail == what:
            raise RuntimeError('%s failed' % what)

    def abort(self, txn): self._call('abort')
    def tpc_begin(self, txn): self._call('tpc_begin')
    def commit(self, txn): self._call('commit')
    def tpc_vote(self, txn): self._call('tpc_vote')
    def tpc_finish(self, txn): self._call('tpc_finish')
    def tpc_abort(self, txn): self._call('tpc_abort')
    def sortKey(self): return self.name


# Debian's pyramid_tm 0.5 asks the manager for `_retryable`, which transaction 3's thread-local
# manager only has on the manager it wraps: without this, any tm.attempts > 1 retry dies with
# AttributeError. Expose it, as pyramid_tm meant.
transaction.manager._retryable = transaction.manager.manager._retryable

SCENARIOS = {
    # name: (settings, view behaviour)
    'ok': ({}, 'ok'),
    'not_found_no_veto': ({}, '404'),
    'not_found_default_veto': ({'tm.commit_veto': 'pyramid_tm.default_commit_veto'}, '404'),
    'server_error_default_veto': ({'tm.commit_veto': 'pyramid_tm.default_commit_veto'}, '500'),
    'xtm_abort_default_veto': ({'tm.commit_veto': 'pyramid_tm.default_commit_veto'}, 'x-tm abort'),
    'xtm_commit_on_404_default_veto': ({'tm.commit_veto': 'pyramid_tm.default_commit_veto'}, 'x-tm commit 404'),
    'exception': ({}, 'raise'),
    'doomed': ({}, 'doom'),
    'vote_fails': ({}, 'vote fails'),
    'transient_once_attempts_3': ({'tm.attempts': '3'}, 'transient once'),
    'transient_always_attempts_2': ({'tm.attempts': '2'}, 'transient always'),
    'transient_once_attempts_1': ({}, 'transient once'),
}


def run(settings, behaviour):
    log = []
    calls = {'n': 0}

    def view(request):
        calls['n'] += 1
        log.append('view %d' % calls['n'])
        fail = 'tpc_vote' if behaviour == 'vote fails' else None
        transaction.get().join(Recorder(log, fail=fail))
        if behaviour == 'raise':
            raise ValueError('view failed')
        if behaviour == 'doom':
            transaction.doom()
        if behaviour == 'transient always' or (behaviour == 'transient once' and calls['n'] == 1):
            raise TransientError('conflict')
        if behaviour == '404':
            return Response('missing', status=404)
        if behaviour == '500':
            return Response('broken', status=500)
        if behaviour == 'x-tm abort':
            return Response('ok', headers={'X-Tm': 'abort'})
        if behaviour == 'x-tm commit 404':
            return Response('missing', status=404, headers={'X-Tm': 'commit'})
        return Response('ok')

    config = Configurator(settings=settings)
    config.include('pyramid_tm')
    config.add_route('home', '/')
    config.add_view(view, route_name='home')
    app = TestApp(config.make_wsgi_app())
    try:
        res = app.get('/', expect_errors=True)
        status = res.status_int
    except Exception as e:
        status = 'raised ' + type(e).__name__
    return {'status': status, 'log': log}


out = {}
for name, (settings, behaviour) in SCENARIOS.items():
    out[name] = {'settings': settings, 'behaviour': behaviour, **run(settings, behaviour)}
json.dump(out, sys.stdout, indent=2, sort_keys=True)
sys.stdout.write('\n')
