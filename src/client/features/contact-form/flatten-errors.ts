/** react-hook-form's nested errors as flat `[path, message]` pairs (`address.postalcode`),
 * with an array's own error (kept under `root` by the resolvers) at the array's path. */
export function flattenErrors(node: unknown, path = '', out: [string, string][] = []): [string, string][] {
  if (node === null || typeof node !== 'object') return out;
  const record = node as Record<string, unknown>;
  if (typeof record.message === 'string' && typeof record.type === 'string') out.push([path, record.message]);
  for (const [key, child] of Object.entries(record)) {
    if (key === 'ref' || key === 'message' || key === 'type' || key === 'types') continue;
    flattenErrors(child, key === 'root' && path ? path : path ? `${path}.${key}` : key, out);
  }
  return out;
}
