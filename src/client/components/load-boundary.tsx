import { Component, type ReactNode } from 'react';
import { retryFailedLoads } from '@client/lib/lazy-with-retry';
import { useUiLanguage } from '@client/lib/ui-language';
import { type LoadBoundaryText, loadBoundaryTextEn, type LoadPart } from './load-boundary-text-en';
import { loadBoundaryTextFr } from './load-boundary-text-fr';
import './load-boundary.css';

const TEXTS: Record<'en' | 'fr', LoadBoundaryText> = { en: loadBoundaryTextEn, fr: loadBoundaryTextFr };

/** While a part has failed, it is tried again this often too: a weak signal fails requests
 * without the browser ever saying it went offline, so no `online` event would come. */
export const LOAD_RETRY_MS = 30_000;

export interface LoadBoundaryProps {
  /** Which part this is: the message names it. */
  part: LoadPart;
  children: ReactNode;
  /** Told when the part fails, and when it is tried again (to know it is not there). */
  onFailure?: ((failed: boolean) => void) | undefined;
}

interface State {
  failed: boolean;
}

/**
 * Around each part of the app that loads on demand (and so may fail to load, the network gone
 * before it was fetched): its failure takes only that part off the screen, never the rest (the
 * form, and what was typed in it), says what could not load, and the part is tried again when the
 * network is back, on visibility, every LOAD_RETRY_MS, or on "Try again".
 */
export class LoadBoundary extends Component<LoadBoundaryProps, State> {
  override state: State = { failed: false };
  private timer: ReturnType<typeof setInterval> | undefined;

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(): void {
    this.props.onFailure?.(true);
    if (this.timer !== undefined) return;
    window.addEventListener('online', this.retry);
    document.addEventListener('visibilitychange', this.onVisible);
    this.timer = setInterval(this.retry, LOAD_RETRY_MS);
  }

  override componentWillUnmount(): void {
    this.stopListening();
  }

  private stopListening(): void {
    window.removeEventListener('online', this.retry);
    document.removeEventListener('visibilitychange', this.onVisible);
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private onVisible = () => {
    if (document.visibilityState === 'visible') this.retry();
  };

  private retry = () => {
    if (!this.state.failed) return;
    this.stopListening();
    retryFailedLoads();
    this.props.onFailure?.(false);
    this.setState({ failed: false });
  };

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return <LoadFailure part={this.props.part} onRetry={this.retry} />;
  }
}

function LoadFailure({ part, onRetry }: { part: LoadPart; onRetry: () => void }) {
  const text = TEXTS[useUiLanguage()];
  return (
    <div className="load-failure" role="alert" data-part={part}>
      <p>
        {text.couldNotLoad} {text.parts[part]}. {text.whenBack}
      </p>
      <button className="button button--secondary" type="button" onClick={onRetry}>
        {text.retry}
      </button>
    </div>
  );
}
