// Row "turf-wire": the bytes of `GET /api/turfs/:id` as the server sends them to a browser
// (Accept-Encoding: gzip, the body counted before any decoding), per door, for the example turf
// (config/example-turf-paris-7.csv, which sandbox mode gives the demo canvasser) and a generated
// 2,000-door turf. Baseline, from the same answers: the same doors with their whole address each,
// as plain JSON gzipped alike (level 9), which is what the places of the wire format save.

import http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { decodeTurf, type TurfListResponse, type TurfWire } from '../src/shared/turf-schema';
import { generatedDoors, seedTurf } from './bench-turf';
import type { BenchContext } from './context';
import type { RowResult } from './row-result';
import { BENCH_DEMO_CODE, startSandboxServer } from './sandbox-server';

const TARGET_BYTES_PER_DOOR = 40;
export const BENCH_TURF_DOORS = 2_000;

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function get(url: string, headers: Record<string, string>, method = 'GET', payload?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

interface Measured {
  label: string;
  doors: number;
  places: number;
  wireBytes: number;
  encoding: string;
  plainBytes: number;
  naiveGzipBytes: number;
}

async function measureTurf(baseUrl: string, label: string): Promise<Measured> {
  const signIn = await get(
    `${baseUrl}/api/session`,
    { 'content-type': 'application/json', origin: baseUrl },
    'POST',
    JSON.stringify({ accessCode: BENCH_DEMO_CODE }),
  );
  if (signIn.status !== 200) throw new Error(`sign-in answered ${signIn.status}: ${signIn.body.toString()}`);
  const cookie = (signIn.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  const list = await get(`${baseUrl}/api/turfs`, { cookie });
  if (list.status !== 200) throw new Error(`GET /api/turfs answered ${list.status}`);
  const turfs = (JSON.parse(list.body.toString()) as TurfListResponse).turfs;
  if (!turfs[0]) throw new Error(`${label}: the demo canvasser has no turf`);
  const res = await get(`${baseUrl}/api/turfs/${encodeURIComponent(turfs[0].id)}`, { cookie, 'accept-encoding': 'gzip, deflate, br' });
  if (res.status !== 200) throw new Error(`GET /api/turfs/:id answered ${res.status}`);
  const encoding = String(res.headers['content-encoding'] ?? 'identity');
  const plain = encoding === 'gzip' ? (await import('node:zlib')).gunzipSync(res.body) : res.body;
  const wire = JSON.parse(plain.toString()) as TurfWire;
  const naive = Buffer.from(JSON.stringify(decodeTurf(wire)));
  return {
    label,
    doors: wire.doors.length,
    places: wire.places.length,
    wireBytes: res.body.length,
    encoding,
    plainBytes: plain.length,
    naiveGzipBytes: gzipSync(naive, { level: 9 }).length,
  };
}

export async function runTurfWire(ctx: BenchContext): Promise<RowResult[]> {
  // The API alone: a page is served but never loaded.
  const dist = path.join(ctx.tmp, 'turf-wire-dist');
  mkdirSync(dist, { recursive: true });
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>bench</title>');
  const example = await startSandboxServer(dist);
  const generated = await startSandboxServer(dist, { SANDBOX_EXAMPLE_TURF: 'off' }, (dir) =>
    seedTurf(dir, 'Bench 2,000 doors', generatedDoors(BENCH_TURF_DOORS)),
  );
  let results: Measured[];
  try {
    results = [await measureTurf(example.url, 'example turf (Paris 7e)'), await measureTurf(generated.url, 'generated turf')];
  } finally {
    await example.stop().catch(() => undefined);
    await generated.stop().catch(() => undefined);
  }
  const per = (r: Measured, bytes: number) => bytes / r.doors;
  const worst = Math.max(...results.map((r) => per(r, r.wireBytes)));
  const allGzip = results.every((r) => r.encoding === 'gzip');
  const fmt = (r: Measured) =>
    `${r.label}: ${r.doors.toLocaleString('en')} doors, ${r.wireBytes.toLocaleString('en')} B ${r.encoding} = ${per(r, r.wireBytes).toFixed(1)} B a door`;
  for (const r of results) ctx.log(fmt(r));
  return [
    {
      id: 'turf-wire',
      what: 'turf on the wire',
      figure: results.map(fmt).join('; '),
      baseline: results
        .map((r) => `${r.label}: every door with its whole address, gzip -9: ${per(r, r.naiveGzipBytes).toFixed(1)} B a door`)
        .join('; '),
      result: `${worst.toFixed(1)} B a door (the larger of the two)`,
      target: `≤ ${TARGET_BYTES_PER_DOOR} B a door gzipped`,
      verdict: allGzip && worst <= TARGET_BYTES_PER_DOOR ? 'met' : 'missed',
      note:
        `GET /api/turfs/:id with Accept-Encoding "gzip, deflate, br", bytes of the body as sent (before decoding), no visits yet. ` +
        results
          .map(
            (r) =>
              `${r.label}: ${r.places} places, ${r.plainBytes.toLocaleString('en')} B before compression (${per(r, r.plainBytes).toFixed(1)} B a door)`,
          )
          .join('; ') +
        '.' +
        (allGzip ? '' : ' The server did not gzip every answer.'),
      data: results,
    },
  ];
}
