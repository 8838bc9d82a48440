import * as testing from 'pyramid-ts/testing';
import { TestApp } from 'pyramid-ts/testing';
import { TutorialViews } from '../tutorial/views';
import { main } from '../tutorial';

describe('TutorialViewTests', () => {
  beforeEach(() => {
    testing.setUp();
  });
  afterEach(() => {
    testing.tearDown();
  });

  test('home', () => {
    const request = new testing.DummyRequest();
    const inst = new TutorialViews(request);
    const response = inst.home();
    expect(response.name).toBe('Home View');
  });

  test('hello', () => {
    const request = new testing.DummyRequest();
    const inst = new TutorialViews(request);
    const response = inst.hello();
    expect(response.name).toBe('Hello View');
  });
});

describe('TutorialFunctionalTests', () => {
  let testapp: TestApp;
  beforeEach(() => {
    testapp = new TestApp(main({}));
  });

  test('home', async () => {
    const res = await testapp.get('/', { status: 200 });
    expect(res.text).toContain('<h1>Hi Home View');
    // The template's request.static_url('tutorial:static/app.css'), from this step's own package.
    expect(res.text).toContain('href="http://localhost/static/app.css"');
  });

  test('hello', async () => {
    const res = await testapp.get('/howdy', { status: 200 });
    expect(res.text).toContain('<h1>Hi Hello View');
  });

  test('css', async () => {
    const res = await testapp.get('/static/app.css', { status: 200 });
    expect(res.text).toContain('body');
  });
});
