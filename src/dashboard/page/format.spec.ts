import {
  deliveriesChartLabel,
  domId,
  formatBucket,
  formatClock,
  formatDateTime,
  formatDuration,
  formatHourMinute,
  latencyChartLabel,
  plural,
} from './format';

const utc = { locale: 'en-GB', timeZone: 'UTC' };

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [85, '85 ms'],
    [999.4, '999 ms'],
    [1000, '1 s'],
    [1234, '1.2 s'],
    [9940, '9.9 s'],
    [14_200, '14 s'],
    [59_400, '59 s'],
    [59_600, '1 min'],
    [180_000, '3 min'],
    [3_600_000, '1 h'],
    [7_500_000, '2 h 5 min'],
  ])('%p ms reads "%s"', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('shows a dash for a missing or invalid value', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
  });
});

describe('times', () => {
  it('reads in the given time zone', () => {
    expect(formatClock('2026-11-27T10:42:13.500Z', utc)).toBe('10:42:13');
    expect(formatClock('2026-11-27T10:42:13.500Z', { locale: 'en-GB', timeZone: 'Europe/Paris' })).toBe('11:42:13');
    expect(formatHourMinute('2026-11-27T10:40:59Z', utc)).toBe('10:40');
    expect(formatDateTime('2026-11-27T10:42:13Z', utc)).toBe('27 Nov, 10:42:13');
  });

  it('shows a dash for a missing or invalid time', () => {
    expect(formatDateTime(null, utc)).toBe('—');
    expect(formatDateTime('not a date', utc)).toBe('—');
    expect(formatClock('nope', utc)).toBe('—');
  });
});

describe('chart labels', () => {
  it('names the bucket width', () => {
    expect(formatBucket(60)).toBe('1 minute');
    expect(formatBucket(300)).toBe('5 minutes');
    expect(formatBucket(3600)).toBe('1 hour');
    expect(formatBucket(86400)).toBe('1 day');
    expect(formatBucket(90)).toBe('90 seconds');
  });

  it('sums the deliveries', () => {
    expect(deliveriesChartLabel('Hour', 60, [10, 0, 32])).toBe('Deliveries per 1 minute over the last hour: 42 in all');
  });

  it('summarises the latency, or says there is none', () => {
    expect(latencyChartLabel('Day', 3600, [120, null, 80])).toBe(
      '90th percentile latency per 1 hour over the last day: highest 120 ms, latest 80 ms',
    );
    expect(latencyChartLabel('Week', 21600, [null, null])).toBe(
      '90th percentile latency per 6 hours over the last week: no deliveries to measure',
    );
  });
});

describe('plural', () => {
  it('agrees with the count', () => {
    expect(plural(1, 'dead letter')).toBe('1 dead letter');
    expect(plural(3, 'dead letter')).toBe('3 dead letters');
    expect(plural(0, 'delivery', 'deliveries')).toBe('0 deliveries');
  });
});

describe('domId', () => {
  it('makes valid, distinct ids from any string', () => {
    expect(domId('row', 'abc-123X')).toBe('row-abc-123X');
    expect(domId('row', 'a b')).toMatch(/^row-[A-Za-z0-9_-]+$/);
    expect(domId('row', 'a b')).not.toBe(domId('row', 'a.b'));
    expect(domId('row', 'a_20_b')).not.toBe(domId('row', 'a b'));
  });
});
