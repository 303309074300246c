// Row "proxy": requests/s and p50/p99 of POST /api/contacts through the real Doorstep server in
// qomon mode (session, validation, campaign check, idempotency store, forwarding), against nginx
// as a plain keep-alive reverse proxy adding the Bearer header, against the upstream called
// directly, and, as Node's floor, against a minimal Fastify + zod proxy (proxy/minimal-proxy.ts);
// wrk as the load generator for all four (µs latency resolution), at 10 and 100 connections, with
// an instant upstream and with one that answers after 50 ms. Every process runs on its own
// (upstream, Doorstep, nginx, the minimal proxy, wrk), on loopback, pinned to nothing.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { CanvasserDirectory } from '../src/server/auth/canvasser-directory';
import type { BenchContext } from './context';
import { median, ms, pct, ratio, rps } from './median';
import { freePort, groupCpuSeconds, startChild, stopAll, waitForPort, type Child } from './processes';
import { parseWrk, wrkScript, type WrkResult } from './proxy/wrk-script';
import type { RowResult } from './row-result';
import { sampleContact } from './sample-contact';
import { ensureDebianTool } from './tools';
import { BENCH_DIR, PROJECT_ROOT } from './vite-build';

const TSX = path.join(PROJECT_ROOT, 'node_modules/.bin/tsx');
const API_KEY = `bench_${randomBytes(12).toString('hex')}`;
const SESSION_SECRET = randomBytes(36).toString('base64url');
const ACCESS_CODE = 'bench-proxy-code';
const TARGETS = ['direct', 'nginx', 'minimal', 'doorstep'] as const;
type Target = (typeof TARGETS)[number];
const CONNECTIONS = [10, 100] as const;
const UPSTREAMS = [
  { name: 'instant', delayMs: 0 },
  { name: '50 ms', delayMs: 50 },
] as const;

interface Point {
  upstream: string;
  connections: number;
  target: Target;
  runs: { rps: number; p50Ms: number; p99Ms: number; errors: number; cpuUsPerRequest: number | undefined; loop: LoopReport | undefined }[];
  /** Doorstep's event loop during the runs (medians). */
  loop: LoopReport | undefined;
  rps: number;
  /** CPU time the proxy's processes (not wrk's, not the upstream's) spent per request, in µs:
   * the figure a noisy machine disturbs least. Undefined for direct (no proxy) or off Linux. */
  cpuUsPerRequest: number | undefined;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

/** A clean environment for a child: PATH and HOME, and what it is given. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'LANG']) if (process.env[k]) env[k] = process.env[k];
  return { ...env, ...extra };
}

function nginxConf(prefix: string, port: number, upstreamPort: number): string {
  return `daemon off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${prefix}/tmp/body;
  proxy_temp_path ${prefix}/tmp/proxy;
  # nginx's default of 1,000 requests per connection would reconnect wrk every 1,000 requests.
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  upstream qomon {
    server 127.0.0.1:${upstreamPort};
    keepalive 256;
    keepalive_requests 1000000;
    keepalive_timeout 120s;
  }
  server {
    listen 127.0.0.1:${port};
    location = /api/contacts {
      proxy_pass http://qomon/contacts/upsert;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Authorization "Bearer ${API_KEY}";
    }
  }
}
`;
}

export interface LoopReport {
  seq: number;
  elu: number;
  cores: number;
  delayP50Ms: number;
  delayP99Ms: number;
  delayMaxMs: number;
}

/** Asks the Doorstep process for its event-loop report since the last ask (see loop-monitor.ts). */
async function loopReport(child: Child, seq: number): Promise<LoopReport | undefined> {
  if (!child.running() || child.proc.pid === undefined) return undefined;
  process.kill(child.proc.pid, 'SIGUSR2');
  const until = Date.now() + 3000;
  while (Date.now() < until) {
    const lines = child
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('BENCH_LOOP '));
    const report = lines.map((l) => JSON.parse(l.slice('BENCH_LOOP '.length)) as LoopReport).find((r) => r.seq === seq);
    if (report) return report;
    await new Promise((r) => setTimeout(r, 20));
  }
  return undefined;
}

interface Servers {
  /** The process behind each target, to say which one died. */
  children: Record<Target, Child>;
  urls: Record<Target, string>;
  /** The process group of each target's proxy (none for direct). */
  pgids: Record<Target, number | undefined>;
  headers: Record<Target, string[]>;
  upstream: Child;
  upstreamUrl: string;
}

async function startServers(ctx: BenchContext, dir: string, delayMs: number, nginxPath: string): Promise<Servers> {
  mkdirSync(dir, { recursive: true });
  const upstream = startChild(`upstream (${delayMs} ms)`, TSX, [path.join(BENCH_DIR, 'proxy/upstream-server.ts')], {
    cwd: PROJECT_ROOT,
    env: childEnv({ DELAY_MS: String(delayMs), API_KEY }),
  });
  const upstreamPort = Number((await upstream.waitFor(/listening on (\d+)/))[1]);
  const upstreamUrl = `http://127.0.0.1:${upstreamPort}`;

  // Doorstep, as `npm run serve` runs it, in qomon mode against that upstream.
  const dataDir = path.join(dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const canvassersFile = path.join(dataDir, 'canvassers.json');
  await new CanvasserDirectory(canvassersFile).add('Bench canvasser', ACCESS_CODE);
  // As `tsx src/server/main.ts` runs it (tsx's loader), plus a preloaded event-loop monitor.
  const doorstep = startChild(
    'doorstep',
    process.execPath,
    ['--import', 'tsx', '--import', pathToFileURL(path.join(BENCH_DIR, 'proxy/loop-monitor.ts')).href, 'src/server/main.ts'],
    {
      cwd: PROJECT_ROOT,
      env: childEnv({
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        CANVASSERS_FILE: canvassersFile,
        QOMON_API_KEY: API_KEY,
        QOMON_BASE_URL: upstreamUrl,
        SESSION_SECRET,
        CONTACTS_PER_MINUTE: '1000000',
        LOG_LEVEL: 'warn',
      }),
    },
  );
  const doorstepUrl = (await doorstep.waitFor(/on (http:\/\/127\.0\.0\.1:\d+) in qomon mode/))[1]!;
  const minimal = startChild(
    'minimal Fastify + zod proxy',
    process.execPath,
    ['--import', 'tsx', path.join(BENCH_DIR, 'proxy/minimal-proxy.ts')],
    {
      cwd: PROJECT_ROOT,
      env: childEnv({ UPSTREAM_URL: upstreamUrl, API_KEY }),
    },
  );
  const minimalPort = Number((await minimal.waitFor(/listening on (\d+)/))[1]);
  const signIn = await fetch(`${doorstepUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accessCode: ACCESS_CODE }),
  });
  if (signIn.status !== 200) throw new Error(`sign-in to Doorstep answered ${signIn.status}: ${await signIn.text()}`);
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('__Host-doorstep_session='));
  if (!cookie) throw new Error('Doorstep set no session cookie');

  const prefix = path.join(dir, 'nginx');
  mkdirSync(path.join(prefix, 'tmp'), { recursive: true });
  const nginxPort = await freePort();
  writeFileSync(path.join(prefix, 'nginx.conf'), nginxConf(prefix, nginxPort, upstreamPort));
  const nginx = startChild('nginx', nginxPath, ['-e', path.join(prefix, 'error.log'), '-p', prefix, '-c', path.join(prefix, 'nginx.conf')]);
  await waitForPort(nginxPort, 15_000, () => nginx.running());

  const servers: Servers = {
    urls: {
      direct: `${upstreamUrl}/contacts/upsert`,
      nginx: `http://127.0.0.1:${nginxPort}/api/contacts`,
      minimal: `http://127.0.0.1:${minimalPort}/api/contacts`,
      doorstep: `${doorstepUrl}/api/contacts`,
    },
    pgids: { direct: undefined, nginx: nginx.proc.pid, minimal: minimal.proc.pid, doorstep: doorstep.proc.pid },
    children: { direct: upstream, nginx, minimal, doorstep },
    headers: { direct: [`Authorization: Bearer ${API_KEY}`], nginx: [], minimal: [], doorstep: [`Cookie: ${cookie}`] },
    upstream,
    upstreamUrl,
  };
  // Each target answers one request as wrk will send it, or the row stops here.
  for (const t of TARGETS) {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() };
    for (const h of servers.headers[t]) headers[h.slice(0, h.indexOf(':'))] = h.slice(h.indexOf(':') + 1).trim();
    const res = await fetch(servers.urls[t], { method: 'POST', headers, body: JSON.stringify(sampleContact()) });
    if (res.status !== 202) throw new Error(`${t} answered ${res.status} to a valid contact: ${(await res.text()).slice(0, 300)}`);
  }
  ctx.log(`upstream ${upstreamUrl} (${delayMs} ms), doorstep ${doorstepUrl}, nginx :${nginxPort}: each answered 202`);
  return servers;
}

async function runWrk(
  wrkPath: string,
  script: string,
  url: string,
  headers: string[],
  connections: number,
  seconds: number,
): Promise<WrkResult> {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '--latency', '-s', script];
  for (const h of headers) args.push('-H', h);
  args.push(url, '--', String(Math.floor(Math.random() * 1e9)));
  const child = startChild('wrk', wrkPath, args);
  const killer = setTimeout(() => void child.stop(1000), (seconds + 30) * 1000);
  const { code } = await child.exited;
  clearTimeout(killer);
  if (code !== 0) throw new Error(`wrk exited with ${code}: ${child.stderr().slice(-1000)}`);
  return parseWrk(child.stdout());
}

export async function runProxy(ctx: BenchContext): Promise<RowResult[]> {
  const seconds = ctx.quick ? 3 : 10;
  const runs = 3;
  const warmSeconds = ctx.quick ? 1 : 3;
  const [wrk, nginx] = [await ensureDebianTool('wrk', 'wrk', ['-v']), await ensureDebianTool('nginx', 'nginx-light', ['-v'])];
  const what = 'proxy';
  const target = '≥ 0.5× nginx rps (instant upstream); p50 added ≤ 1 ms over direct at 10 connections';
  if (!wrk.ok)
    return [
      {
        id: 'proxy',
        what,
        figure: 'not measured',
        baseline: '—',
        result: '—',
        target,
        verdict: 'not measured',
        note: `No load generator: ${wrk.why}.`,
      },
    ];

  const dir = path.join(ctx.tmp, 'proxy');
  mkdirSync(dir, { recursive: true });
  const script = path.join(dir, 'post.lua');
  writeFileSync(script, wrkScript(JSON.stringify(sampleContact())));
  const targets: readonly Target[] = nginx.ok ? TARGETS : TARGETS.filter((t) => t !== 'nginx');
  if (!nginx.ok) ctx.log(`nginx missing: ${nginx.why}; the nginx baseline is not measured`);

  const points: Point[] = [];
  let loopSeq: number;
  for (const up of UPSTREAMS) {
    try {
      const servers = await startServers(ctx, path.join(dir, up.name.replace(/\W+/g, '')), up.delayMs, nginx.path ?? 'nginx');
      loopSeq = 0; // a new Doorstep process counts its reports from 1
      for (const t of targets) await runWrk(wrk.path!, script, servers.urls[t], servers.headers[t], 100, warmSeconds);
      for (const c of CONNECTIONS) {
        const acc = new Map<Target, Point['runs']>(targets.map((t) => [t, []]));
        for (let i = 0; i < runs; i++) {
          // Interleaved: a burst of load from elsewhere lands on every target, not on one.
          for (const t of targets) {
            if (t === 'doorstep') await loopReport(servers.children.doorstep, ++loopSeq);
            const cpuBefore = groupCpuSeconds(servers.pgids[t]);
            const r = await runWrk(wrk.path!, script, servers.urls[t], servers.headers[t], c, seconds).catch((err: Error) => {
              const dead = Object.values(servers.children).filter((ch) => !ch.running());
              throw new Error(
                `${err.message}${dead.map((ch) => `\n${ch.name} exited: ${ch.stderr().slice(-1500)} ${ch.stdout().slice(-500)}`).join('')}`,
              );
            });
            const cpuAfter = groupCpuSeconds(servers.pgids[t]);
            const loop = t === 'doorstep' ? await loopReport(servers.children.doorstep, ++loopSeq) : undefined;
            const errors = r.status_errors + r.connect_errors + r.read_errors + r.write_errors + r.timeouts;
            const cpuUsPerRequest =
              cpuBefore !== undefined && cpuAfter !== undefined && r.requests > 0 ? ((cpuAfter - cpuBefore) * 1e6) / r.requests : undefined;
            const point = {
              rps: r.requests / (r.duration_us / 1e6),
              p50Ms: r.p50_us / 1000,
              p99Ms: r.p99_us / 1000,
              errors,
              cpuUsPerRequest,
              loop,
            };
            acc.get(t)!.push(point);
            ctx.log(
              `upstream ${up.name}, ${c} conns, run ${i + 1}/${runs}, ${t}: ${rps(point.rps)}, p50 ${ms(point.p50Ms)}, p99 ${ms(point.p99Ms)}${cpuUsPerRequest !== undefined ? `, ${Math.round(cpuUsPerRequest)} µs CPU/req` : ''}${loop ? `, event loop busy ${pct(loop.elu)} using ${loop.cores.toFixed(2)} cores, loop delay p99 ${ms(loop.delayP99Ms)}` : ''}${errors ? `, ${errors} ERRORS` : ''}`,
            );
          }
        }
        for (const t of targets) {
          const rs = acc.get(t)!;
          points.push({
            upstream: up.name,
            connections: c,
            target: t,
            runs: rs,
            rps: median(rs.map((r) => r.rps)),
            p50Ms: median(rs.map((r) => r.p50Ms)),
            p99Ms: median(rs.map((r) => r.p99Ms)),
            cpuUsPerRequest: rs.every((r) => r.cpuUsPerRequest !== undefined) ? median(rs.map((r) => r.cpuUsPerRequest!)) : undefined,
            loop: rs.every((r) => r.loop !== undefined)
              ? {
                  seq: 0,
                  elu: median(rs.map((r) => r.loop!.elu)),
                  cores: median(rs.map((r) => r.loop!.cores)),
                  delayP50Ms: median(rs.map((r) => r.loop!.delayP50Ms)),
                  delayP99Ms: median(rs.map((r) => r.loop!.delayP99Ms)),
                  delayMaxMs: Math.max(...rs.map((r) => r.loop!.delayMaxMs)),
                }
              : undefined,
            errors: rs.reduce((s, r) => s + r.errors, 0),
          });
        }
      }
    } finally {
      await stopAll();
    }
  }

  const at = (upstream: string, c: number, t: Target) =>
    points.find((p) => p.upstream === upstream && p.connections === c && p.target === t);
  const ratioAt = (u: string, c: number, t: Target = 'doorstep') => {
    const d = at(u, c, t);
    const n = at(u, c, 'nginx');
    return d && n ? d.rps / n.rps : Number.NaN;
  };
  const addedAt = (u: string, c: number, t: Target = 'doorstep') => {
    const d = at(u, c, t);
    const x = at(u, c, 'direct');
    return d && x ? d.p50Ms - x.p50Ms : Number.NaN;
  };

  const rows: string[] = [
    `wrk ${wrk.version ?? ''}, 1 thread, ${runs} runs of ${seconds} s per point (median), after ${warmSeconds} s of warm-up per target; ${nginx.ok ? `${nginx.version} (worker_processes 1, upstream keepalive, keepalive_requests 1000000)` : `nginx not measured: ${nginx.why}`}. A fresh Idempotency-Key per request; any non-2xx answer or socket error is counted in "errors".`,
    '',
    '| upstream | conns | direct rps | direct p50 / p99 | nginx rps | nginx p50 / p99 | minimal rps | minimal p50 / p99 | Doorstep rps | Doorstep p50 / p99 | ÷ nginx rps: minimal / Doorstep | p50 added over direct: nginx / minimal / Doorstep | CPU per request: nginx / minimal / Doorstep | Doorstep event loop: busy, cores, delay p99 / max | errors (d/n/m/D) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const up of UPSTREAMS) {
    for (const c of CONNECTIONS) {
      const d = at(up.name, c, 'direct');
      const n = at(up.name, c, 'nginx');
      const m = at(up.name, c, 'minimal');
      const s = at(up.name, c, 'doorstep');
      const f = (p: Point | undefined) => (p ? rps(p.rps) : 'n/a');
      const l = (p: Point | undefined) => (p ? `${ms(p.p50Ms)} / ${ms(p.p99Ms)}` : 'n/a');
      const cpu = (p: Point | undefined) => (p?.cpuUsPerRequest !== undefined ? `${Math.round(p.cpuUsPerRequest)} µs` : 'n/a');
      rows.push(
        `| ${up.name} | ${c} | ${f(d)} | ${l(d)} | ${f(n)} | ${l(n)} | ${f(m)} | ${l(m)} | ${f(s)} | ${l(s)} | ${ratio(ratioAt(up.name, c, 'minimal'))} / ${ratio(ratioAt(up.name, c))} | ${ms(addedAt(up.name, c, 'nginx'))} / ${ms(addedAt(up.name, c, 'minimal'))} / ${ms(addedAt(up.name, c))} | ${cpu(n)} / ${cpu(m)} / ${cpu(s)} | ${s?.loop ? `${pct(s.loop.elu)}, ${s.loop.cores.toFixed(2)}, ${ms(s.loop.delayP99Ms)} / ${ms(s.loop.delayMaxMs)}` : 'n/a'} | ${d?.errors ?? '-'}/${n?.errors ?? '-'}/${m?.errors ?? '-'}/${s?.errors ?? '-'} |`,
      );
    }
  }

  rows.push(
    '',
    "minimal: Node's floor for this row, a Fastify + zod proxy with no session, no campaign check, no store, no security headers and no logger (proxy/minimal-proxy.ts), the issue's \"for scale\" reference. CPU per request: user + system CPU time of the proxy's whole process group (Doorstep: tsx and its node; nginx: master and worker) during the run, from /proc, divided by the requests served. At low request rates it is dominated by what each wake-up of the process costs, so compare it between targets at similar rates. Doorstep's event loop (a monitor preloaded with node --import): the share of the time it was busy, the CPU the process used in cores, and the event-loop delay; busy near 100 % while using well under one core means the loop waits inside synchronous calls (disk), not computing.",
  );
  const r10 = ratioAt('instant', 10);
  const cpuD = at('instant', 100, 'doorstep')?.cpuUsPerRequest;
  const loopD = at('instant', 100, 'doorstep')?.loop;
  const cpuN = at('instant', 100, 'nginx')?.cpuUsPerRequest;
  const cpuM = at('instant', 100, 'minimal')?.cpuUsPerRequest;
  const r100 = ratioAt('instant', 100);
  const added = addedAt('instant', 10);
  const added50 = addedAt('50 ms', 10);
  const errors = points.reduce((s, p) => s + p.errors, 0);
  const ratioOk = nginx.ok && r10 >= 0.5 && r100 >= 0.5;
  const addedOk = added <= 1 && added50 <= 1;
  const misses: string[] = [];
  if (nginx.ok && !(r10 >= 0.5 && r100 >= 0.5)) {
    misses.push(
      `throughput ${ratio(Math.min(r10, r100))} of nginx at ${r10 < r100 ? 10 : 100} connections with an instant upstream, ${ratio(0.5 - Math.min(r10, r100))} short of 0.5×`,
    );
  }
  if (!addedOk)
    misses.push(
      `p50 added over direct at 10 connections ${ms(Math.max(added, added50))}, ${ms(Math.max(added, added50) - 1)} over the 1 ms target`,
    );
  if (errors) misses.push(`${errors} errors (non-2xx or socket) in the runs: the figures are not valid`);
  return [
    {
      id: 'proxy',
      what,
      figure: `Doorstep, instant upstream: ${rps(at('instant', 100, 'doorstep')?.rps ?? Number.NaN)} at 100 conns, p50 ${ms(at('instant', 10, 'doorstep')?.p50Ms ?? Number.NaN)} / p99 ${ms(at('instant', 10, 'doorstep')?.p99Ms ?? Number.NaN)} at 10`,
      baseline: nginx.ok
        ? `nginx ${rps(at('instant', 100, 'nginx')?.rps ?? Number.NaN)} at 100 conns; direct p50 ${ms(at('instant', 10, 'direct')?.p50Ms ?? Number.NaN)} at 10`
        : `nginx not measured (${nginx.why}); direct p50 ${ms(at('instant', 10, 'direct')?.p50Ms ?? Number.NaN)} at 10`,
      result: `${nginx.ok ? `${ratio(r10)} / ${ratio(r100)} nginx rps at 10 / 100 conns` : 'ratio to nginx not measured'}; +${ms(added)} p50 over direct (50 ms upstream: +${ms(added50)})`,
      target,
      verdict: errors ? 'missed' : !nginx.ok ? (addedOk ? 'n/a' : 'missed') : ratioOk && addedOk ? 'met' : 'missed',
      note:
        (misses.length ? `Missed: ${misses.join('; ')}.` : 'Both targets met.') +
        (nginx.ok ? '' : ` nginx was not measured: ${nginx.why}.`) +
        ` With a 50 ms upstream: ${ratio(ratioAt('50 ms', 10))} / ${ratio(ratioAt('50 ms', 100))} of nginx at 10 / 100 conns.` +
        (cpuD !== undefined
          ? ` CPU per request (instant upstream, 100 conns): Doorstep ${Math.round(cpuD)} µs${cpuN !== undefined ? `, nginx ${Math.round(cpuN)} µs (${ratio(cpuD / cpuN)})` : ''} (CPU-bound on one core each, 0.5× nginx's throughput means at most about twice nginx's CPU per request).`
          : '') +
        (cpuD !== undefined && cpuM !== undefined
          ? ` Node's floor, the minimal Fastify + zod proxy: ${ratio(ratioAt('instant', 10, 'minimal'))} / ${ratio(ratioAt('instant', 100, 'minimal'))} of nginx at 10 / 100 conns, ${Math.round(cpuM)} µs CPU per request, +${ms(addedAt('instant', 10, 'minimal'))} p50 over direct at 10 conns; Doorstep's pipeline (session, campaign check, idempotency store, headers, logger) costs ${Math.round(cpuD - cpuM)} µs per request more.`
          : '') +
        (loopD
          ? ` Doorstep's event loop at 100 conns: busy ${pct(loopD.elu)} using ${loopD.cores.toFixed(2)} cores, delay p99 ${ms(loopD.delayP99Ms)}, max ${ms(loopD.delayMaxMs)}${loopD.elu > 0.9 && loopD.cores < 0.75 ? ': the loop is blocked in synchronous I/O (SQLite writes, statSync of the canvassers file), not computing' : ''}.`
          : ''),
      detail: rows.join('\n'),
      data: { points, wrk: wrk.version, nginx: nginx.ok ? nginx.version : nginx.why, seconds, runs },
    },
  ];
}
