/** The windows the delivery stats cover, each cut into buckets for the charts. */
export const STATS_WINDOWS = {
  Hour: { bucketMs: 60_000, buckets: 60 },
  Day: { bucketMs: 15 * 60_000, buckets: 96 },
  Week: { bucketMs: 2 * 3600_000, buckets: 84 },
} as const;

export type StatsWindowName = keyof typeof STATS_WINDOWS;

export const STATS_WINDOW_NAMES = Object.keys(STATS_WINDOWS) as StatsWindowName[];

/** A window's span: whole buckets aligned to multiples of the bucket size, the last one holding `now`. */
export interface StatsSpan {
  window: StatsWindowName;
  from: number;
  to: number;
  bucketMs: number;
  buckets: number;
}

export function statsSpan(window: StatsWindowName, now: number): StatsSpan {
  const { bucketMs, buckets } = STATS_WINDOWS[window];
  const lastStart = Math.floor(now / bucketMs) * bucketMs;
  return { window, from: lastStart - (buckets - 1) * bucketMs, to: lastStart + bucketMs, bucketMs, buckets };
}
