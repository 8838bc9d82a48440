'use strict';
// Fastify 5 + @fastify/cookie (a signed `session` cookie holding JSON) + @fastify/view with nunjucks.
const path = require('node:path');
const fastify = require('fastify')();

fastify.register(require('@fastify/cookie'), { secret: 'itsaseekreet' });
fastify.register(require('@fastify/view'), {
  engine: { nunjucks: require('nunjucks') },
  root: path.join(__dirname, 'templates'),
  options: { autoescape: true },
  production: true, // compile once
});

function readCounter(request) {
  const raw = request.cookies.session;
  if (!raw) return 0;
  const { valid, value } = request.unsignCookie(raw);
  if (!valid) return 0;
  try {
    return JSON.parse(value).counter || 0;
  } catch {
    return 0;
  }
}

function page(name) {
  return (request, reply) => {
    const count = readCounter(request) + 1;
    reply.setCookie('session', JSON.stringify({ counter: count }), { signed: true, path: '/', sameSite: 'lax' });
    return reply.view('home.njk', { name, count });
  };
}
fastify.get('/', page('Home View'));
fastify.get('/howdy', page('Hello View'));
fastify.listen({ port: Number(process.argv[2]), host: '127.0.0.1' });
