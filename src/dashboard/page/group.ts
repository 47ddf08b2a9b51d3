/** Grouping of delivery attempts into deliveries. Pure: Jest tests it in Node. */

import type { DeliveryAttempt, Outcome } from './types';

export interface DeliveryGroup {
  DeliveryID: string;
  /** The attempts, oldest first. */
  attempts: DeliveryAttempt[];
  latest: DeliveryAttempt;
  outcome: Outcome;
  /** The end-to-end latency of the attempt that delivered, if one did. */
  latencyMs: number | null;
}

function byAttemptOrder(a: DeliveryAttempt, b: DeliveryAttempt): number {
  return a.Attempt - b.Attempt || a.AttemptedAt.localeCompare(b.AttemptedAt);
}

/** One group per DeliveryID, newest latest attempt first; a delivery's outcome is its latest attempt's. */
export function groupDeliveries(rows: DeliveryAttempt[]): DeliveryGroup[] {
  const byDelivery = new Map<string, DeliveryAttempt[]>();
  for (const row of rows) {
    const attempts = byDelivery.get(row.DeliveryID);
    if (attempts) attempts.push(row);
    else byDelivery.set(row.DeliveryID, [row]);
  }
  const groups: DeliveryGroup[] = [];
  for (const [DeliveryID, attempts] of byDelivery) {
    attempts.sort(byAttemptOrder);
    const latest = attempts[attempts.length - 1];
    const delivered = attempts.find((attempt) => attempt.Outcome === 'Delivered');
    groups.push({ DeliveryID, attempts, latest, outcome: latest.Outcome, latencyMs: delivered?.LatencyMs ?? null });
  }
  return groups.sort((a, b) => b.latest.AttemptedAt.localeCompare(a.latest.AttemptedAt) || a.DeliveryID.localeCompare(b.DeliveryID));
}

/** Rows of several pages as one list: a page fetched after new rows arrived repeats some, so keep the first of each ID. */
export function uniqueById<T extends { ID: string }>(rows: T[]): T[] {
  const seen = new Set<string>();
  return rows.filter((row) => (seen.has(row.ID) ? false : (seen.add(row.ID), true)));
}
