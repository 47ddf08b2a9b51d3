/** The health rule of an overview tile. Pure: Jest tests it in Node. */

import type { TargetStats } from './types';

export type Health = 'Healthy' | 'Degraded' | 'Failing';

export function targetHealth(stats: Pick<TargetStats, 'Delivered' | 'FailedAttempts' | 'DeadLettered' | 'Circuit'>): Health {
  // An open circuit means nothing is being sent at all, whatever the counts say.
  if (stats.Circuit.State === 'Open') return 'Failing';
  if (stats.DeadLettered > 0 && stats.Delivered === 0) return 'Failing';
  if (stats.DeadLettered > 0 || stats.FailedAttempts > 0) return 'Degraded';
  return 'Healthy';
}

/** The circuit in words: "Circuit closed", "Circuit open since 10:40, retry at 10:41". */
export function circuitText(circuit: TargetStats['Circuit'], formatTime: (iso: string) => string): string {
  switch (circuit.State) {
    case 'Closed':
      return 'Circuit closed';
    case 'Open': {
      const since = circuit.OpenedAt ? ` since ${formatTime(circuit.OpenedAt)}` : '';
      const retry = circuit.RetryAt ? `, retry at ${formatTime(circuit.RetryAt)}` : '';
      return `Circuit open${since}${retry}`;
    }
    default:
      return 'Circuit state unavailable';
  }
}
