import * as path from 'path';
import { getApp } from 'pyramid-ts/paster';
import { TestApp } from 'pyramid-ts/testing';

describe('the ini step, loaded from its own development.ini', () => {
  it('serves Hello World from this folder\'s tutorial package', async () => {
    const app = await getApp(path.join(__dirname, '..', 'development.ini'));
    const res = await new TestApp(app).get('/', { status: 200 });
    expect(res.text).toContain('<h1>Hello World!</h1>');
  });
});
