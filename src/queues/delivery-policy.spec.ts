import { DEFAULT_DELIVERY_POLICY, deliveryPolicyFor, retryDelay } from './delivery-policy';

describe('deliveryPolicyFor', () => {
  it('uses the defaults when nothing is configured', () => {
    expect(deliveryPolicyFor({}, 'Http')).toEqual(DEFAULT_DELIVERY_POLICY);
  });

  it('lays a target type over the module-wide settings over the defaults', () => {
    const options = { delivery: { attempts: 3, timeoutMs: 2000, targets: { Http: { attempts: 12 }, SendEvent: { concurrency: 5 } } } };
    expect(deliveryPolicyFor(options, 'Http')).toEqual({ ...DEFAULT_DELIVERY_POLICY, attempts: 12, timeoutMs: 2000 });
    expect(deliveryPolicyFor(options, 'SendEvent')).toEqual({ ...DEFAULT_DELIVERY_POLICY, attempts: 3, timeoutMs: 2000, concurrency: 5 });
  });
});

describe('retryDelay', () => {
  it('doubles from the base delay', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4].map((attempt) => retryDelay(attempt, 1000, undefined, middle))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('spreads retries by ±20%', () => {
    expect(retryDelay(3, 1000, undefined, () => 0)).toBe(3200);
    expect(retryDelay(3, 1000, undefined, () => 1)).toBe(4800);
  });

  it("waits as long as the receiver's Retry-After asks, within a bound", () => {
    expect(retryDelay(1, 1000, 30_000)).toBe(30_000);
    expect(retryDelay(1, 1000, 10 * 24 * 3600 * 1000)).toBe(6 * 3600 * 1000);
  });
});
