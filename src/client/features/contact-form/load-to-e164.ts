import type { toE164 } from './to-e164';

export type ToE164 = typeof toE164;

let loading: Promise<ToE164> | undefined;

/** Loads the phone library the first time a phone field is used (focus), not with the page: it
 * would add a third to the first load for a field many contacts leave empty. A failed load (the
 * network dropped) is tried again next time. */
export function loadToE164(): Promise<ToE164> {
  loading ??= import('./to-e164').then(
    (module) => module.toE164,
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
