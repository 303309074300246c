// The drafts' English texts; their type is every language's.

export const draftsTextEn = {
  heading: (n: number) => (n === 1 ? 'Another contact in progress' : `${n} other contacts in progress`),
  lead: 'Saved on this device as you typed. Resume one to finish it, or discard it.',
  unnamed: 'Contact without a name yet',
  unreadable: 'Kept from another version of the app: export it to keep it',
  edited: (age: string) => `edited ${age}`,
  resume: 'Resume',
  resumeLabel: (what: string) => `Resume: ${what}`,
  discard: 'Discard',
  discardLabel: (what: string) => `Discard: ${what}`,
  newContact: 'Start a new contact',
  newContactHint: 'The contact in the form stays here as a draft.',
  discarded: (what: string) => `Draft discarded: ${what}`,
  undo: 'Undo',
  openElsewhere: 'Open in another tab of this app: finish it there, or close that tab to resume it here.',
  fixing: 'Fixes a contact that needs fixing',
  resumed: (what: string) => `Draft resumed: ${what}`,
  saveFailed: 'The draft could not be saved on this device.',
  othersDrafts: (n: number) =>
    n === 1
      ? '1 draft of another canvasser is kept on this device for them'
      : `${n} drafts of another canvasser are kept on this device for them`,
};

export type DraftsText = typeof draftsTextEn;
