// The outbox's English texts; their type is every language's.

export const outboxTextEn = {
  label: 'Contacts to send',
  checking: 'Reading the contacts kept on this device…',
  waiting: (n: number) => (n === 0 ? 'Nothing waiting' : n === 1 ? '1 waiting' : `${n} waiting`),
  waitingOf: (doors: number, contacts: number) =>
    [doors === 1 ? '1 door' : `${doors} doors`, ...(contacts ? [contacts === 1 ? '1 contact' : `${contacts} contacts`] : [])].join(', '),
  needsAttention: (n: number) => (n === 1 ? '1 needs fixing' : `${n} need fixing`),
  oldest: (age: string) => `oldest ${age}`,
  lastSent: (at: string) => `last sent ${at}`,
  sending: 'sending…',
  paused: 'Paused: sign in again to send them',
  sendNow: 'Send now',
  details: 'Details',
  export: 'Export unsent',
  exportHint: 'A file with every unsent contact and draft, for your organiser to send with the server’s replay command.',
  exportFailed: 'The file could not be made.',
  storageFull:
    'This device has no room left to keep contacts. Export the unsent contacts and drafts now, then free some space (other apps, photos, site data).',
  dialogHeading: 'Not sent yet',
  dialogLead: 'Every contact here is kept on this device until the server has it. Each goes by itself; “Send now” tries them all at once.',
  // Not "every contact has been sent": the last one may have been discarded.
  empty: 'Nothing left to send.',
  close: 'Close',
  unnamed: 'Contact without a name',
  state: {
    waiting: 'Waiting',
    sending: 'Sending',
    'needs-attention': 'Needs fixing',
    paused: 'Waiting for sign-in',
  },
  queuedAgo: (ago: string) => `queued ${ago}`,
  attempts: (n: number) => (n === 0 ? 'not tried yet' : n === 1 ? '1 try' : `${n} tries`),
  nextTry: (when: string) => `next try ${when}`,
  nextTryNow: 'next try now',
  lastError: 'Last answer',
  noAnswer: 'No answer from the server (no connection?)',
  fix: 'Fix',
  fixingElsewhere: 'Being fixed in another tab: finish it there, or close the other tab to fix it here.',
  fixLabel: (what: string) => `Fix: ${what}`,
  fixing: 'Fix the fields marked below, then send it again.',
  discard: 'Discard',
  discardLabel: (what: string) => `Discard: ${what}`,
  discardHeading: 'Discard this contact?',
  discardBody: (what: string) => `“${what}” will not be sent, and is deleted from this device.`,
  discardKeep: 'Keep it',
  discardConfirm: 'Discard it',
  discarded: (what: string) => `Contact discarded: ${what}`,
  undo: 'Undo',
  othersWaiting: (contacts: number, doors: number) => {
    const what = [
      ...(contacts ? [contacts === 1 ? '1 contact' : `${contacts} contacts`] : []),
      ...(doors ? [doors === 1 ? '1 door' : `${doors} doors`] : []),
    ].join(' and ');
    return `${what} of another canvasser ${contacts + doors === 1 ? 'is' : 'are'} waiting to be sent from this device`;
  },
  signOutHeading: 'Sign out: what you leave on this device',
  signOutUnsent: (n: number) =>
    `${n === 1 ? '1 contact is' : `${n} contacts are`} not sent yet. ${n === 1 ? 'It stays' : 'They stay'} on this device and ${n === 1 ? 'is' : 'are'} sent under your name, whoever signs in here next. The next canvasser sees how many wait, not what they say.`,
  signOutDrafts: (n: number) =>
    `${n === 1 ? '1 draft (a contact not finished) stays' : `${n} drafts (contacts not finished) stay`} here for you, unless you remove ${n === 1 ? 'it' : 'them'}: “Export and remove” first saves ${n === 1 ? 'it' : 'them'} in a file, with your unsent contacts.`,
  signOutKeep: (drafts: number): string => (drafts ? 'Sign out, keep my drafts here' : 'Sign out'),
  signOutRemove: 'Export and remove my drafts, then sign out',
  signOutCancel: 'Stay signed in',
};

export type OutboxText = typeof outboxTextEn;
