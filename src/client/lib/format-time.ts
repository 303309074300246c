// Times as a canvasser reads them on the status bar and in the lists: "5 min", "2 h", "14:02".

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function unit(ms: number): [number, 'second' | 'minute' | 'hour' | 'day'] {
  if (ms < MINUTE) return [Math.max(0, Math.round(ms / 1000)), 'second'];
  if (ms < HOUR) return [Math.floor(ms / MINUTE), 'minute'];
  if (ms < DAY) return [Math.floor(ms / HOUR), 'hour'];
  return [Math.floor(ms / DAY), 'day'];
}

/** A duration, short: "40 s", "5 min", "3 h", "2 days". */
export function formatDuration(ms: number, language: string): string {
  const [value, u] = unit(ms);
  return new Intl.NumberFormat(language, { style: 'unit', unit: u, unitDisplay: u === 'day' ? 'long' : 'short' }).format(value);
}

/** How long ago: "just now"-like for under a minute, then "5 minutes ago". */
export function formatAgo(ms: number, language: string): string {
  const [value, u] = unit(ms);
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto', style: 'long' });
  return u === 'second' ? format.format(0, 'second') : format.format(-value, u);
}

/** A time of day, with the date when it is not today: "14:02", "3 Mar, 14:02". */
export function formatClock(at: number, language: string, now = Date.now()): string {
  const sameDay = new Date(at).toDateString() === new Date(now).toDateString();
  return new Intl.DateTimeFormat(
    language,
    sameDay ? { hour: '2-digit', minute: '2-digit' } : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' },
  ).format(at);
}
