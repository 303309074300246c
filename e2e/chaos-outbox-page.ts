// Runs inside the app's own page (same origin, so the same IndexedDB database): queues contacts
// with the app's own outbox code, as the form's Send does, only without typing. The chaos spec
// builds this file with Vite and evaluates it in the page; the app's sync then sends them.
import { contactRequestSchema } from '../src/shared/consent-proof';
import { FORM_VERSION } from '../src/client/features/contact-form/contact-form-values';
import { enqueue } from '../src/client/features/outbox/outbox-store';

/** The channel the app's outbox sync listens on (src/client/features/outbox/outbox-sync.ts): another tab
 * that changed the outbox says so, and the open page re-reads its counts. */
const OUTBOX_CHANNEL = 'doorstep-outbox';

export interface ChaosOutbox {
  /** Validates each body with the shared contract (as the form does before queuing) and queues it
   * under a fresh Idempotency-Key; returns the keys, in order. */
  enqueueMany(bodies: unknown[]): Promise<string[]>;
}

const chaosOutbox: ChaosOutbox = {
  async enqueueMany(bodies) {
    const keys: string[] = [];
    for (const body of bodies) {
      const parsed = contactRequestSchema.parse(body);
      const key = crypto.randomUUID();
      // No form values: nothing here is typed, and no fault of this run makes a contact need fixing.
      await enqueue({ key, body: parsed, values: {}, formVersion: FORM_VERSION });
      keys.push(key);
    }
    const channel = new BroadcastChannel(OUTBOX_CHANNEL);
    channel.postMessage('changed');
    channel.close();
    return keys;
  },
};

(window as unknown as { __chaosOutbox: ChaosOutbox }).__chaosOutbox = chaosOutbox;
