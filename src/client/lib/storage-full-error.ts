// Its own module, without idb: the form, on the first load, tells a full device from other
// failures without loading the local database.

/** Thrown when the browser refuses to store more: the message points to the way out. */
export class StorageFullError extends Error {
  override readonly name = 'StorageFullError';
}

export function isStorageFull(error: unknown): error is StorageFullError {
  return error instanceof StorageFullError;
}
