/** The field Enter moves to from `current`: the first after it, in document order, that `isNext`
 * accepts. */
export function nextField<T>(fields: readonly T[], current: T, isNext: (field: T) => boolean): T | undefined {
  return fields.slice(fields.indexOf(current) + 1).find(isNext);
}
