// Small statistics shared by every row: medians of runs, percentiles of samples, and the way
// figures are printed, so that every table says the same thing the same way.

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Linear-interpolated percentile (p in 0..100) of the values; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (rank - lo);
}

export function sum(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0);
}

/** `12.3 ms`, with a resolution suited to the size. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (Math.abs(value) < 10) return `${value.toFixed(2)} ms`;
  if (Math.abs(value) < 100) return `${value.toFixed(1)} ms`;
  return `${Math.round(value)} ms`;
}

/** Kilobytes of 1,024 bytes: the unit of the figures (its bare React page, "66 KB", is
 * 67,7xx bytes). Vite prints kB of 1,000 bytes, so its figures read about 2.4 % higher. */
export const KB = 1024;
export function kb(bytes: number): string {
  return `${(bytes / KB).toFixed(1)} KB`;
}

export function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a';
}

export function pct(value: number): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(1)} %` : 'n/a';
}

export function rps(value: number): string {
  return Number.isFinite(value) ? `${Math.round(value).toLocaleString('en-GB')} req/s` : 'n/a';
}

/** The runs of A and B interleaved (A B A B …), so that a burst of load from elsewhere on the
 * machine lands on both rather than on one. */
export async function interleaved<T>(
  runs: number,
  variants: readonly string[],
  run: (variant: string, index: number) => Promise<T>,
): Promise<Map<string, T[]>> {
  const out = new Map<string, T[]>(variants.map((v) => [v, []]));
  for (let i = 0; i < runs; i++) {
    for (const v of variants) out.get(v)!.push(await run(v, i));
  }
  return out;
}
