import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeTurf, type Turf } from '@shared/turf-schema';
import { closeLocalDb } from '@client/lib/local-db';
import { keptTurf } from './kept-turfs';
import { sampleDoors } from './sample-doors';
import { fetchTurf } from './use-turfs';

beforeEach(async () => {
  await closeLocalDb();
  globalThis.indexedDB = new IDBFactory();
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await closeLocalDb();
});

const turf: Turf = { id: 't1', name: 'Gros-Caillou', version: '1', doors: sampleDoors(), visits: {} };

function server(...answers: (() => Response)[]) {
  const calls: RequestInit[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init: RequestInit) => {
      calls.push(init);
      const next = answers.shift();
      if (!next) throw new TypeError('Failed to fetch');
      return next();
    }),
  );
  return calls;
}

describe('fetchTurf', () => {
  it('keeps the turf on the device, asks with its ETag next time, and opens it from there on a 304 or with no network', async () => {
    const calls = server(
      () => new Response(JSON.stringify(encodeTurf(turf)), { status: 200, headers: { ETag: '"v1"', 'Content-Type': 'application/json' } }),
      () => new Response(null, { status: 304, headers: { ETag: '"v1"' } }),
    );
    expect(await fetchTurf('t1', 'c1')).toEqual(turf);
    expect((await keptTurf('t1'))?.etag).toBe('"v1"');
    expect(await fetchTurf('t1', 'c1')).toEqual(turf);
    expect(calls[1]!.headers).toMatchObject({ 'If-None-Match': '"v1"' });
    // The network is gone: the kept copy.
    expect(await fetchTurf('t1', 'c1')).toEqual(turf);
  });

  it('gives another canvasser of this device nothing kept for someone else', async () => {
    server(() => new Response(JSON.stringify(encodeTurf(turf)), { status: 200, headers: { ETag: '"v1"' } }));
    await fetchTurf('t1', 'c1');
    await expect(fetchTurf('t1', 'c2')).rejects.toMatchObject({ status: 0 });
  });

  it('hands over the copy kept before the server answers, and on a 304 answers with that same object', async () => {
    let answer!: (r: Response) => void;
    const later = new Promise<Response>((resolve) => (answer = resolve));
    server(
      () => new Response(JSON.stringify(encodeTurf(turf)), { status: 200, headers: { ETag: '"v1"' } }),
      () => later as unknown as Response,
    );
    const onKept = vi.fn();
    await fetchTurf('t1', 'c1', onKept);
    // Nothing was kept before the first answer.
    expect(onKept).not.toHaveBeenCalled();

    const fetching = fetchTurf('t1', 'c1', onKept);
    await vi.waitFor(() => expect(onKept).toHaveBeenCalledOnce());
    const shown = onKept.mock.calls[0]![0] as Turf;
    expect(shown).toEqual(turf);
    answer(new Response(null, { status: 304, headers: { ETag: '"v1"' } }));
    expect(await fetching).toBe(shown);
  });
});
