import { fc, test } from '@fast-check/jest';
import { countLatency, LATENCY_EDGES_MS, LatencyCounts, latencyPercentile } from './latency-histogram';

/** The bucket `latencyBucketSql` gives a latency, computed the same way in JavaScript. */
function bucketOf(latencyMs: number): number {
  const index = LATENCY_EDGES_MS.findIndex((edge) => latencyMs <= edge);
  return index === -1 ? LATENCY_EDGES_MS.length : index;
}

function histogramOf(latencies: number[]): LatencyCounts {
  const counts: LatencyCounts = new Map();
  for (const latency of latencies) countLatency(counts, bucketOf(latency), 1);
  return counts;
}

function exactPercentile(latencies: number[], fraction: number): number {
  const sorted = [...latencies].sort((a, b) => a - b);
  return sorted[Math.ceil(fraction * sorted.length) - 1];
}

describe('latency histogram', () => {
  it('has rising edges no more than a quarter apart from 10 ms on', () => {
    for (let index = 1; index < LATENCY_EDGES_MS.length; index++) {
      expect(LATENCY_EDGES_MS[index]).toBeGreaterThan(LATENCY_EDGES_MS[index - 1]);
      if (LATENCY_EDGES_MS[index - 1] >= 10) expect(LATENCY_EDGES_MS[index] / LATENCY_EDGES_MS[index - 1]).toBeLessThanOrEqual(1.34);
    }
  });

  it('gives null with nothing counted', () => {
    expect(latencyPercentile(new Map(), 0.5)).toBeNull();
  });

  it('reads the upper edge of the bucket the percentile falls in', () => {
    const latencies = [...Array(90).fill(7), ...Array(9).fill(95), 1_400];
    const counts = histogramOf(latencies);
    expect(latencyPercentile(counts, 0.5)).toBe(8);
    expect(latencyPercentile(counts, 0.9)).toBe(8);
    expect(latencyPercentile(counts, 0.99)).toBe(100);
    expect(latencyPercentile(counts, 1)).toBe(1_500);
  });

  it('caps what is slower than the last edge at the last edge', () => {
    expect(latencyPercentile(histogramOf([900_000]), 0.5)).toBe(300_000);
  });

  test.prop([fc.array(fc.integer({ min: 0, max: 300_000 }), { minLength: 1, maxLength: 200 }), fc.constantFrom(0.5, 0.9, 0.99)])(
    'is never below the exact percentile, and within one bucket above it',
    (latencies, fraction) => {
      const exact = exactPercentile(latencies, fraction);
      const read = latencyPercentile(histogramOf(latencies), fraction)!;
      expect(read).toBeGreaterThanOrEqual(exact);
      expect(read).toBe(LATENCY_EDGES_MS[bucketOf(exact)]);
    },
  );
});
