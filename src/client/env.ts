// Vite bakes these in at build time; checking them once at start turns a bad build setting
// into one clear message instead of odd failures on the first request. Checked by hand rather
// than with zod: this runs before the first screen, and zod is kept off that path (it loads with
// the campaign and the form's validation).

const API_BASE_RE = /^(?:|\/\S*|https?:\/\/\S+)$/;

export interface ClientEnv {
  /** Empty (same origin), a path, or an http(s) URL; never with a trailing slash, which would
   * double up with the '/api/…' paths joined onto it. */
  VITE_API_BASE: string;
}

export function parseClientEnv(raw: Record<string, unknown>): ClientEnv {
  const value = raw.VITE_API_BASE ?? '';
  if (typeof value !== 'string' || !API_BASE_RE.test(value)) {
    throw new Error(
      `Invalid build environment variable\nVITE_API_BASE: must be empty (same origin), a path starting with /, or an http(s) URL (got ${JSON.stringify(value)})`,
    );
  }
  return { VITE_API_BASE: value.replace(/\/+$/, '') };
}

export const env: ClientEnv = parseClientEnv(import.meta.env);
