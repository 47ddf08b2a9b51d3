/**
 * How far the clock of the process that routed a delivery may be ahead of the one that attempts it.
 * Processes on NTP agree within milliseconds; a second leaves room for a host that drifted. Should a
 * clock be further ahead than this, a stale snapshot may still skip (as within the snapshot's maximum age
 * before); one further behind only costs a needless read.
 */
export const CLOCK_SKEW_MARGIN_MS = 1_000;

/**
 * From when (this process's clock) a routing snapshot surely holds the configuration a job's
 * deliveries were routed with. The router read its configuration before it created the job
 * (`createdAt`, the router's clock: compared with a margin for skew), and certainly before this
 * process took the job (`takenAt`, this process's clock: no skew).
 */
export function routedConfigurationSince(createdAt: number, takenAt: number): number {
  return Math.min(createdAt + CLOCK_SKEW_MARGIN_MS, takenAt);
}
