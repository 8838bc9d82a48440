/** The sessions step's tutorial/tests.py, test for test; then the counter the narrative has the reader watch. */
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
});

describe('what the narrative shows', () => {
  test('the count rises by one per request, across / and /howdy', async () => {
    const { main } = require('../tutorial');
    const testapp = new TestApp(main({}));
    const seen: string[] = [];
    for (const url of ['/', '/howdy', '/']) {
      seen.push(/<p>Count: (\d+)<\/p>/.exec((await testapp.get(url, { status: 200 })).text)?.[1] ?? 'none');
    }
    expect(seen).toEqual(['1', '2', '3']);
  });
});
