/** The routing step's tutorial/tests.py, test for test. */
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
    request.matchdict['first'] = 'First';
    request.matchdict['last'] = 'Last';
    const inst = new TutorialViews(request);
    const response = inst.home();
    expect(response.first).toBe('First');
    expect(response.last).toBe('Last');
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
    const res = await testapp.get('/howdy/Jane/Doe', { status: 200 });
    expect(res.body.includes('Jane')).toBe(true);
    expect(res.body.includes('Doe')).toBe(true);
  });
});

describe('what the narrative shows', () => {
  test('/howdy/amy/smith fills the template from the matchdict; /howdy matches no route', async () => {
    const { main } = require('../tutorial');
    const testapp = new TestApp(main({}));
    const res = await testapp.get('/howdy/amy/smith', { status: 200 });
    expect(res.text).toContain('<h1>Home View</h1>\n<p>First: amy, Last: smith</p>');
    await testapp.get('/howdy', { status: 404 });
  });
});
