import * as z from 'zod/mini';

// Vite bakes these in at build time; checking them once at start turns a bad build setting
// into one clear message instead of odd failures on the first request.

const apiBase = z.pipe(
  z.string().check(
    z.regex(
      /^(?:|\/\S*|https?:\/\/\S+)$/,
      'must be empty (same origin), a path starting with /, or an http(s) URL',
    ),
  ),
  // A trailing slash would double up with the '/api/…' paths joined onto it.
  z.transform((s: string) => s.replace(/\/+$/, '')),
);

export const clientEnvSchema = z.object({
  VITE_API_BASE: z._default(apiBase, ''),
});

export type ClientEnv = z.output<typeof clientEnvSchema>;

export function parseClientEnv(raw: Record<string, unknown>): ClientEnv {
  const result = z.safeParse(clientEnvSchema, raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.map(String).join('.') || '(environment)';
    return `${name}: ${issue.message} (got ${JSON.stringify(raw[name])})`;
  });
  throw new Error(`Invalid build environment variable\n${lines.join('\n')}`);
}

export const env: ClientEnv = parseClientEnv(import.meta.env);
