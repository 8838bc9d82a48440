/** The unit_testing step's tutorial/tests.py, test for test. */
import * as testing from 'pyramid-ts/testing';

describe('TutorialViewTests', () => {
  beforeEach(() => {
    testing.setUp();
  });

  afterEach(() => {
    testing.tearDown();
  });

  test('hello_world', () => {
    const { helloWorld } = require('../tutorial');

    const request = new testing.DummyRequest();
    const response = helloWorld(request);
    expect(response.statusCode).toBe(200);
  });
});
