'use strict';
// The ladder's bottom rung: node:http answering the tutorial page as a fixed string (no
// session, no template): what the HTTP stack alone costs on this machine.
// `node hello.js PORT` serves it; bench/listener.js takes the handler.
const http = require('node:http');

const page = (name) => `<!DOCTYPE html>\n<html lang="en">\n<head>\n    <title>Quick Tutorial: ${name}</title>\n</head>\n<body>\n<h1>Hi ${name}</h1>\n<p>Count: 1</p>\n</body>\n</html>\n`;
const PAGES = { '/': page('Home View'), '/howdy': page('Hello View') };

function handler(req, res) {
  const body = PAGES[req.url];
  if (body === undefined) {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('Not Found');
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/html; charset=UTF-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

if (require.main === module) http.createServer(handler).listen(Number(process.argv[2]), '127.0.0.1');

module.exports = { handler };
