/**
 * multipart/form-data bodies (what a browser posts for `<form enctype="multipart/form-data">`,
 * as deform's forms are) as `request.POST`: each part's name and text value, in order. A part
 * carrying a file (a non-empty filename) is refused with a 400 for now: MultiDict holds text.
 * Anything malformed is a 400 naming what is wrong, never a crash; more parts than the app's
 * `pyramid.max_form_params` is a 413.
 */
import { HTTPBadRequest, HTTPRequestEntityTooLarge } from './httpexceptions';
import { MultiDict } from './multidict';

/** The boundary parameter of a multipart Content-Type header, or null. */
function boundaryOf(contentType: string): string | null {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2]) : null;
}

/** A Content-Disposition parameter (`name="x"`), unquoted; browsers escape `"` as %22. */
function dispositionParam(header: string, key: string): string | null {
  const match = new RegExp(`;\\s*${key}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i').exec(header);
  if (!match) return null;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2];
}

function bad(detail: string): HTTPBadRequest {
  return new HTTPBadRequest({ detail: `The multipart/form-data body is malformed: ${detail}` });
}

export function parseMultipart(body: Buffer, contentType: string, limit: number): MultiDict {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw bad('its Content-Type names no boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const closing = Buffer.from(`\r\n--${boundary}`);
  const pairs: Array<[string, string]> = [];
  let at = body.indexOf(delimiter);
  if (at === -1) throw bad(`no part starts with the boundary ${JSON.stringify(boundary)}`);
  for (;;) {
    let start = at + delimiter.length;
    const after = body.subarray(start, start + 2).toString('latin1');
    if (after === '--') return new MultiDict(pairs);
    if (after !== '\r\n') throw bad('a boundary line does not end in CRLF');
    start += 2;
    const next = body.indexOf(closing, start);
    if (next === -1) throw bad('the last part is not closed by the boundary');
    const part = body.subarray(start, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) throw bad('a part has no blank line after its headers');
    const headers = part.subarray(0, headerEnd).toString('utf-8').split('\r\n');
    const disposition = headers.find((h) => /^content-disposition\s*:/i.test(h));
    const name = disposition ? dispositionParam(disposition, 'name') : null;
    if (name === null) throw bad('a part has no Content-Disposition name');
    const filename = disposition ? dispositionParam(disposition, 'filename') : null;
    const value = part.subarray(headerEnd + 4);
    // As webob: a file input left empty (filename="") is an empty text field.
    if (filename) throw new HTTPBadRequest({ detail: `File uploads (the part '${name}' carries the file '${filename}') are not supported yet` });
    if (pairs.length >= limit) {
      throw new HTTPRequestEntityTooLarge({ detail: `The form body has more than ${limit} parameters (the app's limit, setting pyramid.max_form_params).` });
    }
    pairs.push([name, value.toString('utf-8')]);
    at = next + 2;
  }
}
