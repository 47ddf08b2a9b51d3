import { STATS_WINDOW_NAMES, STATS_WINDOWS, statsSpan } from './stats-window';

describe('statsSpan', () => {
  it.each(STATS_WINDOW_NAMES)('cuts the %s window into aligned buckets, the last one holding now', (window) => {
    const now = Date.parse('2026-12-05T21:37:12.345Z');
    const span = statsSpan(window, now);
    const { bucketMs, buckets } = STATS_WINDOWS[window];
    expect(span.from % bucketMs).toBe(0);
    expect((span.to - span.from) / bucketMs).toBe(buckets);
    expect(now).toBeGreaterThanOrEqual(span.to - bucketMs);
    expect(now).toBeLessThan(span.to);
  });

  it('covers the last hour in minutes', () => {
    const span = statsSpan('Hour', Date.parse('2026-12-05T21:37:12.345Z'));
    expect(new Date(span.from).toISOString()).toBe('2026-12-05T20:38:00.000Z');
    expect(new Date(span.to).toISOString()).toBe('2026-12-05T21:38:00.000Z');
  });
});
