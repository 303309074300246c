/** How long a door's Undo is offered. The visit is held back a little longer (VISIT_HOLD_MS), so
 * that Undo never races its sending. */
export const VISIT_UNDO_MS = 5_000;
export const VISIT_HOLD_MS = VISIT_UNDO_MS + 1_000;
