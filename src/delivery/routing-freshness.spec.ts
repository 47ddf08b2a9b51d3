import { CLOCK_SKEW_MARGIN_MS, routedConfigurationSince } from './routing-freshness';

describe('routedConfigurationSince', () => {
  const createdAt = 1_700_000_000_000;

  it('asks for a snapshot read after the job was created, with a margin for clock skew', () => {
    const since = routedConfigurationSince(createdAt, createdAt + 60_000);
    expect(since).toBe(createdAt + CLOCK_SKEW_MARGIN_MS);
    // A snapshot read before the job, or just after it by this clock, may predate its configuration.
    expect(createdAt - 5_000 < since).toBe(true);
    expect(createdAt + CLOCK_SKEW_MARGIN_MS / 2 < since).toBe(true);
    expect(createdAt + 2 * CLOCK_SKEW_MARGIN_MS < since).toBe(false);
  });

  it('takes a snapshot read after this process took the job as recent enough, whatever the router clock said', () => {
    // The job was taken 100 ms after it was created: a snapshot read since then is newer than the router's read.
    expect(routedConfigurationSince(createdAt, createdAt + 100)).toBe(createdAt + 100);
    // A router clock far ahead of this one does not make every snapshot look stale.
    expect(routedConfigurationSince(createdAt + 3_600_000, createdAt)).toBe(createdAt);
  });
});
