import { useDeferredValue, useState } from 'react';
import { formatClock } from '@client/lib/format-time';
import { useUiLanguage } from '@client/lib/ui-language';
import { useDeliveries, type DayRange } from './console-api';
import { useConsoleText } from './console-text';
import { QueryState } from './query-state';
import { downloadCsv, toCsv } from './to-csv';

export function DeliveriesPanel({ range }: { range: DayRange }) {
  const text = useConsoleText();
  const language = useUiLanguage();
  const [q, setQ] = useState('');
  const [result, setResult] = useState('');
  const deliveries = useDeliveries(range, useDeferredValue(q.trim()), result);
  const d = deliveries.data;

  const exportCsv = () => {
    if (!d) return;
    const c = text.col;
    downloadCsv(
      `doorstep-deliveries-${range.from === range.to ? range.from : `${range.from}_${range.to}`}.csv`,
      toCsv([
        [c.time, c.kind, c.canvasser, c.turf, c.result, c.qomon, c.fields, 'Idempotency-Key'],
        ...d.deliveries.map((x) => [
          x.at,
          x.kind,
          x.canvasser.name ?? x.canvasser.id,
          x.turf?.name ?? x.turf?.id,
          x.result + (x.refusedBy ? ` (${x.refusedBy})` : ''),
          x.upstreamStatus,
          x.locations.join('; '),
          x.key,
        ]),
      ]),
    );
  };

  return (
    <section aria-labelledby="deliveries-heading" className="console-panel">
      <h2 id="deliveries-heading">{text.tabs.deliveries}</h2>
      <form className="console-form console-form--inline" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          {text.search}
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} aria-describedby="search-hint" />
        </label>
        <span id="search-hint" className="console-hint">
          {text.searchHint}
        </span>
        <label>
          {text.resultFilter}
          <select value={result} onChange={(e) => setResult(e.target.value)}>
            <option value="">{text.all}</option>
            <option value="delivered">{text.results.delivered}</option>
            <option value="refused">{text.results.refused}</option>
            <option value="failed">{text.results.failed}</option>
          </select>
        </label>
      </form>
      {!d ? (
        <QueryState isError={deliveries.isError} />
      ) : (
        <>
          <p role="status">{text.shown(d.deliveries.length, d.total)}</p>
          <button type="button" className="button button--secondary" onClick={exportCsv} disabled={d.deliveries.length === 0}>
            {text.exportCsv}
          </button>
          {d.deliveries.length === 0 ? (
            <p>{text.noDeliveries}</p>
          ) : (
            <div className="console-table-wrap" tabIndex={0} role="region" aria-label={text.tableOf(text.tabs.deliveries)}>
              <table className="console-table">
                <thead>
                  <tr>
                    <th scope="col">{text.col.time}</th>
                    <th scope="col">{text.col.canvasser}</th>
                    <th scope="col">{text.col.turf}</th>
                    <th scope="col">{text.col.result}</th>
                    <th scope="col">{text.col.qomon}</th>
                    <th scope="col">{text.col.fields}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.deliveries.map((x) => (
                    <tr key={`${x.key}-${x.at}`} className={`console-delivery console-delivery--${x.result}`}>
                      <td>{formatClock(Date.parse(x.at), language)}</td>
                      <td>{x.canvasser.name ?? x.canvasser.id}</td>
                      <td>{x.turf ? (x.turf.name ?? x.turf.id) : text.never}</td>
                      <td>
                        {text.kinds[x.kind]}: {text.results[x.result]}
                        {x.refusedBy && ` ${text.refusedBy[x.refusedBy]}`}
                      </td>
                      <td>{x.upstreamStatus ?? text.never}</td>
                      <td>{x.locations.join(', ') || text.never}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
