import * as testing from 'pyramid-ts/testing';
import { myView } from '../cc_starter/views/default';
import { notfoundView } from '../cc_starter/views/notfound';


describe('views', () => {
  beforeEach(() => {
    testing.setUp();
  });

  afterEach(() => {
    testing.tearDown();
  });

  it('myView gives the template the project name', () => {
    const request = new testing.DummyRequest();
    const info = myView(request);
    expect(request.response.statusInt).toBe(200);
    expect(info.project).toBe('cc_starter');
  });

  it('notfoundView sets 404', () => {
    const request = new testing.DummyRequest();
    const info = notfoundView(request);
    expect(request.response.statusInt).toBe(404);
    expect(info).toEqual({});
  });
});
