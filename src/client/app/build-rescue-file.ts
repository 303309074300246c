import { RESCUE_FORMAT, type RescueFile } from '@shared/rescue-file-schema';
import type { DraftRecord, OutboxItem } from '@client/lib/local-db';

// The rescue file: every unsent contact and every draft of this device, for when the device
// cannot send them itself (a broken tablet, a server that stays out of reach, a full disk). The
// server's `npm run replay -- FILE` sends its contacts under the keys they were queued with.

export function buildRescueFile(all: readonly OutboxItem[], drafts: readonly DraftRecord[], now = Date.now()): RescueFile {
  // Contacts only: the replay sends to /api/contacts, and a door's visit is turf progress, which
  // the next sync of the device (or the canvasser, again) records.
  const outbox = all.filter((item) => item.kind === 'contact');
  // A draft names the contact it fixes only while that contact is in the file: gone (sent, or
  // discarded), the fix is a new contact, as it would be in the app.
  const inFile = new Set(outbox.map((item) => item.key));
  return {
    format: RESCUE_FORMAT,
    version: 1,
    exportedAt: new Date(now).toISOString(),
    outbox: outbox.map((item) => ({
      key: item.key,
      body: item.body,
      createdAt: item.createdAt,
      state: item.state,
      ...(item.lastError ? { lastError: item.lastError } : {}),
    })),
    drafts: drafts.map((draft) => ({
      id: draft.id,
      values: draft.values,
      formVersion: draft.formVersion,
      updatedAt: draft.updatedAt,
      ...(draft.fixing && inFile.has(draft.fixing) ? { fixing: draft.fixing } : {}),
    })),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `doorstep-unsent-20270314-1402.json`, in the device's local time: what the canvasser sees. */
export function rescueFileName(now = Date.now()): string {
  const d = new Date(now);
  return `doorstep-unsent-${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}.json`;
}

/** Hands the file to the browser's downloads. A blob: URL followed by `<a download>` is a
 * download, not a fetch, so the CSP's connect-src does not apply. */
export function downloadRescueFile(file: RescueFile, name = rescueFileName()): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its copy once the click is handled; the URL can go on the next turn.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
