// The contract's own messages, each under a code. The server and Qomon's side speak English, so
// a message travels as its English text (in a 422's errors, for instance); the app finds its code
// by that text and shows the code's message in the interface language. A message added here without
// a French text fails the client's type check (src/client/features/contact-form/contract-messages.ts).

export const CONTRACT_MESSAGES = {
  email: 'Must be an email address',
  calendarDate: 'Must be a real date written YYYY-MM-DD',
  after1900: 'Must be after 1900-01-01',
  notInFuture: 'Must not be in the future',
  phone: 'Must be a phone number',
  decimal: 'Must be a decimal number written as a string',
  latitudeRange: 'Must be between -90 and 90',
  longitudeRange: 'Must be between -180 and 180',
  identify: 'A contact needs a name, an email, a phone, a mobile or a street address',
} as const;

export type ContractMessageCode = keyof typeof CONTRACT_MESSAGES;

const CODE_OF = new Map(Object.entries(CONTRACT_MESSAGES).map(([code, message]) => [message as string, code as ContractMessageCode]));

/** The code of a contract message, from its English text; undefined for any other message. */
export function contractMessageCode(message: string): ContractMessageCode | undefined {
  return CODE_OF.get(message);
}
