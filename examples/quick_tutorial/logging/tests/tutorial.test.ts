/** The logging step's tutorial/tests.py, test for test. */
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
  test('with development.ini\'s logging, each view logs at DEBUG to stderr', async () => {
    const path = require('node:path');
    const { getApp, setupLogging } = require('pyramid-ts/paster');
    const ini = path.join(__dirname, '..', 'development.ini');
    setupLogging(ini);
    const written: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const testapp = new TestApp(await getApp(ini));
      await testapp.get('/', { status: 200 });
      await testapp.get('/howdy', { status: 200 });
    } finally {
      write.mockRestore();
    }
    // e.g. "2013-08-09 10:42:42,968 DEBUG [tutorial.views][MainThread] In home view"
    const lines = written.join('').split('\n').filter((l) => l.includes('[tutorial.views]'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} DEBUG \[tutorial\.views\]\[MainThread\] In home view$/);
    expect(lines[1]).toMatch(/ DEBUG \[tutorial\.views\]\[MainThread\] In hello view$/);
  });
});
