'use strict';
// The page check every contestant passes before it is measured: `/` and `/howdy` serve the
// tutorial's page (byte for byte, as tutorial/home.pt renders it), the count is 1 without a
// cookie and 2 with the cookie the first response set, and a `session` cookie is set. For the
// contestants that use Pyramid's cookie layout, the cookie is also verified: HMAC-SHA512 with
// the tutorial's key over a [accessed, created, {"counter": N}] payload.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { get } = require('./procs');

const TEMPLATE = fs.readFileSync(path.join(__dirname, '..', '..', 'tutorial', 'home.pt'), 'utf8');
const KEY = Buffer.from('pyramid.session.itsaseekreet', 'latin1');

/** The tutorial page as home.pt renders it. */
function expectedPage(name, count) {
  return TEMPLATE.replace(/\$\{name\}/g, name).replace(/\$\{view\.counter\}/g, String(count));
}

const sameText = (a, b) => a.replace(/\n$/, '') === b.replace(/\n$/, '');

/** `name=value` of every Set-Cookie, joined as a Cookie header would carry them. */
function cookieHeader(setCookies) {
  return (setCookies || []).map((c) => c.split(';')[0].trim()).join('; ');
}

/** Decodes and verifies a Pyramid session cookie value; throws with the reason. */
function pyramidSession(value) {
  const raw = Buffer.from(value, 'base64url');
  if (raw.length <= 64) throw new Error(`session cookie too short (${raw.length} bytes)`);
  const payload = raw.subarray(64);
  const sig = crypto.createHmac('sha512', KEY).update(payload).digest();
  if (!crypto.timingSafeEqual(sig, raw.subarray(0, 64))) throw new Error('session cookie: bad HMAC-SHA512 signature');
  const text = payload.toString('utf8');
  const data = JSON.parse(text);
  if (!Array.isArray(data) || data.length !== 3 || typeof data[0] !== 'number' || typeof data[1] !== 'number' || typeof data[2] !== 'object') {
    throw new Error(`session payload is not [accessed, created, state]: ${text}`);
  }
  return { accessed: data[0], created: data[1], state: data[2], text };
}

async function page(port, urlPath, cookie, name, count, pyramidLayout) {
  const res = await get(port, urlPath, cookie ? { cookie } : {});
  const what = `GET ${urlPath}${cookie ? ' with its cookie' : ''}`;
  if (res.status !== 200) throw new Error(`${what}: status ${res.status}, not 200`);
  if (!/^text\/html/i.test(res.headers['content-type'] || '')) throw new Error(`${what}: Content-Type ${res.headers['content-type']}, not text/html`);
  const want = expectedPage(name, count);
  if (!sameText(res.body, want)) {
    throw new Error(`${what}: wrong page; expected\n${want}\n--- got ---\n${res.body.slice(0, 400)}`);
  }
  const setCookies = res.headers['set-cookie'] || [];
  const session = setCookies.find((c) => /^session=/.test(c));
  if (!session) throw new Error(`${what}: no Set-Cookie for 'session' (got ${JSON.stringify(setCookies)})`);
  if (pyramidLayout) {
    const decoded = pyramidSession(session.slice('session='.length).split(';')[0]);
    if (decoded.state.counter !== count) throw new Error(`${what}: cookie state ${JSON.stringify(decoded.state)}, expected counter ${count}`);
    if (!/;\s*Path=\/(;|$)/.test(session) || !/;\s*SameSite=Lax/i.test(session)) throw new Error(`${what}: Set-Cookie lacks Path=/ or SameSite=Lax: ${session}`);
  }
  return cookieHeader(setCookies);
}

/**
 * Checks a contestant; resolves to the Cookie header (the count-1 session) that cookie mode
 * sends on every request, or rejects with what is wrong.
 */
async function checkContestant(port, { pyramidLayout = false } = {}) {
  const cookie = await page(port, '/', null, 'Home View', 1, pyramidLayout);
  await page(port, '/howdy', cookie, 'Hello View', 2, pyramidLayout);
  const again = await page(port, '/howdy', null, 'Hello View', 1, pyramidLayout);
  await page(port, '/', again, 'Home View', 2, pyramidLayout);
  return cookie;
}

module.exports = { checkContestant, cookieHeader };
