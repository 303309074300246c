// The proxy row's floor for Node: the "minimal Fastify + zod proxy", in a process of its
// own. POST /api/contacts is checked with the shared contract and forwarded with the Bearer key over
// an undici keep-alive pool, as Doorstep does, and nothing else: no session, no campaign check, no
// idempotency store, no security headers, no logger. What Doorstep costs beyond it is what its
// pipeline costs (bench/README.md, "proxy").
//
//   tsx bench/proxy/minimal-proxy.ts   (env: UPSTREAM_URL, API_KEY; prints "listening on PORT")

import Fastify from 'fastify';
import { Pool } from 'undici';
import { contactRequestSchema } from '../../src/shared/consent-proof';

const upstream = new URL(process.env.UPSTREAM_URL ?? 'http://127.0.0.1:9');
const pool = new Pool(upstream.origin, { connections: 128, keepAliveTimeout: 120_000 });
const authorization = `Bearer ${process.env.API_KEY ?? ''}`;
const app = Fastify({ logger: false });

app.post('/api/contacts', async (request, reply) => {
  const parsed = contactRequestSchema.safeParse(request.body);
  if (!parsed.success) return reply.code(422).send({ title: 'The contact is not valid' });
  const res = await pool.request({
    path: '/contacts/upsert',
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    // Qomon's body: the proof, which Doorstep turns into a note, is left out.
    body: JSON.stringify({ kind: parsed.data.kind, data: parsed.data.data }),
  });
  await res.body.text();
  return res.statusCode >= 200 && res.statusCode < 300
    ? reply.code(202).send({ status: 'accepted' })
    : reply.code(502).send({ title: `Upstream answered ${res.statusCode}` });
});

app.listen({ port: 0, host: '127.0.0.1' }).then(() => {
  const addr = app.server.address();
  console.log(`listening on ${typeof addr === 'object' && addr ? addr.port : 0}`);
});
const stop = () =>
  void app
    .close()
    .then(() => pool.close())
    .then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
