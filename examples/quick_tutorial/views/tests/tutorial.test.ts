/** The views step's tutorial/tests.py, test for test. */
import * as testing from 'pyramid-ts/testing';
import { TestApp } from 'pyramid-ts/testing';

describe('TutorialViewTests', () => {
  beforeEach(() => {
    testing.setUp();
  });

  afterEach(() => {
    testing.tearDown();
  });

  test('home', () => {
    const { home } = require('../tutorial/views');

    const request = new testing.DummyRequest();
    const response = home(request);
    expect(response.statusCode).toBe(200);
    expect(response.body.includes('Visit')).toBe(true);
  });

  test('hello', () => {
    const { hello } = require('../tutorial/views');

    const request = new testing.DummyRequest();
    const response = hello(request);
    expect(response.statusCode).toBe(200);
    expect(response.body.includes('Go back')).toBe(true);
  });
});


describe('TutorialFunctionalTests', () => {
  let testapp: TestApp;

  beforeEach(() => {
    const { main } = require('../tutorial');
    const app = main({});

    testapp = new TestApp(app);
  });

  test('home', async () => {
    const res = await testapp.get('/', { status: 200 });
    expect(res.body.includes('<body>Visit')).toBe(true);
  });

  test('hello', async () => {
    const res = await testapp.get('/howdy', { status: 200 });
    expect(res.body.includes('<body>Go back')).toBe(true);
  });
});
