// The upstream of the proxy row, in a process of its own (so it never shares an event loop with
// the proxy under test): a minimal Node HTTP server standing in for Qomon's /contacts/upsert. It
// reads the body, checks the Bearer key, and answers 202 at once or after DELAY_MS.
//
//   tsx bench/proxy/upstream-server.ts   (env: DELAY_MS, API_KEY; prints "listening on PORT")

import http from 'node:http';

const delayMs = Number(process.env.DELAY_MS ?? 0);
const expected = `Bearer ${process.env.API_KEY ?? ''}`;
const accepted = Buffer.from('{"status":"accepted"}');
const refused = Buffer.from('{"type":"about:blank","title":"Unauthorized","status":401}');
let received = 0;
let unauthorized = 0;

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/__stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ received, unauthorized }));
    return;
  }
  req.on('data', () => undefined);
  req.on('end', () => {
    received++;
    const ok = req.headers.authorization === expected;
    if (!ok) unauthorized++;
    const answer = () => {
      const body = ok ? accepted : refused;
      res.writeHead(ok ? 202 : 401, {
        'content-type': ok ? 'application/json' : 'application/problem+json',
        'content-length': body.length,
      });
      res.end(body);
    };
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
});
// Keep-alive for as long as the load lasts, and no limit of requests per connection.
server.keepAliveTimeout = 120_000;
server.headersTimeout = 125_000;
server.maxRequestsPerSocket = 0;
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  console.log(`listening on ${typeof addr === 'object' && addr ? addr.port : 0}`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
