// The wrk Lua script of the proxy row: POST with the contact as body, the target's own headers
// (given with -H), and a fresh Idempotency-Key per request (a repeated key would be answered from
// the idempotency store, a different and cheaper path). done() prints the figures as one JSON
// line, with latency percentiles in microseconds.

/** A Lua long string that cannot be closed by the body. */
function luaString(text: string): string {
  let eq = '=';
  while (text.includes(`]${eq}]`)) eq += '=';
  return `[${eq}[${text}]${eq}]`;
}

export function wrkScript(body: string): string {
  return `
local body = ${luaString(body)}
local headers = {}
local counter = 0
local salt = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  local seed = tonumber(args[1]) or os.time()
  local id = tonumber(tid) or 1
  math.randomseed(seed + id * 7919)
  salt = math.random(0, 2147483646)
  for k, v in pairs(wrk.headers) do headers[k] = v end
  headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  -- A UUID-shaped key, unique within the run (thread id + counter) and across runs (random salt).
  headers["Idempotency-Key"] = string.format("%08x-%04x-4%03x-a%03x-%012x", salt, tonumber(tid) or 1, math.random(0, 4095), math.random(0, 4095), counter)
  return wrk.format("POST", nil, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH_RESULT {"requests":%d,"duration_us":%d,"status_errors":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"mean_us":%.1f,"max_us":%d}\\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
end
`;
}

export interface WrkResult {
  requests: number;
  duration_us: number;
  status_errors: number;
  connect_errors: number;
  read_errors: number;
  write_errors: number;
  timeouts: number;
  p50_us: number;
  p90_us: number;
  p99_us: number;
  mean_us: number;
  max_us: number;
}

export function parseWrk(stdout: string): WrkResult {
  const line = stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (!line) throw new Error(`wrk printed no result:\n${stdout.slice(-1500)}`);
  return JSON.parse(line.slice('BENCH_RESULT '.length)) as WrkResult;
}
