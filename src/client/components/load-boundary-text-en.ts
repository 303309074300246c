// The load boundary's English texts; their type is every language's. Imported with the page, in
// both languages, unlike every other text table (ui-language.ts loads those on demand): they say
// that a part could not load, so they cannot be a part loaded on demand themselves. Short, since
// the page's first load carries them.

export const loadBoundaryTextEn = {
  parts: {
    app: 'Doorstep',
    form: 'the contact form',
    signIn: 'the sign-in screen',
    offline: 'drafts and the outbox (contacts cannot be kept on this device yet; what you typed stays on screen)',
    status: 'the device status',
    outbox: 'the outbox (contacts saved on this device stay there)',
    drafts: 'the list of drafts (the drafts stay on this device)',
    sections: 'the rest of the form (what you typed is kept)',
    summary: 'the list of errors (each error is shown at its field)',
    confirmation: 'the confirmation (the contact is saved on this device and will be sent)',
    tags: 'the tags',
    notes: 'the notes',
    location: 'the location button',
    offlineSetup: 'offline use (stay online a moment longer)',
  },
  couldNotLoad: 'Could not load:',
  whenBack: 'Tried again as soon as the network is back.',
  retry: 'Try again',
};

export type LoadBoundaryText = typeof loadBoundaryTextEn;
export type LoadPart = keyof LoadBoundaryText['parts'];
