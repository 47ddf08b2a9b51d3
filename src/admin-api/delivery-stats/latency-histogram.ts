/**
 * Upper edges (ms) of the latency histogram the delivery stats count deliveries into: steps of about
 * a quarter, so a percentile read from it is at most about 25 % above the true one. The last bucket,
 * beyond the last edge, holds every slower delivery.
 */
export const LATENCY_EDGES_MS: readonly number[] = [
  1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 200, 250, 300, 400, 500, 600, 800, 1_000, 1_200, 1_500, 2_000,
  2_500, 3_000, 4_000, 5_000, 6_000, 8_000, 10_000, 12_000, 15_000, 20_000, 25_000, 30_000, 40_000, 50_000, 60_000, 80_000, 100_000,
  120_000, 150_000, 200_000, 250_000, 300_000,
];

/**
 * SQL giving the histogram bucket of a latency column: the index of the first edge at or above it, or
 * -1 where the column is null (attempts that delivered nothing, or were logged before latencies were).
 */
export function latencyBucketSql(column: string): string {
  const cases = LATENCY_EDGES_MS.map((edge, index) => `WHEN ${column} <= ${edge} THEN ${index}`).join(' ');
  return `CASE WHEN ${column} IS NULL THEN -1 ${cases} ELSE ${LATENCY_EDGES_MS.length} END`;
}

/** Counts per latency bucket, indexed as `latencyBucketSql` numbers them. */
export type LatencyCounts = Map<number, number>;

/**
 * The `fraction` percentile (0.5, 0.9, 0.99) of the latencies counted: the upper edge of the bucket it
 * falls in (the last edge for the slowest bucket), or null when nothing was counted.
 */
export function latencyPercentile(counts: LatencyCounts, fraction: number): number | null {
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.ceil(fraction * total);
  let seen = 0;
  for (const bucket of [...counts.keys()].sort((a, b) => a - b)) {
    seen += counts.get(bucket)!;
    if (seen >= rank) return LATENCY_EDGES_MS[Math.min(bucket, LATENCY_EDGES_MS.length - 1)];
  }
  return LATENCY_EDGES_MS[LATENCY_EDGES_MS.length - 1];
}

/** Adds `count` to a bucket's count. */
export function countLatency(counts: LatencyCounts, bucket: number, count: number): void {
  counts.set(bucket, (counts.get(bucket) ?? 0) + count);
}
