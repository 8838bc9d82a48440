/**
 * Shared set-up for the framework's unit tests: an app from a configure function, a real
 * server on 127.0.0.1 for HTTP-level behaviour, captured log records, and throw-away files.
 */
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import type { AddressInfo } from 'node:net';
import { Configurator } from '../../framework/config';
import { getLogger, type LogRecord } from '../../framework/logging';
import { TestApp } from '../../framework/testing';
import type { App } from '../../framework/router';
import type { Settings } from '../../framework/registry';

/** A committed app made by `configure`, and a TestApp driving it in-process. */
export function makeApp(configure: (config: Configurator) => void, settings: Settings = {}): { app: App; testapp: TestApp; config: Configurator } {
  const config = new Configurator({ settings });
  configure(config);
  const app = config.makeWsgiApp();
  return { app, testapp: new TestApp(app), config };
}

/** Runs `body` with the records `name` logs captured (kept off stderr), then stops capturing. */
export async function withLog<T>(name: string, body: (log: { records: LogRecord[] }) => Promise<T> | T): Promise<T> {
  const log = captureLog(name);
  try {
    return await body(log);
  } finally {
    log.stop();
  }
}

/** Collects what `getLogger(name)` logs until `stop()`. */
export function captureLog(name: string): { records: LogRecord[]; stop: () => void } {
  const logger = getLogger(name);
  const records: LogRecord[] = [];
  const handler = { level: 0, handle: (record: LogRecord) => void records.push(record) };
  // Keep the captured records off stderr: the root's handlers would print them too.
  const propagate = logger.propagate;
  logger.propagate = false;
  logger.addHandler(handler);
  return {
    records,
    stop: () => {
      logger.removeHandler(handler);
      logger.propagate = propagate;
    },
  };
}

export interface Served {
  port: number;
  server: http.Server;
  close: () => Promise<void>;
}

/** Serves `app` on an ephemeral port of 127.0.0.1. */
export async function serve(app: http.RequestListener): Promise<Served> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body's bytes as sent. */
  raw: Buffer;
}

/** One request over a fresh connection (no keep-alive agent), with an optional body. */
export function httpRequest(
  port: number,
  options: { method?: string; path?: string; headers?: http.OutgoingHttpHeaders; body?: string | Buffer; chunks?: Array<string | Buffer> },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path ?? '/', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        resolve({ status: res.statusCode!, headers: res.headers, body: raw.toString('utf-8'), raw });
      });
      res.on('error', reject);
    });
    // The server may answer and close before the whole body is sent: that is not a failure here.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    req.setTimeout(10000, () => {
      req.destroy();
      reject(new Error(`${options.method ?? 'GET'} ${options.path ?? '/'} on port ${port}: no answer within 10 s`));
    });
    if (options.chunks) for (const chunk of options.chunks) req.write(chunk);
    req.end(options.body);
  });
}

/** Sends raw bytes over a socket and resolves with everything read until the server closes it. */
export function rawExchange(port: number, data: string, timeoutMs = 5000): Promise<{ text: string; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text: Buffer.concat(chunks).toString('latin1'), closedByServer: false });
    }, timeoutMs);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text: Buffer.concat(chunks).toString('latin1'), closedByServer: true });
    });
    socket.write(data);
  });
}

/** Writes `files` (relative path → text) under a fresh temporary directory and returns it. */
export function writeTree(files: Record<string, string>, prefix = 'pyramid-test-'): string {
  const root = fs.mkdtempSync(nodePath.join(os.tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    const file = nodePath.join(root, name);
    fs.mkdirSync(nodePath.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return root;
}

/** `file:line` of the line that calls `here()`, as a configuration error prints a call site. */
export function here(): string {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, here);
  const frame = (holder.stack ?? '').split('\n')[1] ?? '';
  const m = /\(?([^()\s]+):(\d+):\d+\)?$/.exec(frame.trim());
  if (!m) throw new Error(`No call site in ${frame}`);
  return `${m[1]}:${m[2]}`;
}

/** The error `fn` throws; fails the test when it throws nothing. */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, but nothing was thrown');
}

/** A session payload signed as Pyramid signs it with its defaults: only a holder of the secret can make these. */
export function signRaw(payload: string, secret = 'itsaseekreet'): string {
  const body = Buffer.from(payload, 'utf-8');
  return Buffer.concat([createHmac('sha512', `pyramid.session.${secret}`).update(body).digest(), body]).toString('base64url');
}

/** `value` with the character at `at` changed (A <-> B): a tampered cookie. */
export function flipChar(value: string, at: number): string {
  return value.slice(0, at) + (value[at] === 'A' ? 'B' : 'A') + value.slice(at + 1);
}
