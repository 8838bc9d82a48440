'use strict';
// The floor: plain node:http doing the tutorial's work by hand with the least code possible.
// Pyramid's cookie layout: session = base64url(HMAC-SHA512(salt + secret, payload) || payload),
// payload = Python-style JSON [accessed, created, {"counter": N}]; timeout 1200 s as Pyramid's.
const http = require('node:http');
const crypto = require('node:crypto');
const path = require('node:path');
const nunjucks = require('nunjucks');

const KEY = Buffer.from('pyramid.session.itsaseekreet', 'latin1');
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(path.join(__dirname, 'templates')), { autoescape: true });
const template = env.getTemplate('home.njk', true); // compiled once
const NAMES = { '/': 'Home View', '/howdy': 'Hello View' };

function readSession(header) {
  if (!header) return null;
  const m = /(?:^|;\s*)session=([^;]*)/.exec(header);
  if (!m) return null;
  const raw = Buffer.from(m[1], 'base64url');
  if (raw.length <= 64) return null;
  const payload = raw.subarray(64);
  const sig = crypto.createHmac('sha512', KEY).update(payload).digest();
  if (!crypto.timingSafeEqual(sig, raw.subarray(0, 64))) return null;
  try {
    const [accessed, created, state] = JSON.parse(payload.toString('utf8'));
    if (Date.now() / 1000 - accessed > 1200) return { created: Number(created), state: {} };
    return { created: Number(created), state };
  } catch {
    return null;
  }
}

const pyFloat = (x) => (Number.isInteger(x) ? `${x}.0` : String(x));

/** The page for a path and a Cookie header: { cookie, body }, or null for a 404. */
function page(url, cookieHeader) {
  const name = NAMES[url];
  if (name === undefined) return null;
  const now = Date.now() / 1000;
  const session = readSession(cookieHeader) || { created: now, state: {} };
  const count = (session.state.counter || 0) + 1;
  session.state.counter = count;
  const items = Object.keys(session.state).map((k) => `${JSON.stringify(k)}: ${JSON.stringify(session.state[k])}`);
  const payload = Buffer.from(`[${Math.floor(now)}, ${pyFloat(session.created)}, {${items.join(', ')}}]`);
  const sig = crypto.createHmac('sha512', KEY).update(payload).digest();
  return { cookie: Buffer.concat([sig, payload]).toString('base64url'), body: template.render({ name, count }) };
}

function handler(req, res) {
  const p = page(req.url, req.headers.cookie);
  if (p === null) {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('Not Found');
    return;
  }
  res.writeHead(200, {
    'Set-Cookie': `session=${p.cookie}; Path=/; SameSite=Lax`,
    'Content-Type': 'text/html; charset=UTF-8',
    'Content-Length': Buffer.byteLength(p.body),
  });
  res.end(p.body);
}

if (require.main === module) http.createServer(handler).listen(Number(process.argv[2]), '127.0.0.1');
// `page` and `template` for bench/micro.js; `app` (a PasteDeploy factory) lets pserve serve this same handler (floor-in-pserve.ini)
module.exports = { page, readSession, template, app: () => handler };
