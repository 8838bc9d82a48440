import * as path from 'path';
import { getApp } from 'pyramid-ts/paster';
import { TestApp } from 'pyramid-ts/testing';


describe('the app, as development.ini configures it', () => {
  let testapp: TestApp;

  beforeAll(async () => {
    testapp = new TestApp(await getApp(path.join(__dirname, '..', 'development.ini')));
  });

  it('serves the home page', async () => {
    const res = await testapp.get('/', { status: 200 });
    expect(res.text).toContain('Pyramid');
    expect(res.text).toContain('cc_starter');
  });

  it('serves the static folder', async () => {
    const res = await testapp.get('/static/theme.css', { status: 200 });
    expect(res.header('content-type')).toMatch(/^text\/css/);
  });

  it('answers an unknown URL with the 404 page', async () => {
    const res = await testapp.get('/badurl', { status: 404 });
    expect(res.text).toContain('Page Not Found');
  });
});
