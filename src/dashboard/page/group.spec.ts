import { groupDeliveries, uniqueById } from './group';
import type { DeliveryAttempt } from './types';

function attempt(overrides: Partial<DeliveryAttempt>): DeliveryAttempt {
  return {
    ID: 'a',
    DeliveryID: 'd1',
    EventID: 'e1',
    EventType: 'OrderSubmitted',
    OrderID: 'PO-1',
    UserID: 'buyer01',
    AnonymousID: null,
    TrackingEventID: 'te',
    DeliveryConfigID: 'http-receiver',
    TargetType: 'Http',
    Attempt: 1,
    Outcome: 'Delivered',
    HttpStatus: 200,
    DurationMs: 40,
    Detail: null,
    AttemptedAt: '2026-11-27T10:00:00.000Z',
    OccurredAt: '2026-11-27T09:59:59.000Z',
    LatencyMs: 1000,
    JobID: '1',
    QueueName: 'q',
    ...overrides,
  };
}

describe('groupDeliveries', () => {
  it('makes one group per delivery whose outcome is the latest attempt and whose latency is the delivered one', () => {
    const rows = [
      // Newest first, as the API lists them.
      attempt({ ID: 'a3', DeliveryID: 'd1', Attempt: 2, Outcome: 'Delivered', AttemptedAt: '2026-11-27T10:00:05.000Z', LatencyMs: 6000 }),
      attempt({ ID: 'a2', DeliveryID: 'd2', Attempt: 1, Outcome: 'Retrying', AttemptedAt: '2026-11-27T10:00:03.000Z', LatencyMs: null }),
      attempt({ ID: 'a1', DeliveryID: 'd1', Attempt: 1, Outcome: 'Retrying', AttemptedAt: '2026-11-27T10:00:00.000Z', LatencyMs: null }),
    ];
    const groups = groupDeliveries(rows);
    expect(groups.map((group) => group.DeliveryID)).toEqual(['d1', 'd2']);
    expect(groups[0].attempts.map((row) => row.ID)).toEqual(['a1', 'a3']);
    expect(groups[0].outcome).toBe('Delivered');
    expect(groups[0].latencyMs).toBe(6000);
    expect(groups[1].outcome).toBe('Retrying');
    expect(groups[1].latencyMs).toBeNull();
  });

  it('is empty for no rows', () => {
    expect(groupDeliveries([])).toEqual([]);
  });
});

describe('uniqueById', () => {
  it('keeps the first row of each ID', () => {
    expect(
      uniqueById([
        { ID: '1', n: 1 },
        { ID: '2', n: 2 },
        { ID: '1', n: 3 },
      ]),
    ).toEqual([
      { ID: '1', n: 1 },
      { ID: '2', n: 2 },
    ]);
  });
});
