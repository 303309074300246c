import { lazy } from 'react';

// Not needed to show the top of the form: the error summary and the confirmation (shown after
// Send), tags and notes (at the bottom of a long form). They load as soon as the form is on
// screen, and the page's first load stays small.
export const later = {
  summary: () => import('./error-summary').then((m) => ({ default: m.ErrorSummary })),
  sent: () => import('./sent-confirmation').then((m) => ({ default: m.SentConfirmation })),
  tags: () => import('./tags-field').then((m) => ({ default: m.TagsField })),
  notes: () => import('./notes-field').then((m) => ({ default: m.NotesField })),
};
export const ErrorSummary = lazy(later.summary);
export const SentConfirmation = lazy(later.sent);
export const TagsField = lazy(later.tags);
export const NotesField = lazy(later.notes);
