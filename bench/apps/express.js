'use strict';
// Express 5 + cookie-session (signed: `session` and `session.sig`) + nunjucks.
const path = require('node:path');
const express = require('express');
const cookieSession = require('cookie-session');
const nunjucks = require('nunjucks');

const app = express();
nunjucks.configure(path.join(__dirname, 'templates'), { autoescape: true, express: app });
app.set('view engine', 'njk');
app.use(cookieSession({ name: 'session', keys: ['itsaseekreet'], sameSite: 'lax', httpOnly: false }));

function page(name) {
  return (req, res) => {
    req.session.counter = (req.session.counter || 0) + 1;
    res.render('home', { name, count: req.session.counter });
  };
}
app.get('/', page('Home View'));
app.get('/howdy', page('Hello View'));
app.listen(Number(process.argv[2]), '127.0.0.1');
