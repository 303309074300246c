import { chmodSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_CAMPAIGN_FILE, EnvError, PROJECT_ROOT, findProjectRoot, loadEnv } from './env';
import { tempDir } from '@test-support/temp-dir';
import { QOMON_KEY, TEST_SESSION_SECRET } from '@test-support/test-constants';

// The configuration contract (docs/architecture.md, "Where the environment is read"): every variable parsed once at start, a bad value
// stops the server with a message naming the variable.

const dirs: string[] = [];
function dataDir(): string {
  const d = tempDir('doorstep-env-');
  dirs.push(d);
  return d;
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function failure(source: Record<string, string>): EnvError {
  try {
    loadEnv(source);
  } catch (err) {
    expect(err).toBeInstanceOf(EnvError);
    return err as EnvError;
  }
  throw new Error('loadEnv accepted a bad configuration');
}

const qomon = (extra: Record<string, string> = {}) => ({
  DATA_DIR: dataDir(),
  QOMON_API_KEY: QOMON_KEY,
  SESSION_SECRET: TEST_SESSION_SECRET,
  ...extra,
});

describe('SANDBOX_EXAMPLE_TURF', () => {
  it('is on unless set to off', () => {
    expect(loadEnv({ DATA_DIR: dataDir() }).sandboxExampleTurf).toBe(true);
    expect(loadEnv({ DATA_DIR: dataDir(), SANDBOX_EXAMPLE_TURF: 'off' }).sandboxExampleTurf).toBe(false);
  });
});

describe('defaults', () => {
  it('with nothing set: sandbox mode on 127.0.0.1:8080, the example campaign, files in DATA_DIR', () => {
    const dir = dataDir();
    const env = loadEnv({ DATA_DIR: dir });
    expect(env).toMatchObject({
      mode: 'sandbox',
      port: 8080,
      host: '127.0.0.1',
      qomonBaseUrl: undefined,
      upstreamTimeoutMs: 10_000,
      campaignFile: EXAMPLE_CAMPAIGN_FILE,
      canvassersFile: path.join(dir, 'canvassers.json'),
      sessionTtlHours: 12,
      dataDir: dir,
      logLevel: 'info',
      trustProxy: false,
    });
    expect(env.demoAccessCode!.length).toBeGreaterThanOrEqual(6);
    expect(env.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(env.apiKey).toMatch(/^sandbox-/);
  });

  it('keeps the generated demo code and session secret in DATA_DIR across starts, readable only by the owner', () => {
    const dir = dataDir();
    const a = loadEnv({ DATA_DIR: dir });
    const b = loadEnv({ DATA_DIR: dir });
    expect(b.demoAccessCode).toBe(a.demoAccessCode);
    expect(b.sessionSecret).toBe(a.sessionSecret);
    expect(readFileSync(path.join(dir, 'session-secret'), 'utf8').trim()).toBe(a.sessionSecret);
    expect(statSync(path.join(dir, 'session-secret')).mode & 0o077).toBe(0);
    // A fresh folder gets fresh secrets.
    expect(loadEnv({ DATA_DIR: dataDir() }).sessionSecret).not.toBe(a.sessionSecret);
  });

  it('treats blank values as unset', () => {
    // As in a copied .env.example with some values emptied (`PORT=`).
    const env = loadEnv({
      DATA_DIR: dataDir(),
      PORT: '',
      HOST: '',
      QOMON_BASE_URL: '',
      UPSTREAM_TIMEOUT_MS: '',
      CAMPAIGN_FILE: '',
      SESSION_SECRET: '',
      SESSION_TTL_HOURS: ' ',
      REDIS_URL: '',
      ALLOWED_ORIGINS: '',
      DEMO_ACCESS_CODE: '',
      LOG_LEVEL: '',
      TRUST_PROXY: '',
      IDEMPOTENCY_TTL_DAYS: '',
      CONTACTS_PER_MINUTE: '',
    });
    expect(env).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      mode: 'sandbox',
      upstreamTimeoutMs: 10_000,
      campaignFile: EXAMPLE_CAMPAIGN_FILE,
      sessionTtlHours: 12,
      logLevel: 'info',
      trustProxy: false,
      idempotencyTtlDays: 7,
      contactsPerMinute: 30,
    });
    expect(env.demoAccessCode!.length).toBeGreaterThanOrEqual(6);
  });

  it('takes DEMO_ACCESS_CODE, PORT, HOST and the numbers as given', () => {
    const env = loadEnv({
      DATA_DIR: dataDir(),
      DEMO_ACCESS_CODE: 'porte-123',
      PORT: '0',
      HOST: '0.0.0.0',
      UPSTREAM_TIMEOUT_MS: '300',
      SESSION_TTL_HOURS: '48',
      CONTACTS_PER_MINUTE: '3',
      CAMPAIGN_FILE: 'config/example-campaign.json',
    });
    expect(env).toMatchObject({
      demoAccessCode: 'porte-123',
      port: 0,
      host: '0.0.0.0',
      upstreamTimeoutMs: 300,
      sessionTtlHours: 48,
      contactsPerMinute: 3,
    });
    expect(path.isAbsolute(env.campaignFile)).toBe(true);
  });

  it.each([
    [undefined, false],
    ['false', false],
    ['1', 1],
    ['2', 2],
    ['10.0.0.0/8,127.0.0.1', ['10.0.0.0/8', '127.0.0.1']],
    [' 10.0.0.1 , fd00::/8 ', ['10.0.0.1', 'fd00::/8']],
  ])('TRUST_PROXY=%s is %s', (value, expected) => {
    const env = loadEnv({ DATA_DIR: dataDir(), ...(value === undefined ? {} : { TRUST_PROXY: value }) });
    expect(env.trustProxy).toEqual(expected);
  });
});

describe('TRUST_PROXY believes only the proxy', () => {
  it.each(['true', 'yes', '10.0.0', '10.0.0.0/33', 'proxy.internal', '0'])('refuses %s, naming TRUST_PROXY', (value) => {
    expect(failure({ DATA_DIR: dataDir(), TRUST_PROXY: value }).message).toContain('TRUST_PROXY');
  });

  it('says why `true` is refused', () => {
    expect(failure({ DATA_DIR: dataDir(), TRUST_PROXY: 'true' }).message).toMatch(/X-Forwarded-For/);
  });
});

describe('several instances and origins', () => {
  it('REDIS_URL is taken as given (redis:// and rediss://), and is unset by default', () => {
    expect(loadEnv({ DATA_DIR: dataDir() }).redisUrl).toBeUndefined();
    expect(loadEnv({ DATA_DIR: dataDir(), REDIS_URL: 'redis://127.0.0.1:6379/2' }).redisUrl).toBe('redis://127.0.0.1:6379/2');
    expect(loadEnv(qomon({ REDIS_URL: 'rediss://:pw@redis.internal:6380' })).redisUrl).toBe('rediss://:pw@redis.internal:6380');
  });

  it('ALLOWED_ORIGINS becomes a list of normalised origins; empty by default', () => {
    expect(loadEnv({ DATA_DIR: dataDir() }).allowedOrigins).toEqual([]);
    const env = loadEnv({ DATA_DIR: dataDir(), ALLOWED_ORIGINS: ' http://localhost:5173, HTTPS://Canvass.Example.org:443/ ,,' });
    expect(env.allowedOrigins).toEqual(['http://localhost:5173', 'https://canvass.example.org']);
  });
});

describe('qomon mode', () => {
  it('a key selects qomon mode, with Qomon’s URL by default and no demo code', () => {
    const env = loadEnv(qomon());
    expect(env).toMatchObject({
      mode: 'qomon',
      apiKey: QOMON_KEY,
      qomonBaseUrl: 'https://incoming.qomon.app',
      sessionSecret: TEST_SESSION_SECRET,
      demoAccessCode: undefined,
    });
  });

  it('QOMON_BASE_URL loses its trailing slashes', () => {
    expect(loadEnv(qomon({ QOMON_BASE_URL: 'http://127.0.0.1:9999/qomon/' })).qomonBaseUrl).toBe('http://127.0.0.1:9999/qomon');
  });

  it('QOMON_API_KEY_FILE is read and trimmed', () => {
    const dir = dataDir();
    const file = path.join(dir, 'key');
    writeFileSync(file, `${QOMON_KEY}\n`);
    const env = loadEnv({ DATA_DIR: dir, QOMON_API_KEY_FILE: file, SESSION_SECRET: TEST_SESSION_SECRET });
    expect(env.mode).toBe('qomon');
    expect(env.apiKey).toBe(QOMON_KEY);
  });
});

describe('a bad value names its variable', () => {
  it.each([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['UPSTREAM_TIMEOUT_MS', { UPSTREAM_TIMEOUT_MS: '50' }],
    ['UPSTREAM_TIMEOUT_MS', { UPSTREAM_TIMEOUT_MS: 'soon' }],
    ['SESSION_TTL_HOURS', { SESSION_TTL_HOURS: '0' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['SANDBOX_EXAMPLE_TURF', { SANDBOX_EXAMPLE_TURF: 'no' }],
    ['QOMON_BASE_URL', { QOMON_BASE_URL: 'ftp://qomon.example' }],
    ['QOMON_BASE_URL', { QOMON_BASE_URL: 'not a url' }],
    ['REDIS_URL', { REDIS_URL: 'http://redis' }],
    ['REDIS_URL', { REDIS_URL: 'not a url' }],
    ['ALLOWED_ORIGINS', { ALLOWED_ORIGINS: 'canvass.example.org' }],
    ['ALLOWED_ORIGINS', { ALLOWED_ORIGINS: 'https://canvass.example.org/app' }],
    ['ALLOWED_ORIGINS', { ALLOWED_ORIGINS: 'ftp://canvass.example.org' }],
    ['DEMO_ACCESS_CODE', { DEMO_ACCESS_CODE: 'abc' }],
    ['CONTACTS_PER_MINUTE', { CONTACTS_PER_MINUTE: '0' }],
  ])('%s (%o)', (name, source) => {
    expect(failure({ DATA_DIR: dataDir(), ...source }).message).toContain(name);
  });

  it('SESSION_SECRET is required with a key, and must be long enough; the key is never echoed', () => {
    const missing = failure({ DATA_DIR: dataDir(), QOMON_API_KEY: QOMON_KEY });
    expect(missing.message).toContain('SESSION_SECRET');
    expect(missing.message).not.toContain(QOMON_KEY);
    const short = failure(qomon({ SESSION_SECRET: 'short' }));
    expect(short.message).toContain('SESSION_SECRET');
    expect(short.message).not.toContain(QOMON_KEY);
  });

  it('DEMO_ACCESS_CODE is refused with a key', () => {
    expect(failure(qomon({ DEMO_ACCESS_CODE: 'porte-123' })).message).toContain('DEMO_ACCESS_CODE');
  });

  it('DEMO_ORGANISER_CODE is refused with a key, and is unset unless given in sandbox mode', () => {
    expect(failure(qomon({ DEMO_ORGANISER_CODE: 'orga-12345' })).message).toContain('DEMO_ORGANISER_CODE');
    expect(failure({ DATA_DIR: dataDir(), DEMO_ORGANISER_CODE: 'abc' }).message).toContain('DEMO_ORGANISER_CODE');
    expect(loadEnv({ DATA_DIR: dataDir() }).demoOrganiserCode).toBeUndefined();
    expect(loadEnv({ DATA_DIR: dataDir(), DEMO_ORGANISER_CODE: 'orga-12345' }).demoOrganiserCode).toBe('orga-12345');
  });

  it('QOMON_API_KEY and QOMON_API_KEY_FILE together are refused; a missing or empty key file names QOMON_API_KEY_FILE', () => {
    const dir = dataDir();
    const empty = path.join(dir, 'empty');
    writeFileSync(empty, '\n');
    expect(failure(qomon({ QOMON_API_KEY_FILE: empty })).message).toMatch(/QOMON_API_KEY.*QOMON_API_KEY_FILE/);
    const base = { DATA_DIR: dir, SESSION_SECRET: TEST_SESSION_SECRET };
    expect(failure({ ...base, QOMON_API_KEY_FILE: path.join(dir, 'nope') }).message).toContain('QOMON_API_KEY_FILE');
    expect(failure({ ...base, QOMON_API_KEY_FILE: empty }).message).toContain('QOMON_API_KEY_FILE');
  });

  it('a Qomon key variable set but empty stops the server, naming it: it must not fall back to the sandbox', () => {
    for (const name of ['QOMON_API_KEY', 'QOMON_API_KEY_FILE']) {
      for (const value of ['', '  ']) {
        const message = failure({ DATA_DIR: dataDir(), [name]: value }).message;
        expect(message).toContain(name);
        expect(message).toMatch(/empty/);
      }
    }
  });

  it('.env.example, copied as it is, starts the sandbox', () => {
    const source: Record<string, string> = {};
    for (const line of readFileSync(path.join(PROJECT_ROOT, '.env.example'), 'utf8').split('\n')) {
      const m = /^([A-Z_]+)=(.*)$/.exec(line);
      if (m) source[m[1]!] = m[2]!;
    }
    expect(Object.keys(source)).toContain('ALLOWED_HOSTS');
    expect(loadEnv({ ...source, DATA_DIR: dataDir() }).mode).toBe('sandbox');
  });

  it('ALLOWED_HOSTS takes names and name:port, and refuses a URL', () => {
    expect(loadEnv({ DATA_DIR: dataDir(), ALLOWED_HOSTS: 'Canvass.Example.org, 192.168.1.20:8080, [fd00::1]' }).allowedHosts).toEqual([
      'canvass.example.org',
      '192.168.1.20:8080',
      '[fd00::1]',
    ]);
    expect(failure({ DATA_DIR: dataDir(), ALLOWED_HOSTS: 'https://canvass.example.org' }).message).toContain('ALLOWED_HOSTS');
    expect(failure({ DATA_DIR: dataDir(), ALLOWED_HOSTS: 'canvass.example.org/app' }).message).toContain('ALLOWED_HOSTS');
  });

  it('QOMON_BASE_URL must be https, but for this machine (the key would cross the network in clear)', () => {
    for (const url of ['http://incoming.qomon.app', 'http://10.0.0.5:8080', 'http://127.0.0.1.example.org']) {
      expect(failure(qomon({ QOMON_BASE_URL: url })).message, url).toContain('QOMON_BASE_URL');
    }
    for (const url of ['https://incoming.qomon.app', 'http://127.0.0.1:9', 'http://localhost:8080/qomon', 'http://[::1]:8080']) {
      expect(loadEnv(qomon({ QOMON_BASE_URL: url })).qomonBaseUrl, url).toBe(url.replace(/\/$/, ''));
    }
  });

  it('a key file others can read is a warning naming QOMON_API_KEY_FILE; one for the owner only is not', () => {
    const dir = dataDir();
    const keyFile = path.join(dir, 'qomon-key');
    writeFileSync(keyFile, QOMON_KEY + '\n');
    chmodSync(keyFile, 0o644);
    const loose = loadEnv({ DATA_DIR: dir, SESSION_SECRET: TEST_SESSION_SECRET, QOMON_API_KEY_FILE: keyFile });
    expect(loose.warnings.join('\n')).toMatch(/QOMON_API_KEY_FILE.*644/);
    expect(loose.warnings.join('\n')).not.toContain(QOMON_KEY);
    chmodSync(keyFile, 0o600);
    expect(loadEnv({ DATA_DIR: dir, SESSION_SECRET: TEST_SESSION_SECRET, QOMON_API_KEY_FILE: keyFile }).warnings).toEqual([]);
  });

  it('a DATA_DIR it makes is the owner’s only; one that exists open to all is a warning', () => {
    const parent = dataDir();
    const made = path.join(parent, 'made', 'here');
    loadEnv({ DATA_DIR: made });
    expect(statSync(made).mode & 0o777).toBe(0o700);
    const open = path.join(parent, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    expect(loadEnv({ DATA_DIR: open }).warnings.join('\n')).toMatch(/DATA_DIR/);
  });

  it('DATA_DIR that cannot be made names DATA_DIR', () => {
    const dir = dataDir();
    const file = path.join(dir, 'a-file');
    writeFileSync(file, '');
    expect(failure({ DATA_DIR: path.join(file, 'sub') }).message).toContain('DATA_DIR');
  });
});

describe('the project root', () => {
  it('is the folder holding package.json, from the source as from the bundle', () => {
    expect(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).toContain('"name": "doorstep"');
    expect(findProjectRoot(path.join(PROJECT_ROOT, 'src/server/env.ts'))).toBe(PROJECT_ROOT);
    expect(findProjectRoot(path.join(PROJECT_ROOT, 'dist-server/main.js'))).toBe(PROJECT_ROOT);
  });

  it('is the nearest package.json above the file, and none is an error', () => {
    const root = dataDir();
    writeFileSync(path.join(root, 'package.json'), '{}');
    mkdirSync(path.join(root, 'a/b/c'), { recursive: true });
    expect(findProjectRoot(path.join(root, 'a/b/c/main.js'))).toBe(root);
    expect(() => findProjectRoot('/main.js')).toThrow(/no package.json above/);
  });
});
