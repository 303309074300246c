import { useMutation, useQueryClient } from '@tanstack/react-query';
import { deleteSession } from './session-api';
import { sessionQueryKey } from './use-session';

export function useSignOut(onSignedOut?: () => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: deleteSession,
    onSuccess: () => {
      onSignedOut?.();
      // Drop what the canvasser saw, but keep the session query itself: the shell observes it,
      // and a removed query would leave the shell watching a stale one.
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
      client.setQueryData(sessionQueryKey, null);
    },
  });
}
