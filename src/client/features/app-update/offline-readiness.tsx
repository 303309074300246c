import { useSyncExternalStore } from 'react';
import { offlineReadinessStore } from './offline-readiness-store';
import { useUpdatePromptText } from './update-prompt-text';
import './update-prompt.css';

/** In the header: whether this device can work offline yet (see offline-readiness-store.ts), and,
 * until it can, a request to stay online a moment longer. */
export function OfflineReadiness() {
  const text = useUpdatePromptText();
  const readiness = useSyncExternalStore(offlineReadinessStore.subscribe, offlineReadinessStore.get, offlineReadinessStore.get);
  return (
    // A live region rather than a status role, which other parts of the screen use for their own
    // messages: "ready" is announced when it comes.
    <p className="offline-readiness" aria-live="polite" data-readiness={readiness}>
      {readiness === 'ready' ? text.readyOffline : readiness === 'not-yet' ? text.notReadyOffline : null}
    </p>
  );
}
