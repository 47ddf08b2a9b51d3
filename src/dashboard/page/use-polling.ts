/** Loads a view's data now and every refreshSeconds after, never two loads at once. */

import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, isAbort } from './api';
import { AppContext } from './context';

export interface Polling {
  /** The last load's error message, cleared by the next load that succeeds. */
  error: string | null;
  /** Whether a first load has succeeded since the deps last changed. */
  loaded: boolean;
  /** Loads again now, cancelling a load under way (after an action, or when the query changes). */
  reload: () => void;
}

/**
 * `load` must check `signal.aborted` before it sets state: a cancelled load's answer is stale. The next
 * load is timed from the end of the previous one, so slow answers never pile up.
 */
export function usePolling(load: (signal: AbortSignal) => Promise<void>, deps: unknown[]): Polling {
  const { paused, config, onUpdated } = useContext(AppContext);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const latest = useRef({ load, onUpdated, intervalMs: Math.max(1, config.refreshSeconds || 5) * 1000, paused });
  latest.current = { load, onUpdated, intervalMs: latest.current.intervalMs, paused };

  // Made once: timers and listeners call these long after the render that made them.
  const [loop] = useState(() => {
    // refused: the token lacks the roles; asking again on a timer would only be refused again.
    const s = { controller: null as AbortController | null, again: false, timer: 0, disposed: false, refused: false };
    const schedule = () => {
      clearTimeout(s.timer);
      if (s.disposed || s.refused || latest.current.paused || document.visibilityState === 'hidden') return;
      s.timer = window.setTimeout(() => run(false), latest.current.intervalMs);
    };
    // restart: cancel a load under way and start over; otherwise a load under way is enough.
    const run = (restart: boolean) => {
      if (s.disposed) return;
      if (s.controller) {
        if (restart) {
          s.again = true;
          s.controller.abort();
        }
        return;
      }
      clearTimeout(s.timer);
      const controller = new AbortController();
      s.controller = controller;
      latest.current
        .load(controller.signal)
        .then(
          () => {
            if (controller.signal.aborted || s.disposed) return;
            s.refused = false;
            setError(null);
            setLoaded(true);
            latest.current.onUpdated(new Date());
          },
          (caught: unknown) => {
            if (controller.signal.aborted || s.disposed || isAbort(caught)) return;
            s.refused = caught instanceof ApiError && caught.status === 403;
            setError(caught instanceof Error ? caught.message : String(caught));
          },
        )
        .finally(() => {
          s.controller = null;
          if (s.again) {
            s.again = false;
            run(false);
          } else schedule();
        });
    };
    const stop = () => clearTimeout(s.timer);
    const dispose = () => {
      s.disposed = true;
      clearTimeout(s.timer);
      s.controller?.abort();
    };
    return { run, stop, dispose, reload: () => run(true) };
  });

  useEffect(() => {
    setLoaded(false);
    loop.run(true);
  }, deps);

  useEffect(() => {
    if (paused) loop.stop();
    else loop.run(false);
  }, [paused]);

  useEffect(() => {
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') loop.stop();
      else if (!latest.current.paused) loop.run(false);
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      loop.dispose();
    };
  }, []);

  return { error, loaded, reload: loop.reload };
}
