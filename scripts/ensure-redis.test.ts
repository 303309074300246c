import { describe, expect, it } from 'vitest';
import { ensureRedis, findRedisServer, REDIS_HOW_TO } from './ensure-redis.mjs';

const REDIS = '/usr/bin/redis-server';

/** The steps of one machine: whether redis-server is there, whether apt-get may run, and what each
 * apt-get call answers (in order); every call and line is recorded. */
function machine({ present = false, canInstall = true, apt = [] as boolean[], installs = true } = {}) {
  let there = present;
  const answers = [...apt];
  const calls: string[] = [];
  const logs: string[] = [];
  const errors: string[] = [];
  const steps = {
    find: () => (there ? REDIS : undefined),
    canInstall: () => canInstall,
    aptGet: (args: string[]) => {
      calls.push(args.join(' '));
      const ok = answers.shift() ?? false;
      if (ok && args[0] === 'install' && installs) there = true;
      return ok;
    },
    log: (line: string) => logs.push(line),
    error: (line: string) => errors.push(line),
  };
  return { steps, calls, logs, errors };
}

describe('ensureRedis', () => {
  it('does nothing when redis-server is installed', () => {
    const { steps, calls, logs, errors } = machine({ present: true });
    expect(ensureRedis(steps)).toEqual({ ok: true, path: REDIS, installed: false });
    expect([calls, logs, errors]).toEqual([[], [], []]);
  });

  it('installs it with apt-get where it may (root on Debian)', () => {
    const { steps, calls, errors } = machine({ apt: [true] });
    expect(ensureRedis(steps)).toEqual({ ok: true, path: REDIS, installed: true });
    expect(calls).toEqual(['install -y --no-install-recommends redis-server']);
    expect(errors).toEqual([]);
  });

  it('updates the package lists when the install fails (a fresh image has none), then installs again', () => {
    const { steps, calls } = machine({ apt: [false, true, true] });
    expect(ensureRedis(steps)).toEqual({ ok: true, path: REDIS, installed: true });
    expect(calls).toEqual(['install -y --no-install-recommends redis-server', 'update', 'install -y --no-install-recommends redis-server']);
  });

  it('elsewhere, says in one line what to install, and installs nothing', () => {
    const { steps, calls, errors } = machine({ canInstall: false });
    expect(ensureRedis(steps)).toEqual({ ok: false });
    expect(calls).toEqual([]);
    expect(errors).toEqual([REDIS_HOW_TO]);
    expect(REDIS_HOW_TO).not.toContain('\n');
  });

  it('fails with the same line when apt-get cannot install it', () => {
    const failedUpdate = machine({ apt: [false, false] });
    expect(ensureRedis(failedUpdate.steps)).toEqual({ ok: false });
    expect(failedUpdate.calls).toEqual(['install -y --no-install-recommends redis-server', 'update']);
    expect(failedUpdate.errors).toEqual([REDIS_HOW_TO]);

    // apt-get says it installed it, yet no redis-server is found.
    const notFound = machine({ apt: [true], installs: false });
    expect(ensureRedis(notFound.steps)).toEqual({ ok: false });
    expect(notFound.errors).toEqual([REDIS_HOW_TO]);
  });
});

describe('findRedisServer', () => {
  it('looks in the PATH first, then in the usual folders', () => {
    const only =
      (...files: string[]) =>
      (file: string) =>
        files.includes(file);
    expect(findRedisServer({ env: { PATH: '/opt/redis/bin:/usr/bin' }, exists: only('/opt/redis/bin/redis-server', REDIS) })).toBe(
      '/opt/redis/bin/redis-server',
    );
    expect(findRedisServer({ env: {}, exists: only('/usr/sbin/redis-server') })).toBe('/usr/sbin/redis-server');
    expect(findRedisServer({ env: { PATH: '/bin' }, exists: only() })).toBeUndefined();
  });
});
