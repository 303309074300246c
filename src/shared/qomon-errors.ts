import type * as z from 'zod/mini';
import type { QomonError } from './problem';

type Issue = z.core.$ZodIssue;

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Object.prototype.hasOwnProperty.call(v, key) ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return v;
}

const MAX_ECHO = 200;

/** The value an error echoes back: primitives only, long strings cut. Echoing an object would send
 * back whatever a client nested in it, however deep or big (a 10,000-deep array overflows
 * JSON.stringify). */
export function echoValue(v: unknown): unknown {
  if (typeof v === 'string') return v.length > MAX_ECHO ? `${v.slice(0, MAX_ECHO)}…` : v;
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return v;
  return undefined;
}

function location(prefix: string, path: readonly PropertyKey[]): string {
  return [prefix, ...path.map(String)].filter(Boolean).join('.');
}

/** Turns zod issues into Qomon's `errors[{location, message, value}]`, with `location` rooted at
 * `prefix` (`body` for an upsert body, so `body.data.address.postalcode`). An unknown key gets
 * an error of its own at its own location. */
export function toQomonErrors(issues: readonly Issue[], input: unknown, prefix = 'body'): QomonError[] {
  const errors: QomonError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        errors.push({ location: location(prefix, path), message: 'Unknown field', value: echoValue(valueAt(input, path)) });
      }
      continue;
    }
    errors.push({ location: location(prefix, issue.path), message: issue.message, value: echoValue(valueAt(input, issue.path)) });
  }
  return errors;
}

/** The form path of a Qomon location: `body.data.custom_fields.2.value` → `custom_fields.2.value`
 * (react-hook-form's dotted notation). `undefined` for a location outside the contact's data. */
export function locationToFieldPath(loc: string): string | undefined {
  const m = /^(?:body\.)?data(?:\.(.*))?$/.exec(loc);
  if (!m) return undefined;
  return m[1] ?? '';
}
