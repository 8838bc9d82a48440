/** The json step's tutorial/tests.py, test for test. */
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
    const { TutorialViews } = require('../tutorial/views');

    const request = new testing.DummyRequest();
    const inst = new TutorialViews(request);
    const response = inst.home();
    expect(response.name).toBe('Home View');
  });

  test('hello', () => {
    const { TutorialViews } = require('../tutorial/views');

    const request = new testing.DummyRequest();
    const inst = new TutorialViews(request);
    const response = inst.hello();
    expect(response.name).toBe('Hello View');
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
    expect(res.body.includes('<h1>Hi Home View')).toBe(true);
  });

  test('hello', async () => {
    const res = await testapp.get('/howdy', { status: 200 });
    expect(res.body.includes('<h1>Hi Hello View')).toBe(true);
  });

  test('hello_json', async () => {
    const res = await testapp.get('/howdy.json', { status: 200 });
    expect(res.body.includes('{"name": "Hello View"}')).toBe(true);
    expect(res.contentType).toBe('application/json');
  });
});
