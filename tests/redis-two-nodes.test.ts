/**
 * Past one process: two `pserve` instances of one app (tests/fixtures/twonodes) on two ports,
 * sharing sessions through one redis-server (started here on a free port, no persistence).
 * A session made on one node is read and changed on the other; invalidation on one is seen
 * on the other; killing a node loses no session.
 */
import * as path from 'path';
import { Client, freePort, Pserve, stopAll } from './fixtures/pserve-harness';
import { startRedisServer, type RedisServer } from './framework/redis-server';

const APP_DIR = path.join(__dirname, 'fixtures', 'twonodes');

let redis: RedisServer;

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await stopAll();
  await redis?.stop();
});

/** A node: pserve on a free port, waited for (bounded) until it says it is serving. */
async function startNode(name: string, port?: number): Promise<{ pserve: Pserve; port: number }> {
  port ??= await freePort();
  const pserve = new Pserve(APP_DIR, ['development.ini', `http_port=${port}`, `redis_url=${redis.url}`, `node=${name}`]);
  await pserve.waitFor(/Serving on/, 15000);
  return { pserve, port };
}

/** One browser across both nodes: a client per port, sharing one cookie jar (as a load balancer makes it look). */
function browser(portA: number, portB: number): { a: Client; b: Client } {
  const a = new Client(portA);
  const b = new Client(portB);
  (b as { cookies: Map<string, string> }).cookies = a.cookies;
  return { a, b };
}

test('two nodes share sessions: read and changed on either, invalidated on one for both, and none lost when a node dies', async () => {
  const nodeA = await startNode('a');
  const nodeB = await startNode('b');
  const { a, b } = browser(nodeA.port, nodeB.port);

  // made on A, read and changed on B, and back
  expect((await a.get('/count')).body).toBe('node=a count=1\n');
  expect((await b.get('/read')).body).toBe('node=b count=1\n');
  expect((await b.get('/count')).body).toBe('node=b count=2\n');
  expect((await a.get('/count')).body).toBe('node=a count=3\n');

  // invalidated on B: A sees it, and the old cookie (replayed, as a thief would) opens nothing
  const stolen = a.cookies.get('session')!;
  expect((await b.get('/logout')).body).toBe('node=b logged out\n');
  expect((await a.get('/read')).body).toBe('node=a count=0\n');
  const thief = new Client(nodeA.port);
  thief.cookies.set('session', stolen);
  expect((await thief.get('/read')).body).toBe('node=a count=0\n');

  // many sessions made on A; A is killed (SIGKILL, a crash); every one is still there on B
  const users = Array.from({ length: 20 }, () => browser(nodeA.port, nodeB.port));
  for (const [i, user] of users.entries()) for (let n = 0; n <= i % 3; n++) await user.a.get('/count');
  await nodeA.pserve.stop('SIGKILL');
  for (const [i, user] of users.entries()) expect((await user.b.get('/read')).body).toBe(`node=b count=${(i % 3) + 1}\n`);
  for (const user of users) await user.b.get('/count');

  // A comes back on its port and carries on where B left off
  await startNode('a', nodeA.port);
  for (const [i, user] of users.entries()) expect((await user.a.get('/read')).body).toBe(`node=a count=${(i % 3) + 2}\n`);
}, 60000);

test('a node whose Redis is not there does not start: pserve says where it looked and what to do, and exits 1', async () => {
  const nowhere = await freePort();
  const pserve = new Pserve(APP_DIR, ['development.ini', `http_port=${await freePort()}`, `redis_url=redis://127.0.0.1:${nowhere}/0`, 'node=c']);
  const { code } = await pserve.exit(15000, 'starting without Redis');
  expect(code).toBe(1);
  expect(pserve.output).toContain(`pserve: ConfigurationError: Cannot reach the Redis session store at redis://127.0.0.1:${nowhere}/0 (connect ECONNREFUSED 127.0.0.1:${nowhere}).`);
  expect(pserve.output).toContain('set redis.sessions.check_at_start = false to start anyway');
  expect(pserve.output).not.toMatch(/Serving on/);
});
