/**
 * Pyramid writes, we read: every request of every scenario in fixtures/pyramid-sessions.json
 * (made by the real Pyramid 2.0 with make_fixtures.py) is replayed with our factory, on the
 * same clock and with the same Cookie header, and must give what Pyramid gave: the session
 * as loaded, every result, whether a cookie was written, that cookie byte for byte, and its
 * attributes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pyEquals, pyLoads } from '../../framework/pyjson';
import { FIXTURE_PATH, loadScenarios, makeFactory, parseSetCookie, runStep, type Scenario, type Step, type StepRecord } from './replay';
import { describeWithPyramid, runPython } from './pyramid';

const scenarios = loadScenarios();

function replay(scenario: Scenario): Array<{ step: Step; ours: StepRecord }> {
  const clock = { now: scenario.steps[0].now };
  const factory = makeFactory(scenario.factory, clock);
  return scenario.steps.map((step) => ({ step, ours: runStep(factory, clock, step) }));
}

/** What Python's error message says, without its exception class (ours are named differently). */
function pythonMessage(error: string): string {
  return error.replace(/^\w+: /, '');
}

function expectSameCookie(ours: StepRecord, theirs: StepRecord): void {
  expect(ours.cookie_value).toBe(theirs.cookie_value);
  const mine = parseSetCookie(ours.set_cookie!);
  const pyramid = parseSetCookie(theirs.set_cookie!);
  expect(mine).toEqual(pyramid);
}

function expectSameStep(ours: StepRecord, theirs: Step): void {
  expect(ours.session_on_load).toEqual(theirs.session_on_load);
  expect(ours.results).toEqual(theirs.results);
  if (theirs.error) {
    expect(ours.error).toContain(pythonMessage(theirs.error));
    return;
  }
  expect(ours.error).toBeUndefined();
  expect(Boolean(ours.set_cookie)).toBe(Boolean(theirs.set_cookie));
  if (theirs.set_cookie) expectSameCookie(ours, theirs);
}

const exact = scenarios.filter((s) => !s.deviation);

describe('cookies written by the real Pyramid 2.0 read the same here', () => {
  test('the fixture file holds every kind of case the issue names', () => {
    const ids = scenarios.map((s) => s.id);
    for (const prefix of ['tutorial-', 'data-nested', 'data-unicode', 'flash-', 'csrf-', 'secret-', 'salt-', 'hashalg-', 'timeout-', 'reissue-', 'attrs-', 'signed-', 'cookie-']) {
      expect(ids.some((id) => id.startsWith(prefix))).toBe(true);
    }
    expect(exact.length).toBeGreaterThan(80);
  });

  test.each(exact.map((s) => [s.id, s] as const))('%s', (_id, scenario) => {
    for (const { step, ours } of replay(scenario)) expectSameStep(ours, step);
  });
});

describe('where we differ from Pyramid on purpose', () => {
  const byId = (id: string) => scenarios.find((s) => s.id === id)!;

  test("samesite 'None' without secure: Pyramid fails every request; we refuse to make the factory", () => {
    const scenario = byId('attrs-samesite-none-insecure');
    expect(scenario.steps[0].error).toMatch(/Incompatible cookie attributes/);
    expect(() => makeFactory(scenario.factory, { now: 0 })).toThrow(/samesite 'None' needs secure: true/);
  });

  test.each(scenarios.filter((s) => s.deviation === 'fresh-where-pyramid-raises').map((s) => [s.id, s] as const))(
    '%s: Pyramid raises (a 500); we give a new, empty session',
    (_id, scenario) => {
      expect(scenario.steps[0].load_error).toBeDefined();
      const [{ ours }] = replay(scenario);
      expect(ours.session_on_load).toMatchObject({ new: true, state_json: '{}' });
      expect(ours.error).toBeUndefined();
    },
  );

  test('integer-like keys: the same dict, but JS objects put such keys first, so a re-written cookie orders them so', () => {
    const [{ step, ours }] = replay(byId('signed-int-keys'));
    const theirs = step.session_on_load!.state_json;
    expect(theirs).toBe('{"b": 1, "10": 2, "2": 3, "a": 4}');
    expect(ours.session_on_load!.state_json).toBe('{"2": 3, "10": 2, "b": 1, "a": 4}');
    expect(pyEquals(pyLoads(ours.session_on_load!.state_json), pyLoads(theirs))).toBe(true);
  });

  test('floats with whole values below 2**53: the same numbers, written back as ints (JS has one number type)', () => {
    const [{ step, ours }] = replay(byId('signed-integral-float'));
    expect(step.session_on_load!.state_json).toBe('{"price": 2.0, "ratio": 1e+16}');
    expect(ours.session_on_load!.state_json).toBe('{"price": 2, "ratio": 1e+16}');
    expect(pyEquals(pyLoads(ours.session_on_load!.state_json), pyLoads(step.session_on_load!.state_json))).toBe(true);
  });
});

describeWithPyramid('the fixture file', () => {
  test('is what make_fixtures.py writes today with the real Pyramid (run it to update)', () => {
    const result = runPython([join(__dirname, 'make_fixtures.py'), '--stdout']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(readFileSync(FIXTURE_PATH, 'utf-8'));
  });
});
