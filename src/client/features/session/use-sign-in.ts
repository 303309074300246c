import { useMutation, useQueryClient } from '@tanstack/react-query';
import { keepSession } from './kept-session';
import { postSession } from './session-api';
import { sessionQueryKey } from './use-session';

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: postSession,
    onSuccess: (session) => {
      keepSession(session);
      // On a shared tablet nothing cached for the previous canvasser may show for the next one.
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
      client.setQueryData(sessionQueryKey, session);
    },
  });
}
