import { useEffect, useSyncExternalStore } from 'react';
import { whenIdle } from '@client/lib/when-idle';
import { registerServiceWorker } from './register-service-worker';
import { updateStore } from './update-prompt-store';
import { useUpdatePromptText } from './update-prompt-text';
import './update-prompt.css';

/**
 * Registers the service worker, then offers a new version when one is waiting: a banner over the
 * top of the page that blocks nothing, with "Update" (which saves what is unsaved and reloads, see
 * BEFORE_UPDATE_EVENT in update-prompt-store.ts) and "Later". The app never reloads by itself. On
 * the first visit, a short note says the app now works offline.
 */
export function UpdatePrompt() {
  const text = useUpdatePromptText();
  const state = useSyncExternalStore(updateStore.subscribe, updateStore.get);

  // Once the browser is idle after the first screen.
  useEffect(() => whenIdle(() => void registerServiceWorker(updateStore), { timeoutMs: 5_000, fallbackMs: 1_000 }), []);

  const offered = state.update === 'ready' || state.update === 'updating';
  return (
    <>
      {offered && (
        <section className="update-prompt" aria-label={text.regionLabel}>
          <p className="update-prompt__message" role="status">
            {state.activated ? text.readyActivated : text.ready}
          </p>
          <div className="update-prompt__actions">
            <button
              className="button button--primary"
              type="button"
              disabled={state.update === 'updating'}
              onClick={() => void updateStore.accept()}
            >
              {state.update === 'updating' ? text.updating : state.activated ? text.reload : text.update}
            </button>
            {state.update === 'ready' && (
              <button className="button button--quiet" type="button" onClick={() => updateStore.later()}>
                {text.later}
              </button>
            )}
          </div>
        </section>
      )}
      {state.offlineReady && !offered && (
        // A live region, not a status role: other parts of the screen use that for their own messages.
        <p className="offline-ready-note" aria-live="polite">
          {text.offlineReady}
        </p>
      )}
    </>
  );
}
