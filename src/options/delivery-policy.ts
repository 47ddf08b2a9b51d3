import type { DeliveryPolicy, TrackingEventsModuleOptions } from './tracking-events-module-options.interface';

/**
 * The default retry schedule, Svix's: retries 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h after the
 * failed attempts, 8 attempts over about 27.6 hours, so that a receiver down for a day misses nothing.
 */
export const DEFAULT_RETRY_SCHEDULE_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_CONCURRENCY = 20;
const DEFAULT_EXPONENTIAL = { attempts: 8, backoffMs: 5_000 };

/** Longest a receiver's `Retry-After` may hold a delivery back. */
const MAX_RETRY_AFTER_MS = 6 * 60 * 60 * 1000;

/** How one queue retries and how much it does at once. */
export interface ResolvedDeliveryPolicy {
  /** Tries in all, the first one included. */
  attempts: number;
  timeoutMs: number;
  concurrency: number;
  /** The wait before retry number `retry` (1 for the first retry), jittered. */
  retryDelay(retry: number, random?: () => number): number;
}

/** Routing and hydration read the host's database: retried quickly, for a database blip. */
export const INTAKE_POLICY: ResolvedDeliveryPolicy = exponential(10, 1_000, 30_000, 20);

/**
 * The settings of one target type: its own over the module-wide ones over the defaults. The most
 * specific level that says how to retry decides: `retryScheduleMs` for a schedule, `attempts` or
 * `backoffMs` for an exponential backoff; with neither anywhere, the default schedule.
 */
export function deliveryPolicyFor(options: Pick<TrackingEventsModuleOptions, 'delivery'>, targetType: string): ResolvedDeliveryPolicy {
  const { targets, ...shared } = options.delivery ?? {};
  const levels: DeliveryPolicy[] = [targets?.[targetType] ?? {}, shared];
  const timeoutMs = levels.find((level) => level.timeoutMs !== undefined)?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const concurrency = levels.find((level) => level.concurrency !== undefined)?.concurrency ?? DEFAULT_CONCURRENCY;
  const deciding = levels.find(
    (level) => level.retryScheduleMs !== undefined || level.attempts !== undefined || level.backoffMs !== undefined,
  );
  if (!deciding || deciding.retryScheduleMs !== undefined) {
    return schedule(deciding?.retryScheduleMs ?? DEFAULT_RETRY_SCHEDULE_MS, timeoutMs, concurrency);
  }
  const attempts = levels.find((level) => level.attempts !== undefined)?.attempts ?? DEFAULT_EXPONENTIAL.attempts;
  const backoffMs = levels.find((level) => level.backoffMs !== undefined)?.backoffMs ?? DEFAULT_EXPONENTIAL.backoffMs;
  return exponential(attempts, backoffMs, timeoutMs, concurrency);
}

/** The receiver's `Retry-After` when it gave one (within a bound), else the policy's delay. */
export function retryDelayOf(policy: ResolvedDeliveryPolicy, retry: number, retryAfterMs: number | undefined): number {
  return retryAfterMs !== undefined ? Math.min(retryAfterMs, MAX_RETRY_AFTER_MS) : policy.retryDelay(retry);
}

function schedule(delaysMs: number[], timeoutMs: number, concurrency: number): ResolvedDeliveryPolicy {
  return {
    attempts: delaysMs.length + 1,
    timeoutMs,
    concurrency,
    retryDelay: (retry, random = Math.random) => jitter(delaysMs[Math.min(retry, delaysMs.length) - 1] ?? 0, 0.1, random),
  };
}

function exponential(attempts: number, backoffMs: number, timeoutMs: number, concurrency: number): ResolvedDeliveryPolicy {
  return {
    attempts,
    timeoutMs,
    concurrency,
    retryDelay: (retry, random = Math.random) => jitter(backoffMs * 2 ** Math.max(0, retry - 1), 0.2, random),
  };
}

/** ±`spread` around the delay, so that the retries of many deliveries spread out. */
function jitter(delayMs: number, spread: number, random: () => number): number {
  return Math.round(delayMs * (1 - spread + 2 * spread * random()));
}
