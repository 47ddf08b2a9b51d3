import type { SampleConfig } from '../../sample-app/config/sample-config';

/**
 * Settings under which the fault tests recover in seconds rather than the production minutes: short
 * locks, so that a killed worker's jobs and stream entries are taken over quickly, and quick retries.
 */
export const FAST_RECOVERY = {
  delivery: { attempts: 12, backoffMs: 100, timeoutMs: 2_000 },
  reliability: { captureTimeoutMs: 300, outboxRelayIntervalMs: 200, lockDurationMs: 2_000, stalledIntervalMs: 1_000, shutdownGraceMs: 500 },
  circuitBreaker: { failureThreshold: 10, cooldownMs: 1_000, maxCooldownMs: 2_000 },
} satisfies Partial<SampleConfig>;
