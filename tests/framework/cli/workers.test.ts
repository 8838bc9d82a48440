/**
 * `workers = 2` in `[server:workers]` (tests/fixtures/pserve): pserve as a primary keeping two
 * worker processes serving one port, as gunicorn's arbiter does, over real HTTP.
 */
import * as path from 'path';
import { Client, copyProject, freePort, isAlive, keepRequesting, Pserve, stopAll, until } from '../../fixtures/pserve-harness';

const APP = 'tests/fixtures/pserve';

async function start(args: string[] = ['-s', 'workers']) {
  const dir = path.join(copyProject([APP]), APP);
  const port = await freePort();
  const pserve = new Pserve(dir, ['development.ini', `http_port=${port}`, ...args]);
  await pserve.waitFor(/Serving on/, 15000);
  return { dir, port, pserve, client: new Client(port) };
}

/** The worker PIDs the primary has booted so far, in order. */
function booted(pserve: Pserve): number[] {
  return [...pserve.output.matchAll(/Booting worker with pid: (\d+)/g)].map((m) => Number(m[1]));
}

/** PIDs answering /pid over `n` fresh connections (the primary hands connections round-robin). */
async function answeringPids(client: Client, n = 8): Promise<Set<number>> {
  const pids = new Set<number>();
  for (let i = 0; i < n; i++) pids.add(Number((await client.get('/pid')).body));
  return pids;
}

afterEach(stopAll);

describe('pserve with workers = 2', () => {
  it('prints what gunicorn prints, and both workers answer on the one port', async () => {
    const { pserve, client, port } = await start();
    expect(pserve.output).toMatch(new RegExp(`^Starting server in PID ${pserve.child.pid}\\.$`, 'm'));
    await until(() => booted(pserve).length === 2, 5000, 'two "Booting worker" lines');
    expect(pserve.output).toMatch(new RegExp(`INFO  \\[waitress\\]\\[MainThread\\] Serving on http://127\\.0\\.0\\.1:${port}$`, 'm'));
    expect(pserve.output.match(/Serving on/g)).toHaveLength(1);
    await until(async () => (await answeringPids(client)).size === 2, 5000, 'both workers to answer');
    expect([...(await answeringPids(client))].sort()).toEqual(booted(pserve).sort());
  });

  it('replaces a worker that dies, logging how it died', async () => {
    const { pserve, client } = await start();
    await until(() => booted(pserve).length === 2, 5000, 'two workers');
    const [victim] = booted(pserve);
    process.kill(victim, 'SIGKILL');
    await pserve.waitFor(new RegExp(`ERROR \\[waitress\\]\\[MainThread\\] Worker \\(pid:${victim}\\) was sent SIGKILL! Perhaps out of memory\\?`));
    await until(() => booted(pserve).length === 3, 5000, 'a third "Booting worker" line');
    await until(async () => (await answeringPids(client)).size === 2, 5000, 'two workers to answer again');
    expect(await answeringPids(client)).not.toContain(victim);
  });

  it('restarts the workers one at a time on SIGHUP, refusing no request', async () => {
    const { pserve, port } = await start();
    await until(() => booted(pserve).length === 2, 5000, 'two workers');
    const first = booted(pserve);
    const traffic = keepRequesting(port);
    const t0 = Date.now();
    pserve.signal('SIGHUP');
    await pserve.waitFor(/Handling signal: hup/);
    await until(() => booted(pserve).length === 4 && first.every((pid) => !isAlive(pid)), 15000, 'two new workers and the old ones gone');
    const took = Date.now() - t0;
    await new Promise((r) => setTimeout(r, 300));
    await traffic.stop();
    console.log(`SIGHUP with 2 workers under load: both replaced in ${took} ms; ${traffic.stats.ok} requests answered, ${traffic.stats.failed.length} failed`);
    expect(traffic.stats.failed).toEqual([]);
    expect(traffic.stats.ok).toBeGreaterThan(20);
  });

  it('on SIGTERM lets every worker finish its request in flight, then exits 0', async () => {
    const { pserve, client } = await start();
    await until(() => booted(pserve).length === 2, 5000, 'two workers');
    // two connections: the primary hands one to each worker
    const slow = [client.get('/slow?ms=1500'), client.get('/slow?ms=1500')];
    await until(() => (pserve.output.match(/slow request started/g) ?? []).length === 2, 5000, 'both slow requests to start');
    const t0 = Date.now();
    pserve.signal('SIGTERM');
    expect((await Promise.all(slow)).map((r) => r.body)).toEqual(['slow done\n', 'slow done\n']);
    expect(await pserve.exit(8000, 'SIGTERM')).toEqual({ code: 0, signal: null });
    console.log(`SIGTERM with 2 workers busy: exited after ${Date.now() - t0} ms (shutdown_timeout = 3 s)`);
    expect(pserve.output).toMatch(/Handling signal: term[^]*Shutting down: Master/);
    for (const pid of booted(pserve)) expect(isAlive(pid)).toBe(false);
  });

  it('exits 1 with the reason when the workers cannot start (a port in use)', async () => {
    const { port, dir } = await start(['-s', 'main']);
    const second = new Pserve(dir, ['development.ini', `http_port=${port}`, '-s', 'workers']);
    const { code } = await second.exit(15000, 'the port in use');
    expect(code).toBe(1);
    expect(second.output).toContain(`127.0.0.1:${port} is already in use`);
    expect(second.output).toMatch(/Shutting down: Master/);
  });

  it('takes workers = auto as one per core, and refuses a bad count naming the key', async () => {
    const dir = path.join(copyProject([APP]), APP);
    const fs = require('fs') as typeof import('fs');
    fs.writeFileSync(path.join(dir, 'auto.ini'), fs.readFileSync(path.join(dir, 'development.ini'), 'utf8').replace('workers = 2', 'workers = auto'));
    fs.writeFileSync(path.join(dir, 'bad.ini'), fs.readFileSync(path.join(dir, 'development.ini'), 'utf8').replace('workers = 2', 'workers = two'));
    const refused = new Pserve(dir, ['bad.ini', 'http_port=1', '-s', 'workers']);
    expect((await refused.exit(15000)).code).toBe(1);
    expect(refused.output.trim()).toMatch(/^pserve: bad\.ini:\d+: \[server:workers\] workers: 'two' is not a number of processes; use a whole number \(1 or more\) or auto$/);
    const port = await freePort();
    const auto = new Pserve(dir, ['auto.ini', `http_port=${port}`, '-s', 'workers']);
    await auto.waitFor(/Serving on/, 15000);
    await until(() => booted(auto).length === require('os').availableParallelism(), 5000, 'one worker per core');
  });
});
