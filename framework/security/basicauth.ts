/**
 * HTTP Basic credentials from a request (Pyramid's `extract_http_basic_credentials`), for a
 * security policy that logs API clients in by `Authorization: Basic ...`.
 *
 * @example
 *   const credentials = extractHttpBasicCredentials(request);
 *   if (credentials && await checkPassword(credentials.password, USERS.get(credentials.username))) ...
 */
import { headerValue } from '../response';
import { pyB64decode } from './pybase64';

export interface HTTPBasicCredentials {
  username: string;
  password: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The username and password of a Basic `Authorization` header, or null when there is none or it is malformed. */
export function extractHttpBasicCredentials(request: { headers: Record<string, string | string[] | undefined> }): HTTPBasicCredentials | null {
  const authorization = headerValue(request.headers, 'Authorization');
  if (!authorization) return null;
  const space = authorization.indexOf(' ');
  if (space === -1 || authorization.slice(0, space).toLowerCase() !== 'basic') return null;
  const bytes = pyB64decode(authorization.slice(space + 1).trim());
  if (bytes === null) return null;
  // UTF-8 first, then Latin-1, as Pyramid (browsers disagree on the encoding).
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = bytes.toString('latin1');
  }
  const colon = text.indexOf(':');
  return colon === -1 ? null : { username: text.slice(0, colon), password: text.slice(colon + 1) };
}
