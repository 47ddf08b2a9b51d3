import { DEFAULT_RETRY_SCHEDULE_MS, deliveryPolicyFor, retryDelayOf } from './delivery-policy';

const middle = () => 0.5;
const delays = (policy: ReturnType<typeof deliveryPolicyFor>) =>
  Array.from({ length: policy.attempts - 1 }, (_, index) => policy.retryDelay(index + 1, middle));

describe('deliveryPolicyFor', () => {
  it('retries on a schedule spanning about 27 hours by default', () => {
    const policy = deliveryPolicyFor({}, 'Http');
    expect(policy.attempts).toBe(8);
    expect(delays(policy)).toEqual(DEFAULT_RETRY_SCHEDULE_MS);
    expect(DEFAULT_RETRY_SCHEDULE_MS.reduce((sum, delay) => sum + delay, 0) / 3_600_000).toBeCloseTo(27.58, 2);
    expect(policy).toMatchObject({ timeoutMs: 10_000, concurrency: 20 });
  });

  it('takes a schedule or an exponential backoff, the most specific setting deciding', () => {
    const options = {
      delivery: {
        retryScheduleMs: [100, 200],
        timeoutMs: 2000,
        targets: { Http: { attempts: 4, backoffMs: 50 }, SendEvent: { concurrency: 5 } },
      },
    };
    const http = deliveryPolicyFor(options, 'Http');
    expect(http.attempts).toBe(4);
    expect(delays(http)).toEqual([50, 100, 200]);
    expect(http.timeoutMs).toBe(2000);
    const send = deliveryPolicyFor(options, 'SendEvent');
    expect(send.attempts).toBe(3);
    expect(delays(send)).toEqual([100, 200]);
    expect(send.concurrency).toBe(5);
  });

  it('spreads retries with jitter: ±10% on a schedule, ±20% exponential', () => {
    const scheduled = deliveryPolicyFor({}, 'Http');
    expect(scheduled.retryDelay(1, () => 0)).toBe(4500);
    expect(scheduled.retryDelay(1, () => 1)).toBe(5500);
    const exponential = deliveryPolicyFor({ delivery: { backoffMs: 1000 } }, 'Http');
    expect(exponential.retryDelay(3, () => 0)).toBe(3200);
    expect(exponential.retryDelay(3, () => 1)).toBe(4800);
  });
});

describe('retryDelayOf', () => {
  it("waits as long as the receiver's Retry-After asks, within a bound", () => {
    const policy = deliveryPolicyFor({}, 'Http');
    expect(retryDelayOf(policy, 1, 30_000)).toBe(30_000);
    expect(retryDelayOf(policy, 1, 10 * 24 * 3600 * 1000)).toBe(6 * 3600 * 1000);
  });
});
