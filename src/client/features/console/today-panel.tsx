import { formatClock } from '@client/lib/format-time';
import { useUiLanguage } from '@client/lib/ui-language';
import { useProgress, type DayRange } from './console-api';
import { useConsoleText } from './console-text';
import { QueryState } from './query-state';
import { downloadCsv, toCsv } from './to-csv';

export function TodayPanel({ range }: { range: DayRange }) {
  const text = useConsoleText();
  const language = useUiLanguage();
  const progress = useProgress(range);
  const p = progress.data;
  if (!p) return <QueryState isError={progress.isError} />;
  const clock = (iso: string | undefined) => (iso ? formatClock(Date.parse(iso), language) : text.never);
  const suffix = p.from === p.to ? p.from : `${p.from}_${p.to}`;

  const exportCsv = () => {
    const c = text.col;
    downloadCsv(
      `doorstep-progress-${suffix}.csv`,
      toCsv([
        [c.turf, c.doorsVisited, text.col.doors, c.visits, c.conversations, c.delivered, c.refused, c.refusedWhy],
        ...p.turfs.map((t) => [
          t.name,
          t.progress.visited,
          t.progress.doors,
          t.visits,
          t.conversations,
          t.delivered,
          t.refused,
          Object.entries(t.refusedFields)
            .map(([f, n]) => `${f} ${n}`)
            .join('; '),
        ]),
        [],
        [c.canvasser, c.doors, c.conversations, c.delivered, c.refused, c.lastSeen, c.problems],
        ...p.canvassers.map((x) => [
          x.name,
          x.doors,
          x.conversations,
          x.delivered,
          x.refused,
          x.lastSeen,
          x.gaps.map((g) => (g.kind === 'not-synced' ? text.gapNotSynced(g.sinceMinutes) : text.gapRapid(g.count, g.seconds))).join('; '),
        ]),
      ]),
    );
  };

  return (
    <section aria-labelledby="today-heading" className="console-panel">
      <h2 id="today-heading">{text.tabs.today}</h2>
      <p className="console-updated" role="status">
        {text.updatedAt(clock(p.generatedAt))}
      </p>
      <p className="console-totals">
        {text.totals(p.totals.visited, p.totals.doors, p.totals.conversations, p.totals.delivered, p.totals.refused)}
      </p>
      <button type="button" className="button button--secondary" onClick={exportCsv}>
        {text.exportCsv}
      </button>

      <h3>{text.turfsHeading}</h3>
      {p.turfs.length === 0 ? (
        <p>{text.noTurfs}</p>
      ) : (
        <div className="console-table-wrap" tabIndex={0} role="region" aria-label={text.tableOf(text.turfsHeading)}>
          <table className="console-table">
            <thead>
              <tr>
                <th scope="col">{text.col.turf}</th>
                <th scope="col">{text.col.doorsVisited}</th>
                <th scope="col">{text.col.visits}</th>
                <th scope="col">{text.col.conversations}</th>
                <th scope="col">{text.col.delivered}</th>
                <th scope="col">{text.col.refused}</th>
              </tr>
            </thead>
            <tbody>
              {p.turfs.map((t) => (
                <tr key={t.id}>
                  <th scope="row">{t.name}</th>
                  <td>
                    {t.progress.visited} / {t.progress.doors}
                  </td>
                  <td>{t.visits}</td>
                  <td>{t.conversations}</td>
                  <td>{t.delivered}</td>
                  <td>
                    {t.refused}
                    {t.refused > 0 && (
                      <span className="console-why">
                        {' '}
                        (
                        {Object.entries(t.refusedFields)
                          .map(([f, n]) => `${f} ×${n}`)
                          .join(', ')}
                        )
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3>{text.canvassersHeading}</h3>
      <div className="console-table-wrap" tabIndex={0} role="region" aria-label={text.tableOf(text.canvassersHeading)}>
        <table className="console-table">
          <thead>
            <tr>
              <th scope="col">{text.col.canvasser}</th>
              <th scope="col">{text.col.doors}</th>
              <th scope="col">{text.col.conversations}</th>
              <th scope="col">{text.col.delivered}</th>
              <th scope="col">{text.col.refused}</th>
              <th scope="col">{text.col.lastSeen}</th>
              <th scope="col">{text.col.problems}</th>
            </tr>
          </thead>
          <tbody>
            {p.canvassers.map((c) => (
              <tr key={c.id} data-canvasser={c.id}>
                <th scope="row">{c.name}</th>
                <td>{c.doors}</td>
                <td>{c.conversations}</td>
                <td>{c.delivered}</td>
                <td>{c.refused}</td>
                <td>{clock(c.lastSeen)}</td>
                <td>
                  {c.gaps.length === 0
                    ? text.never
                    : c.gaps.map((g) => (
                        <strong key={g.kind} className="console-gap">
                          {g.kind === 'not-synced' ? text.gapNotSynced(g.sinceMinutes) : text.gapRapid(g.count, g.seconds)}
                        </strong>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
