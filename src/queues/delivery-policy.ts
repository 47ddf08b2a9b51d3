import type { DeliveryPolicy, TrackingEventsModuleOptions } from '../options';

/** Defaults: 8 tries about 10 minutes apart at most (5 s, 10 s, 20 s, … with jitter), 10 s per try, 20 at once. */
export const DEFAULT_DELIVERY_POLICY: Required<DeliveryPolicy> = { attempts: 8, backoffMs: 5_000, timeoutMs: 10_000, concurrency: 20 };

/** Routing and hydration read the host's database: retried quickly, for a database blip. */
export const INTAKE_POLICY: Required<DeliveryPolicy> = { attempts: 10, backoffMs: 1_000, timeoutMs: 30_000, concurrency: 20 };

/** The settings of one target type: its own, over the module-wide ones, over the defaults. */
export function deliveryPolicyFor(options: Pick<TrackingEventsModuleOptions, 'delivery'>, targetType: string): Required<DeliveryPolicy> {
  const { targets, ...shared } = options.delivery ?? {};
  return { ...DEFAULT_DELIVERY_POLICY, ...definedOnly(shared), ...definedOnly(targets?.[targetType] ?? {}) };
}

/** Longest a receiver's `Retry-After` may hold a delivery back. */
const MAX_RETRY_AFTER_MS = 6 * 60 * 60 * 1000;

/**
 * The wait before retry number `attemptsMade`: the receiver's `Retry-After` when it gave one,
 * else exponential from `backoffMs` with ±20% jitter, so that retries of many deliveries spread out.
 */
export function retryDelay(
  attemptsMade: number,
  backoffMs: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  const exponential = backoffMs * 2 ** Math.max(0, attemptsMade - 1);
  return Math.round(exponential * (0.8 + 0.4 * random()));
}

function definedOnly(policy: DeliveryPolicy): DeliveryPolicy {
  return Object.fromEntries(Object.entries(policy).filter(([, value]) => value !== undefined));
}
