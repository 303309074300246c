// Apart from the schemas so that the browser can draw yes/no answers without loading zod.

/** The two values a yes/no field sends (Qomon values are always strings). */
export const YES_NO_VALUES = ['yes', 'no'] as const;
