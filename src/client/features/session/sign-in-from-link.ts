import type { QueryClient } from '@tanstack/react-query';
import { keepSession } from './kept-session';
import { postSession } from './session-api';
import { sessionQueryKey } from './use-session';

/** Signs in with the code of a sign-in link (`#code=…`, as written by signInLink in
 * src/shared/console-schema.ts) (the organiser's QR code), as the sign-in form does.
 * False when the code is refused: the sign-in screen then shows as usual. */
export async function signInFromLink(client: QueryClient, encodedCode: string): Promise<boolean> {
  try {
    const session = await postSession(decodeURIComponent(encodedCode));
    keepSession(session);
    client.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
    client.setQueryData(sessionQueryKey, session);
    return true;
  } catch {
    return false;
  }
}
