/**
 * The toolbar beside Redis sessions (pyramid_redis_sessions, loaded by its own tween): both
 * from pyramid.includes, the Request Vars panel reads the session before and after the view.
 */
import { Configurator } from '../../../framework/config';
import { Response } from '../../../framework/response';
import type { Request } from '../../../framework/request';
import type { RedisSessionFactory } from '../../../framework/redis';
import { httpRequest, serve, type Served } from '../helpers';
import { startRedisServer, type RedisServer } from '../redis-server';

let redis: RedisServer;
let served: Served | null = null;

beforeAll(async () => {
  redis = await startRedisServer();
}, 20000);

afterAll(async () => {
  await redis?.stop();
});

afterEach(async () => {
  await served?.close();
  served = null;
});

it('shows the Redis session before and after the view', async () => {
  const config = new Configurator({
    settings: { 'pyramid.includes': 'pyramid_redis_sessions\npyramid_debugtoolbar', 'redis.sessions.secret': 's3cret', 'redis.sessions.url': redis.url },
  });
  config.addRoute('home', '/');
  config.addView((request: Request) => {
    request.session.set('counter', (request.session.get('counter', 0) as number) + 1);
    return new Response(`<html><body><p>Count: ${request.session.get('counter')}</p></body></html>`);
  }, { routeName: 'home' });
  const app = config.makeWsgiApp();
  served = await serve(app);
  try {
    const first = await httpRequest(served.port, { path: '/', headers: { accept: 'text/html' } });
    const cookie = String(first.headers['set-cookie']).split(';')[0];
    const second = await httpRequest(served.port, { path: '/', headers: { accept: 'text/html', cookie } });
    expect(second.body).toContain('Count: 2');
    const link = /id="pShowToolBarButton" href="http:\/\/127\.0\.0\.1:\d+(\/_debug_toolbar\/[0-9a-f]+)"/.exec(second.body)![1];
    const page = (await httpRequest(served.port, { path: link, headers: { accept: 'text/html' } })).body;
    expect(page).toContain('<h4>Session (before the view)</h4><table class="pdtb-table"><thead><tr><th>Key</th><th>Value</th></tr></thead><tbody><tr><td>counter</td><td><pre>1</pre>');
    expect(page).toContain('<h4>Session (after the view)</h4><table class="pdtb-table"><thead><tr><th>Key</th><th>Value</th></tr></thead><tbody><tr><td>counter</td><td><pre>2</pre>');
  } finally {
    await (app.registry.sessionFactory as RedisSessionFactory).close();
  }
}, 30000);
