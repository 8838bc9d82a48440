#!/usr/bin/env node
'use strict';
/**
 * What security costs per request, in process (app.invoke, no HTTP, so a busy machine matters
 * less): the same view served by the same app, without security, and behind `permission`
 * with a logged-in AuthTkt cookie (the Quick Tutorial's policy: AuthTkt identify, then an ACL
 * check on the root). Then the two steps alone. `node bench/security.js [--quick]`; each line
 * is the fastest of 7 batches, in µs per request.
 */
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
process.chdir(ROOT); // the hook reads tsconfig.json from the working directory
require('./lib/profile').projectHook().register();

const quick = process.argv.includes('--quick');
const { Configurator } = require('../framework/config');
const { Request } = require('../framework/request');
const { Response } = require('../framework/response');
const { ACLHelper, Allow, Authenticated, AuthTktCookieHelper, Everyone } = require('../framework/security');
const { batchTimes } = require('./lib/timing');

/** µs per call: the fastest of 7 calibrated batches (on a shared machine, the least disturbed). */
function measure(fn) {
  return batchTimes(fn, quick ? 3 : 7)[0];
}

const SECRET = '98zd';
const USERS = new Set(['editor', 'viewer']);
const ROOT_ACL = [[Allow, Everyone, 'view'], [Allow, 'group:editors', 'edit']];

/** The Quick Tutorial's authorization step's policy. */
class SecurityPolicy {
  constructor(secret) {
    this.authtkt = new AuthTktCookieHelper(secret);
    this.acl = new ACLHelper();
  }
  identity(request) {
    const identity = this.authtkt.identify(request);
    return identity !== null && USERS.has(identity.userid) ? identity : null;
  }
  authenticatedUserid(request) {
    const identity = this.identity(request);
    return identity === null ? null : identity.userid;
  }
  permits(request, context, permission) {
    const userid = this.authenticatedUserid(request);
    const principals = userid === null ? [Everyone] : [Everyone, Authenticated, 'u:' + userid, ...(userid === 'editor' ? ['group:editors'] : [])];
    return this.acl.permits(context, principals, permission);
  }
  remember(request, userid) {
    return this.authtkt.remember(request, userid);
  }
  forget(request) {
    return this.authtkt.forget(request);
  }
}

function makeApp(secured) {
  const config = new Configurator({ rootFactory: () => ({ __acl__: ROOT_ACL }) });
  if (secured) config.setSecurityPolicy(new SecurityPolicy(SECRET));
  config.addRoute('hello', '/howdy');
  config.addView(() => new Response('Hello View'), secured ? { routeName: 'hello', permission: 'edit' } : { routeName: 'hello' });
  return config.makeWsgiApp();
}

const plain = makeApp(false);
const secured = makeApp(true);
const helper = new AuthTktCookieHelper(SECRET);
const cookie = helper.remember({ cookies: {}, hostname: '127.0.0.1', addResponseCallback() {} }, 'editor')[0][1].split(';')[0];
const headers = { host: '127.0.0.1:6543', 'user-agent': 'wrk', accept: '*/*', cookie };
const request = (app) => new Request({ method: 'GET', url: '/howdy', headers, registry: app.registry });

for (const [app, status] of [[plain, 200], [secured, 200]]) {
  const response = app.invoke(request(app));
  if (response.statusInt !== status) throw new Error(`bench set-up: expected ${status}, got ${response.status}`);
}
const denied = secured.invoke(new Request({ method: 'GET', url: '/howdy', headers: { host: '127.0.0.1' }, registry: secured.registry }));
if (denied.statusInt !== 403) throw new Error(`bench set-up: anonymous should be 403, got ${denied.status}`);

const parsed = request(secured);
void parsed.cookies;
const rows = [
  ['same view, no security (app.invoke)', () => plain.invoke(request(plain))],
  ["behind permission='edit', logged-in auth_tkt cookie", () => secured.invoke(request(secured))],
  ['  AuthTktCookieHelper.identify alone (sha512 ×2)', () => helper.identify(parsed)],
  ['  ACLHelper.permits alone (root ACL, 4 principals)', () => new ACLHelper().permits({ __acl__: ROOT_ACL }, [Everyone, Authenticated, 'u:editor', 'group:editors'], 'edit')],
];
console.log(`security micro-bench: Node ${process.version}; µs per request (fastest of ${quick ? 3 : 7} batches), in process`);
const results = rows.map(([what, fn]) => {
  const us = measure(fn);
  console.log(`${what.padEnd(56)} ${us.toFixed(2).padStart(8)}`);
  return us;
});
console.log(`\nsecurity costs ${(results[1] - results[0]).toFixed(2)} µs per request (${results[1].toFixed(2)} vs ${results[0].toFixed(2)} µs).`);
