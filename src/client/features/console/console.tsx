import { useState, type ReactNode } from 'react';
import { CanvassersPanel } from './canvassers-panel';
import { useConsoleText } from './console-text';
import { DeliveriesPanel } from './deliveries-panel';
import { TodayPanel } from './today-panel';
import { TurfsPanel } from './turfs-panel';
import type { DayRange } from './console-api';
import './console.css';

const TABS = ['today', 'canvassers', 'turfs', 'deliveries'] as const;
type Tab = (typeof TABS)[number];

/** The day in the browser's own time zone, as YYYY-MM-DD. */
function localDay(at = new Date()): string {
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
}

/** The organiser's console. `header` is what the app puts above it (who is signed in, the way
 * out, the language switch): this feature knows no other. `sandbox`: the server's sandbox mode,
 * said on every page as the app says it, so that no one takes demo figures for the campaign's. */
export function Console({ header, sandbox }: { header: ReactNode; sandbox: boolean }) {
  const text = useConsoleText();
  const [tab, setTab] = useState<Tab>('today');
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [range, setRange] = useState<DayRange>(() => ({ from: localDay(), to: localDay(), tz }));
  const today = localDay();

  return (
    <>
      <header className="app-header">
        {sandbox && (
          <p className="sandbox-banner" role="note">
            {text.sandboxBanner}
          </p>
        )}
        <div className="app-header__inner console-header__inner">
          <div className="app-header__top">
            <p className="app-header__brand">
              <img src="/icon.svg" alt="" width="28" height="28" />
              Doorstep
            </p>
            <a className="console-header__app" href="/">
              {text.openApp}
            </a>
          </div>
          <h1 className="app-header__campaign">{text.title}</h1>
          {header}
          <nav aria-label={text.tabsLabel}>
            <ul className="console-tabs">
              {TABS.map((t) => (
                <li key={t}>
                  <button
                    type="button"
                    className="console-tabs__tab"
                    aria-current={tab === t ? 'page' : undefined}
                    onClick={() => setTab(t)}
                  >
                    {text.tabs[t]}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
        </div>
      </header>
      <main className="console-main">
        {(tab === 'today' || tab === 'deliveries') && (
          <fieldset className="console-range">
            <legend>{text.range}</legend>
            <label>
              {text.from}
              <input
                type="date"
                value={range.from}
                max={range.to}
                onChange={(e) => e.target.value && setRange({ ...range, from: e.target.value })}
              />
            </label>
            <label>
              {text.to}
              <input
                type="date"
                value={range.to}
                min={range.from}
                onChange={(e) => e.target.value && setRange({ ...range, to: e.target.value })}
              />
            </label>
            <button
              type="button"
              className="button button--secondary"
              disabled={range.from === today && range.to === today}
              onClick={() => setRange({ from: today, to: today, tz })}
            >
              {text.today}
            </button>
          </fieldset>
        )}
        {tab === 'today' && <TodayPanel range={range} />}
        {tab === 'canvassers' && <CanvassersPanel />}
        {tab === 'turfs' && <TurfsPanel />}
        {tab === 'deliveries' && <DeliveriesPanel range={range} />}
      </main>
    </>
  );
}
