/**
 * The more_view_classes step's tutorial/tests.py, test for test; then what the narrative has the
 * reader do in the browser: follow the link to the form, Save a new name, Delete.
 */
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
    expect(response.page_title).toBe('Home View');
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
    expect(res.body.includes('TutorialViews - Home View')).toBe(true);
  });
});

describe('what the narrative shows', () => {
  let testapp: TestApp;

  beforeEach(() => {
    const { main } = require('../tutorial');
    testapp = new TestApp(main({}));
  });

  test('the home page links to the form for jane doe', async () => {
    const res = await testapp.get('/', { status: 200 });
    expect(res.text).toContain('<a href="http://localhost/howdy/jane/doe">form</a>');
  });

  test('GET shows the form, posting to the current route URL', async () => {
    const res = await testapp.get('/howdy/jane/doe', { status: 200 });
    expect(res.text).toContain('<h1>TutorialViews - Hello View</h1>');
    expect(res.text).toContain('<p>Welcome, jane doe</p>');
    expect(res.text).toMatch(/<form method="POST"\s+action="http:\/\/localhost\/howdy\/jane\/doe">/);
  });

  test('Save: the edit view, with the submitted name', async () => {
    const res = await testapp.post('/howdy/jane/doe', { new_name: 'Jim', 'form.edit': 'Save' }, { status: 200 });
    expect(res.text).toContain('<h1>TutorialViews - Edit View</h1>');
    expect(res.text).toContain('<p>You submitted <code>Jim</code></p>');
  });

  test('Delete: the request_param predicate picks the delete view', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const res = await testapp.post('/howdy/jane/doe', { new_name: '', 'form.delete': 'Delete' }, { status: 200 });
      expect(res.text).toContain('<h1>TutorialViews - Delete View</h1>');
      expect(log).toHaveBeenCalledWith('Deleted');
    } finally {
      log.mockRestore();
    }
  });
});
