import * as z from 'zod/mini';

// The rescue file: every unsent contact (and draft) exported from a tablet, to be replayed by the
// server's `npm run replay -- FILE`. Written by the app, read by the server: one schema for both.

export const RESCUE_FORMAT = 'doorstep-rescue';

const uuid = z.string().check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'Must be a UUID'));

export const rescueFileSchema = z.object({
  format: z.literal(RESCUE_FORMAT),
  version: z.literal(1),
  exportedAt: z.string(),
  outbox: z.array(
    z.object({
      /** The Idempotency-Key it was queued with: replaying under it can never duplicate it. */
      key: uuid,
      /** The upsert body, validated again by the server on replay. */
      body: z.unknown(),
      createdAt: z.number(),
      state: z.optional(z.string()),
      lastError: z.optional(z.unknown()),
    }),
  ),
  drafts: z._default(
    z.array(
      z.object({
        id: z.string(),
        values: z.unknown(),
        formVersion: z.number(),
        updatedAt: z.number(),
        /** The key of the contact (in `outbox`) this draft fixes: finished, it goes in that
         * contact's place, under that key, not beside it. */
        fixing: z.optional(uuid),
      }),
    ),
    [],
  ),
});

export type RescueFile = z.output<typeof rescueFileSchema>;
