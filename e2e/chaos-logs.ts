import { readFileSync } from 'node:fs';

// Reads the chaos run's server logs (pino JSON lines, one file per server process): the error
// lines, and what the upstream (the sandbox) and the app's POSTs were answered.

export interface ServerLogFile {
  path: string;
  /** A SIGKILLed process may have written half a line last: that line is not an error. */
  killed: boolean;
}

export interface ServerLogSummary {
  /** Lines at level error (50) or fatal (60), and any line that is not JSON (a stack trace, a
   * crash message) beyond the server's own start-up banner. */
  errors: string[];
  /** The proxy's "forwarded" lines, by what the upstream did: accepted, server-error 500/503,
   * rate-limited, timeout, unreachable (a reset or a cut reply). */
  upstream: Record<string, number>;
  /** POST /api/contacts answers, by status, as the server sent them. */
  contactAnswers: Record<string, number>;
}

/** The lines main.ts prints with console.log when it starts in sandbox mode. */
const BANNER = [/^Doorstep is serving /, /^Contacts go to the built-in sandbox/, /^Demo access code: /];

interface LogLine {
  level?: number;
  msg?: string;
  reqId?: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  upstream?: string;
  upstreamStatus?: number;
}

export function readServerLogs(files: ServerLogFile[]): ServerLogSummary {
  const summary: ServerLogSummary = { errors: [], upstream: {}, contactAnswers: {} };
  const bump = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);
  for (const file of files) {
    const lines = readFileSync(file.path, 'utf8').split('\n');
    // A complete last line ends with "\n", leaving "" after the split.
    const last = lines.length - 1;
    const contactRequests = new Set<string>();
    lines.forEach((text, i) => {
      if (text === '') return;
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        if (i === last && file.killed) return;
        if (BANNER.some((re) => re.test(text))) return;
        summary.errors.push(`${file.path}:${i + 1}: ${text}`);
        return;
      }
      if ((line.level ?? 0) >= 50) summary.errors.push(`${file.path}:${i + 1}: ${text}`);
      if (line.msg === 'incoming request' && line.req?.method === 'POST' && line.req.url === '/api/contacts' && line.reqId)
        contactRequests.add(line.reqId);
      if (line.msg === 'request completed' && line.reqId && contactRequests.has(line.reqId))
        bump(summary.contactAnswers, String(line.res?.statusCode));
      if (line.msg === 'forwarded' && line.upstream)
        bump(summary.upstream, line.upstream === 'server-error' ? `server-error ${line.upstreamStatus}` : line.upstream);
    });
  }
  return summary;
}
