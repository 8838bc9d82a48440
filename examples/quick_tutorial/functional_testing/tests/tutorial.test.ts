/** The functional_testing step's tutorial/tests.py, test for test. */
import * as testing from 'pyramid-ts/testing';
import { TestApp } from 'pyramid-ts/testing';

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


describe('TutorialFunctionalTests', () => {
  let testapp: TestApp;

  beforeEach(() => {
    const { main } = require('../tutorial');
    const app = main({});

    testapp = new TestApp(app);
  });

  test('hello_world', async () => {
    const res = await testapp.get('/', { status: 200 });
    expect(res.body.includes('<h1>Hello World!</h1>')).toBe(true);
  });
});
