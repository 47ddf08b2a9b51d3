/** Ends the session when its token expires, without waiting for the API to refuse it. */

import { useEffect, useRef } from 'preact/hooks';
import { expiryCheckDelay } from './session';

/**
 * Calls onExpired once the clock passes expiresAt (null: never). The clock is read on a timer, and again whenever
 * the tab is shown: a hidden tab's timers are held back.
 */
export function useSessionExpiry(expiresAt: number | null, onExpired: () => void): void {
  const latest = useRef(onExpired);
  latest.current = onExpired;

  useEffect(() => {
    if (expiresAt === null) return;
    let timer = 0;
    const check = () => {
      clearTimeout(timer);
      const delay = expiryCheckDelay(expiresAt, Date.now());
      if (delay === 0) latest.current();
      else timer = window.setTimeout(check, delay);
    };
    check();
    document.addEventListener('visibilitychange', check);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', check);
    };
  }, [expiresAt]);
}
