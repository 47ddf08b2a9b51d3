/** The targets seen in the stats, fetched once when no overview has loaded them yet. */

import { useContext, useEffect } from 'preact/hooks';
import { AppContext, type KnownTarget } from './context';
import type { DeliveryStats } from './types';

export function useKnownTargets(): KnownTarget[] {
  const { api, knownTargets, onTargetsSeen } = useContext(AppContext);
  const missing = knownTargets.length === 0;
  useEffect(() => {
    if (!missing) return;
    const controller = new AbortController();
    // A week covers the targets worth filtering by; failing here only leaves the Target filter short.
    api
      .get<DeliveryStats>('/integrations/deliverystats?Window=Week', controller.signal)
      .then((stats) => controller.signal.aborted || onTargetsSeen(stats.Targets))
      .catch(() => undefined);
    return () => controller.abort();
  }, [api, missing]);
  return knownTargets;
}
