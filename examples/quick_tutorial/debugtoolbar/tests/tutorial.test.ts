import * as path from 'path';
import { getApp } from 'pyramid-ts/paster';
import { TestApp } from 'pyramid-ts/testing';

describe('the debugtoolbar step, loaded from its own development.ini', () => {
  it('serves Hello World with the toolbar\'s button before </body>', async () => {
    const app = await getApp(path.join(__dirname, '..', 'development.ini'));
    const res = await new TestApp(app).get('/', { status: 200 });
    expect(res.text).toMatch(/^<body><h1>Hello World!<\/h1><div id="pDebug">.*id="pShowToolBarButton" href="http:\/\/localhost\/_debug_toolbar\/[0-9a-f]+".*<\/body>$/s);
  });

  it('opens the request\'s panels from the button', async () => {
    const testapp = new TestApp(await getApp(path.join(__dirname, '..', 'development.ini')));
    const page = await testapp.get('/', { status: 200 });
    const toolbar = /href="http:\/\/localhost(\/_debug_toolbar\/[0-9a-f]+)"/.exec(page.text)![1];
    const panels = await testapp.get(toolbar, { status: 200 });
    panels.mustContain('Request Vars', 'Routes', '<td>hello <strong class="pdtb-matched">(matched)</strong></td>');
  });
});
