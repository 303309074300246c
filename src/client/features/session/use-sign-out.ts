import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { forgetSession } from './kept-session';
import { deleteSession } from './session-api';
import { sessionQueryKey } from './use-session';

/** Signs out. Plain state rather than TanStack Query's useMutation: the session bar is on the
 * first screen, and this one call does not need the mutation machinery in the first load (the
 * sign-in screens, loaded on demand, bring it). */
export function useSignOut(onSignedOut?: () => void) {
  const client = useQueryClient();
  const [state, setState] = useState<'idle' | 'pending' | 'error'>('idle');
  const mutate = () => {
    setState('pending');
    deleteSession().then(
      () => {
        setState('idle');
        // The device forgets who was signed in: the next start shows the sign-in screen, even
        // with no network.
        forgetSession();
        onSignedOut?.();
        // Drop what the canvasser saw, but keep the session query itself: the shell observes it,
        // and a removed query would leave the shell watching a stale one.
        client.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
        client.setQueryData(sessionQueryKey, null);
      },
      () => setState('error'),
    );
  };
  return { isPending: state === 'pending', isError: state === 'error', mutate };
}
