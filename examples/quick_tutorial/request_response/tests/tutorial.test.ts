/** The request_response step's tutorial/tests.py, test for test. */
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
    expect(response.status).toBe('302 Found');
  });

  test('plain_without_name', () => {
    const { TutorialViews } = require('../tutorial/views');

    const request = new testing.DummyRequest();
    const inst = new TutorialViews(request);
    const response = inst.plain();
    expect(response.body.includes('No Name Provided')).toBe(true);
  });

  test('plain_with_name', () => {
    const { TutorialViews } = require('../tutorial/views');

    const request = new testing.DummyRequest();
    request.GET.set('name', 'Jane Doe');
    const inst = new TutorialViews(request);
    const response = inst.plain();
    expect(response.body.includes('Jane Doe')).toBe(true);
  });
});


describe('TutorialFunctionalTests', () => {
  let testapp: TestApp;

  beforeEach(() => {
    const { main } = require('../tutorial');

    const app = main({});

    testapp = new TestApp(app);
  });

  test('plain_without_name', async () => {
    const res = await testapp.get('/plain', { status: 200 });
    expect(res.body.includes('No Name Provided')).toBe(true);
  });

  test('plain_with_name', async () => {
    const res = await testapp.get('/plain?name=Jane%20Doe', { status: 200 });
    expect(res.body.includes('Jane Doe')).toBe(true);
  });
});

describe('what the narrative shows', () => {
  test('/ redirects to /plain, which names the URL and the name', async () => {
    const { main } = require('../tutorial');
    const testapp = new TestApp(main({}));
    const res = await testapp.get('/', { status: 302 });
    expect(res.location).toBe('http://localhost/plain');
    const alice = await testapp.get('/plain?name=alice', { status: 200 });
    expect(alice.text).toBe('URL http://localhost/plain?name=alice with name: alice');
    expect(alice.contentType).toBe('text/plain');
  });
});
