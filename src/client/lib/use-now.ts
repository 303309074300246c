import { useEffect, useState } from 'react';

/** The time, renewed every `everyMs`: ages on screen ("5 min") keep up without a reload. */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
