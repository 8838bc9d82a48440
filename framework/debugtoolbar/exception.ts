/**
 * The exception page (pyramid_debugtoolbar's traceback page, without its console): the error,
 * the stack with the source lines around each frame, the request that caused it, and a link to
 * that request in the toolbar's history. Frames point at TypeScript lines: pyramid-ts's require
 * hook keeps inline source maps and turns Node's source-map support on, so `error.stack` already
 * names `.ts` files; a `.js` frame whose module carries a source map is mapped here.
 *
 * Nothing on the page runs code on the server: there is no interactive console.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { findSourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { types } from 'node:util';
import type { Request } from '../request';
import { escapeHtml, repr, table, section } from './html';

export interface Frame {
  /** `TutorialViews.home`, or '' for top-level code. */
  fn: string;
  file: string;
  line: number;
  column: number;
  /** Code of the app, not Node's, not a package's, not the framework's. */
  user: boolean;
  /** Lines around `line`: [number, text]. */
  context: Array<[number, string]>;
}

export interface ExceptionReport {
  name: string;
  message: string;
  /** The stack as Node printed it. */
  stack: string;
  frames: Frame[];
  /** The request, as it was when the error happened. */
  request: { method: string; url: string; remoteAddr: string | undefined; headers: Record<string, unknown>; GET: Array<[string, string]>; POST: Array<[string, string]> };
}

const FRAMEWORK_DIR = nodePath.resolve(__dirname, '..');
const CONTEXT_LINES = 5;
const FRAME = /^\s*at (?:(.+?) \()?(.+?):(\d+):(\d+)\)?$/;

function isUserFile(file: string): boolean {
  if (!nodePath.isAbsolute(file)) return false; // node:internal, <anonymous>, evalmachine
  const real = (() => {
    try {
      return fs.realpathSync(file);
    } catch {
      return file;
    }
  })();
  return !real.split(nodePath.sep).includes('node_modules') && !real.startsWith(FRAMEWORK_DIR + nodePath.sep);
}

/** A `.js` frame of a module with a source map, mapped back to its source. */
function mapped(file: string, line: number, column: number): [string, number, number] {
  if (!file.endsWith('.js')) return [file, line, column];
  const map = findSourceMap(file);
  const entry = map?.findEntry(line - 1, column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
  if (!entry?.originalSource || entry.originalLine === undefined) return [file, line, column];
  const source = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : nodePath.resolve(nodePath.dirname(file), entry.originalSource);
  return [source, entry.originalLine + 1, (entry.originalColumn ?? 0) + 1];
}

function sourceLines(file: string, cache: Map<string, string[] | null>): string[] | null {
  if (!cache.has(file)) {
    let lines: string[] | null = null;
    try {
      if (fs.statSync(file).size < 4 * 1024 * 1024) lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
    } catch {
      // no source to show
    }
    cache.set(file, lines);
  }
  return cache.get(file)!;
}

/** The frames of an error's stack, each with its source lines. */
export function parseFrames(stack: string): Frame[] {
  const cache = new Map<string, string[] | null>();
  const frames: Frame[] = [];
  for (const text of stack.split('\n')) {
    const m = FRAME.exec(text);
    if (!m) continue;
    let file = m[2].startsWith('file://') ? fileURLToPath(m[2]) : m[2];
    let line = Number(m[3]);
    let column = Number(m[4]);
    [file, line, column] = mapped(file, line, column);
    const lines = nodePath.isAbsolute(file) ? sourceLines(file, cache) : null;
    const context: Array<[number, string]> = [];
    if (lines) for (let n = Math.max(1, line - CONTEXT_LINES); n <= Math.min(lines.length, line + CONTEXT_LINES); n++) context.push([n, lines[n - 1]]);
    frames.push({ fn: (m[1] ?? '').replace(/^async /, ''), file, line, column, user: isUserFile(file), context });
  }
  return frames;
}

function pairs(source: () => Iterable<[string, string]>): Array<[string, string]> {
  try {
    return [...source()];
  } catch (error) {
    return [['(unreadable)', String(error)]];
  }
}

/**
 * Whether `error` is an Error, from this realm or another: a vm context's, or one a native addon
 * made with the constructor of the realm that loaded it first (better-sqlite3's SqliteError under
 * jest), which `instanceof Error` here does not recognize.
 */
export function isErrorLike(error: unknown): error is Error {
  if (error instanceof Error || types.isNativeError(error)) return true;
  const e = error as { name?: unknown; message?: unknown; stack?: unknown } | null;
  return typeof e === 'object' && e !== null && typeof e.message === 'string' && typeof e.stack === 'string';
}

/** What the page shows of `error`, taken now (the request may change later). */
export function reportException(error: unknown, request: Request): ExceptionReport {
  const isError = isErrorLike(error);
  const stack = isError ? String(error.stack ?? `${error.name}: ${error.message}`) : `${typeof error}: ${repr(error)}`;
  return {
    name: isError ? error.name : typeof error,
    message: isError ? error.message : repr(error),
    stack,
    frames: isError ? parseFrames(stack) : [],
    request: {
      method: request.method,
      url: request.url,
      remoteAddr: request.remoteAddr,
      headers: { ...request.headers },
      GET: pairs(() => request.GET.items()),
      POST: pairs(() => (request.method === 'POST' || request.method === 'PUT' || request.method === 'PATCH' ? request.POST.items() : [])),
    },
  };
}

function frameHtml(frame: Frame): string {
  const where = `${escapeHtml(frame.file)}:${frame.line}:${frame.column}`;
  const head = `<div class="pdtb-frame-head"><code>${escapeHtml(frame.fn || '<top level>')}</code> at <span class="pdtb-file">${where}</span></div>`;
  if (!frame.context.length) return `<li class="pdtb-frame${frame.user ? ' pdtb-user' : ''}">${head}</li>`;
  const source = frame.context
    .map(([n, text]) => `<span class="pdtb-line${n === frame.line ? ' pdtb-current' : ''}"><span class="pdtb-lineno">${n}</span>${escapeHtml(text)}</span>`)
    .join('\n');
  const pre = `<pre class="pdtb-source">${source}</pre>`;
  // The app's own frames open; the framework's and packages' fold away.
  return `<li class="pdtb-frame${frame.user ? ' pdtb-user' : ''}">${frame.user ? head + pre : `<details><summary>${head}</summary>${pre}</details>`}</li>`;
}

/** The exception as HTML, for the page and the traceback panel. */
export function exceptionHtml(report: ExceptionReport): string {
  const frames = report.frames.length
    ? `<ol class="pdtb-frames">${report.frames.map(frameHtml).join('')}</ol>`
    : `<pre>${escapeHtml(report.stack)}</pre>`;
  const r = report.request;
  return (
    `<h2 class="pdtb-error">${escapeHtml(report.name)}: ${escapeHtml(report.message)}</h2>` +
    section('Traceback (most recent call first)', frames) +
    section('Request', table([['method', r.method], ['url', r.url], ['client address', r.remoteAddr ?? '']])) +
    section('GET', table(r.GET)) +
    section('POST', table(r.POST)) +
    section('Headers', table(Object.entries(r.headers))) +
    section('Stack as Node printed it', `<pre>${escapeHtml(report.stack)}</pre>`)
  );
}

/** The plain-text page, for clients that do not ask for HTML (curl, scripts, XHR). */
export function exceptionText(report: ExceptionReport, toolbarUrl: string): string {
  const lines = [`${report.name}: ${report.message}`, '', `${report.request.method} ${report.request.url}`, '', 'Traceback (most recent call first):'];
  for (const frame of report.frames) {
    lines.push(`  ${frame.fn || '<top level>'} at ${frame.file}:${frame.line}:${frame.column}`);
    const current = frame.user ? frame.context.find(([n]) => n === frame.line) : undefined;
    if (current) lines.push(`    ${current[1].trim()}`);
  }
  if (!report.frames.length) lines.push(report.stack);
  lines.push('', `This request in the debug toolbar: ${toolbarUrl}`, '');
  return lines.join('\n');
}
