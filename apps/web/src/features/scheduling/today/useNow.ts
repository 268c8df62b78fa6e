import { useEffect, useState } from 'react';
import { serverNow } from '../../../app/api';

/**
 * The current time by the server's clock (the browser's, corrected by the offset of the
 * latest answer), re-read every `intervalMs`: live counters tick without asking the server.
 */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const timer = setInterval(() => setNow(serverNow()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
