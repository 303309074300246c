import { lazyWithRetry } from '@client/lib/lazy-with-retry';

// Not needed to show the top of the form: the sections after the door (rendered after the
// first paint; boot.ts preloads their chunk with the first screen's), the error summary and the confirmation (shown after
// Send), tags and notes (at the bottom of a long form), "Use my location" (used after a tap, at
// the door section's foot). They load as soon as the form is on
// screen, and the page's first load stays small.
export const later = {
  sections: () => import('./later-sections').then((m) => ({ default: m.LaterSections })),
  summary: () => import('./error-summary').then((m) => ({ default: m.ErrorSummary })),
  sent: () => import('./sent-confirmation').then((m) => ({ default: m.SentConfirmation })),
  tags: () => import('./tags-field').then((m) => ({ default: m.TagsField })),
  notes: () => import('./notes-field').then((m) => ({ default: m.NotesField })),
  location: () => import('./location-button').then((m) => ({ default: m.LocationButton })),
};
export const LaterSections = lazyWithRetry(later.sections);
export const ErrorSummary = lazyWithRetry(later.summary);
export const SentConfirmation = lazyWithRetry(later.sent);
export const TagsField = lazyWithRetry(later.tags);
export const NotesField = lazyWithRetry(later.notes);
export const LocationButton = lazyWithRetry(later.location);
/** What the form prefetches once it is on screen. */
export const laterParts = [ErrorSummary, SentConfirmation, TagsField, NotesField, LocationButton];
