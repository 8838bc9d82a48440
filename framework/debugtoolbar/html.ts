/**
 * The few HTML pieces every panel and page is made of: escaping, a value's repr, a table of
 * name/value rows. Values are shown with Node's `util.inspect` (Python's toolbar uses `repr`),
 * bounded in depth and length so that one huge object cannot make a page unusable.
 */
import { inspect } from 'node:util';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** A value as a developer reads it: strings as they are, anything else through `util.inspect`. */
export function repr(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return inspect(value, { depth: 3, breakLength: 100, maxArrayLength: 50, maxStringLength: 2000 });
  } catch (error) {
    return `<unprintable: ${String(error)}>`;
  }
}

/** A two-column table; `empty` is shown instead when there are no rows. */
export function table(rows: Iterable<[unknown, unknown]>, headings: [string, string] = ['Name', 'Value'], empty = 'None'): string {
  let body = '';
  for (const [name, value] of rows) body += `<tr><td>${escapeHtml(name)}</td><td><pre>${escapeHtml(repr(value))}</pre></td></tr>`;
  if (!body) return `<p class="pdtb-empty">${escapeHtml(empty)}</p>`;
  return `<table class="pdtb-table"><thead><tr><th>${escapeHtml(headings[0])}</th><th>${escapeHtml(headings[1])}</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** A table of several columns; each row's cells are already HTML. */
export function grid(headings: string[], rows: string[][], empty = 'None'): string {
  if (!rows.length) return `<p class="pdtb-empty">${escapeHtml(empty)}</p>`;
  const head = headings.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((cells) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
  return `<table class="pdtb-table"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** A section title and its content. */
export function section(title: string, content: string): string {
  return `<h4>${escapeHtml(title)}</h4>${content}`;
}
