/**
 * The forms step's tutorial/tests.py, test for test; then what the narrative has the reader do:
 * add a page with errors first, edit one, and load the files the add page links.
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
    const { WikiViews } = require('../tutorial/views');

    const request = new testing.DummyRequest();
    const inst = new WikiViews(request);
    const response = inst.wiki_view();
    expect(response.pages.length).toBe(3);
  });
});

describe('TutorialFunctionalTests', () => {
  let testapp: TestApp;

  beforeEach(() => {
    const { main } = require('../tutorial');

    const app = main({});

    testapp = new TestApp(app);
  });

  afterEach(() => {
    testing.tearDown();
  });

  test('home', async () => {
    const res = await testapp.get('/', { status: 200 });
    expect(res.text).toContain('<title>Wiki: View</title>');
  });

  test('add_page', async () => {
    const res = await testapp.get('/add', { status: 200 });
    expect(res.text).toContain('<h1>Wiki</h1>');
  });

  test('edit_page', async () => {
    const res = await testapp.get('/101/edit', { status: 200 });
    expect(res.text).toContain('<h1>Wiki</h1>');
  });

  test('post_wiki', async () => {
    await testapp.post('/add', {
      'title': 'New Title',
      'body': '<p>New Body</p>',
      'submit': 'submit',
    }, { status: 302 });

    const res = await testapp.get('/103', { status: 200 });
    expect(res.text).toContain('<h1>New Title</h1>');
    expect(res.text).toContain('<p>New Body</p>');
  });

  test('edit_wiki', async () => {
    await testapp.post('/102/edit', {
      'title': 'New Title',
      'body': '<p>New Body</p>',
      'submit': 'submit',
    }, { status: 302 });

    const res = await testapp.get('/102', { status: 200 });
    expect(res.text).toContain('<h1>New Title</h1>');
    expect(res.text).toContain('<p>New Body</p>');
  });
});
