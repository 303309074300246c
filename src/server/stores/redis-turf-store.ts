import type { Redis } from 'ioredis';
import type { DoorVisitState, TurfDoor } from '@shared/turf-schema';
import { doorIdAt, newTurfId } from './new-turf-id';
import { progressFromCounts } from './progress-from-counts';
import { storeCall } from './store-unavailable-error';
import type { RecordedVisit, TurfRecord, TurfStore } from './turf-store';

// Turfs shared by several instances, under one key prefix:
//   turfs                   sorted set: turf id → creation order
//   turf:ID                 hash: name, createdAt, doorCount, doors (the doors' JSON), version
//   turf:ID:canvassers      set of canvasser ids;  canvasser:CID:turfs  the reverse
//   turf:ID:latest          hash: door → its latest visit (DoorVisitState's JSON)
//   turf:ID:latest-at       hash: door → that visit's time in ms (compared in Lua)
//   turf:ID:states          hash: latest state → doors (the progress, without reading every door)
//   turf:ID:visits          list: every visit's JSON, oldest received first
// Every write that touches several keys is one Lua script, so two instances recording visits on
// one door at once cannot lose a count, and a removed turf cannot get half a visit.

export interface RedisTurfStoreOptions {
  keyPrefix?: string;
}

// Refuses a turf that does not exist (removed meanwhile): returns nil. The time comes in ms from
// the caller (Date.parse, as isLaterVisit): ISO strings with offsets do not compare as text.
const RECORD = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
redis.call('RPUSH', KEYS[5], ARGV[6])
local current = redis.call('HGET', KEYS[2], ARGV[1])
local currentAt = redis.call('HGET', KEYS[3], ARGV[1])
local latest
local visits = 1
if current then
  latest = cjson.decode(current)
  visits = latest.visits + 1
end
if not currentAt or tonumber(ARGV[5]) >= tonumber(currentAt) then
  if current then redis.call('HINCRBY', KEYS[4], latest.state, -1) end
  redis.call('HINCRBY', KEYS[4], ARGV[3], 1)
  redis.call('HSET', KEYS[3], ARGV[1], ARGV[5])
  latest = {outcome = ARGV[2], state = ARGV[3], at = ARGV[4]}
end
latest.visits = visits
local encoded = cjson.encode(latest)
redis.call('HSET', KEYS[2], ARGV[1], encoded)
redis.call('HINCRBY', KEYS[1], 'version', 1)
return encoded`;

// All at once, so that no instance ever sees a turf without its doors. 0: the id is taken.
const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'name', ARGV[2], 'createdAt', ARGV[3], 'doorCount', ARGV[4], 'doors', ARGV[5], 'version', '0')
redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[3]), ARGV[1])
return 1`;

const ASSIGN = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call(ARGV[3], KEYS[2], ARGV[1])
redis.call(ARGV[3], KEYS[3], ARGV[2])
return 1`;

// The canvassers' own keys are named from the prefix in the script: which ones only the turf's set
// knows, and reading it first would race with an assignment.
const REMOVE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
for _, canvasser in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  redis.call('SREM', ARGV[2] .. 'canvasser:' .. canvasser .. ':turfs', ARGV[1])
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6])
redis.call('ZREM', KEYS[7], ARGV[1])
return 1`;

export function createRedisTurfStore(redis: Redis, opts: RedisTurfStoreOptions = {}): TurfStore {
  const prefix = opts.keyPrefix ?? 'doorstep:turfs:';
  const k = {
    turfs: `${prefix}turfs`,
    seq: `${prefix}seq`,
    turf: (id: string) => `${prefix}turf:${id}`,
    canvassers: (id: string) => `${prefix}turf:${id}:canvassers`,
    latest: (id: string) => `${prefix}turf:${id}:latest`,
    latestAt: (id: string) => `${prefix}turf:${id}:latest-at`,
    states: (id: string) => `${prefix}turf:${id}:states`,
    visits: (id: string) => `${prefix}turf:${id}:visits`,
    ofCanvasser: (canvasserId: string) => `${prefix}canvasser:${canvasserId}:turfs`,
  };

  /** The records of these turfs, in one round trip, in creation order; gone ones left out. */
  const records = async (ids: string[]): Promise<TurfRecord[]> => {
    if (!ids.length) return [];
    const pipeline = redis.pipeline();
    for (const id of ids) {
      pipeline.hmget(k.turf(id), 'name', 'createdAt', 'doorCount');
      pipeline.smembers(k.canvassers(id));
      pipeline.hgetall(k.states(id));
      pipeline.zscore(k.turfs, id);
    }
    const results = (await pipeline.exec())!;
    const out: { record: TurfRecord; order: number }[] = [];
    ids.forEach((id, i) => {
      const [meta, canvassers, states, order] = results.slice(i * 4, i * 4 + 4).map(([err, value]) => {
        if (err) throw err;
        return value;
      }) as [(string | null)[], string[], Record<string, string>, string | null];
      const [name, createdAt, doorCount] = meta;
      if (name === null || name === undefined || order === null) return;
      out.push({
        order: Number(order),
        record: {
          id,
          name,
          canvassers: canvassers.sort(),
          progress: progressFromCounts(Number(doorCount), Object.fromEntries(Object.entries(states).map(([s, n]) => [s, Number(n)]))),
          createdAt: createdAt!,
        },
      });
    });
    return out.sort((a, b) => a.order - b.order).map((r) => r.record);
  };

  return {
    async createTurf(name, doors) {
      const list: TurfDoor[] = doors.map((address, i) => ({ id: doorIdAt(i), address }));
      return storeCall('turf create', async () => {
        for (;;) {
          const id = newTurfId();
          const made = await redis.eval(
            CREATE,
            3,
            k.turf(id),
            k.turfs,
            k.seq,
            id,
            name,
            new Date().toISOString(),
            String(list.length),
            JSON.stringify(list),
          );
          if (made === 1) return (await records([id]))[0]!;
        }
      });
    },
    async listTurfs() {
      return storeCall('turf list', async () => records(await redis.zrange(k.turfs, 0, -1)));
    },
    async findTurf(turfId) {
      return storeCall('turf find', async () => (await records([turfId]))[0]);
    },
    async loadTurf(turfId) {
      // One transaction: the version and the visits read together, so an ETag never names visits
      // it does not carry.
      const results = await storeCall('turf load', async () =>
        redis.multi().hmget(k.turf(turfId), 'name', 'version', 'doors').hgetall(k.latest(turfId)).exec(),
      );
      const [[err1, meta], [err2, latest]] = results! as [[Error | null, (string | null)[]], [Error | null, Record<string, string>]];
      if (err1 || err2) throw err1 ?? err2;
      const [name, version, doors] = meta;
      if (name === null || name === undefined || !doors) return undefined;
      const visits: Record<string, DoorVisitState> = {};
      for (const [door, json] of Object.entries(latest)) {
        const v = JSON.parse(json) as DoorVisitState;
        visits[door] = { outcome: v.outcome, state: v.state, at: v.at, visits: v.visits };
      }
      return { id: turfId, name, version: version ?? '0', doors: JSON.parse(doors) as TurfDoor[], visits };
    },
    async assign(turfId, canvasserId) {
      const done = await storeCall('turf assign', () =>
        redis.eval(ASSIGN, 3, k.turf(turfId), k.canvassers(turfId), k.ofCanvasser(canvasserId), canvasserId, turfId, 'SADD'),
      );
      return done === 1;
    },
    async unassign(turfId, canvasserId) {
      const done = await storeCall('turf unassign', () =>
        redis.eval(ASSIGN, 3, k.turf(turfId), k.canvassers(turfId), k.ofCanvasser(canvasserId), canvasserId, turfId, 'SREM'),
      );
      return done === 1;
    },
    async removeTurf(turfId) {
      const done = await storeCall('turf remove', () =>
        redis.eval(
          REMOVE,
          7,
          k.turf(turfId),
          k.canvassers(turfId),
          k.latest(turfId),
          k.latestAt(turfId),
          k.states(turfId),
          k.visits(turfId),
          k.turfs,
          turfId,
          prefix,
        ),
      );
      return done === 1;
    },
    async turfsOf(canvasserId) {
      return storeCall('turfs of', async () => records(await redis.smembers(k.ofCanvasser(canvasserId))));
    },
    async recordVisit(visit) {
      const at = Date.parse(visit.at);
      if (Number.isNaN(at)) throw new Error(`Visit time ${visit.at} is not a date`);
      const encoded = await storeCall('turf visit', () =>
        redis.eval(
          RECORD,
          5,
          k.turf(visit.turfId),
          k.latest(visit.turfId),
          k.latestAt(visit.turfId),
          k.states(visit.turfId),
          k.visits(visit.turfId),
          visit.door,
          visit.outcome,
          visit.state,
          visit.at,
          String(at),
          JSON.stringify(visit),
        ),
      );
      if (encoded === null) throw new Error(`No turf ${visit.turfId}`);
      const v = JSON.parse(encoded as string) as DoorVisitState;
      return { outcome: v.outcome, state: v.state, at: v.at, visits: v.visits };
    },
    async visitsOf(turfId) {
      const list = await storeCall('turf visits', () => redis.lrange(k.visits(turfId), 0, -1));
      return list.map((json) => {
        const v = JSON.parse(json) as RecordedVisit;
        return {
          turfId: v.turfId,
          door: v.door,
          outcome: v.outcome,
          state: v.state,
          canvasserId: v.canvasserId,
          at: v.at,
          receivedAt: v.receivedAt,
        };
      });
    },
    // The connection belongs to whoever opened it (the server, or the turfs command).
    async close() {},
  };
}
