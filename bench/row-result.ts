// What each row of the benchmark hands back to run-bench.ts.

export type Verdict = 'met' | 'missed' | 'n/a' | 'not measured';

export interface RowResult {
  /** Stable id: bundle, cold-load, typing, autosave, outbox-drain, proxy. */
  id: string;
  /** The "what" column of the table. */
  what: string;
  /** The headline figure(s), already formatted. */
  figure: string;
  /** The baseline measured in the same run, formatted; '—' when the row has none. */
  baseline: string;
  /** The comparison the target is about (a ratio, a share of the ideal), formatted. */
  result: string;
  target: string;
  verdict: Verdict;
  /** How far off, what the figure depends on, what was not measured and why. */
  note: string;
  /** Markdown detail (tables of every run) for results.md. */
  detail?: string;
  /** Raw numbers for results.json. */
  data?: unknown;
  measuredAt?: string;
  quick?: boolean;
  /** Seconds this row took. */
  seconds?: number;
}

export function notMeasured(id: string, what: string, target: string, why: string): RowResult {
  return { id, what, figure: 'not measured', baseline: '—', result: '—', target, verdict: 'not measured', note: why };
}
