import { Inject, Injectable, Logger } from '@nestjs/common';
import { logWithFields } from '../../common/logging';
import { ApiProperty } from '../../common/openapi';
import type { TrackingEventsSettings } from '../../options';
import { LibraryRedis } from '../../redis/library-redis';
import { TRACKING_EVENTS_LOGGER_CONTEXT } from '../../tracking-events.constants';
import { TRACKING_EVENTS_SETTINGS } from '../../tracking-events.tokens';

/** A paused target, as the admin API shows it. @publicApi */
export class DeliveryCircuit {
  @ApiProperty({ example: 'discover-production' })
  DeliveryConfigID: string;

  @ApiProperty({ example: 'DiscoverEvent' })
  TargetType: string;

  @ApiProperty({
    enum: ['Paused', 'Probing'],
    description: '`Paused` until RetryAt; `Probing` after it, until a delivery succeeds (or fails, pausing it longer).',
    example: 'Paused',
  })
  State: 'Paused' | 'Probing';

  @ApiProperty({ example: 5 })
  ConsecutiveFailures: number;

  @ApiProperty({ format: 'date-time', example: '2026-11-27T10:15:00.000Z' })
  PausedAt: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-27T10:16:00.000Z' })
  RetryAt: string;
}

interface StoredCircuit {
  failures: number;
  pausedAt: number;
  retryAt: number;
  cooldownMs: number;
}

const REFRESH_MS = 1_000;

/**
 * Pauses a target (one DeliveryConfig's target) that keeps failing, instead of hammering it: after
 * `failureThreshold` failed attempts in a row its deliveries wait for a cooldown (doubling while it
 * keeps failing, up to `maxCooldownMs`), then flow again; the first success closes the circuit. Other
 * targets, in their own queues or other configs, never wait for it. The state lives in Redis, so that
 * every worker process honours a pause and the admin API can show it.
 */
@Injectable()
export class CircuitBreaker {
  private readonly logger = new Logger(TRACKING_EVENTS_LOGGER_CONTEXT);
  private readonly settings: TrackingEventsSettings['circuitBreaker'];
  private readonly key: string;
  /** Failed attempts in a row seen by this process, per target. */
  private readonly failures = new Map<string, number>();
  private circuits = new Map<string, StoredCircuit>();
  private refreshedAt = 0;
  private refreshing?: Promise<void>;

  constructor(
    private readonly redis: LibraryRedis,
    @Inject(TRACKING_EVENTS_SETTINGS) settings: TrackingEventsSettings,
  ) {
    this.settings = settings.circuitBreaker;
    this.key = `${redis.keyPrefix}:circuits`;
  }

  /**
   * When a paused target may be tried again; undefined when it is not paused. As this process knows
   * it: pauses opened by other processes are read by `refresh`, which callers await first (a batch
   * once for all its attempts).
   */
  pausedUntil(deliveryConfigId: string, targetType: string): number | undefined {
    const circuit = this.circuits.get(fieldOf(deliveryConfigId, targetType));
    return circuit && circuit.retryAt > Date.now() ? circuit.retryAt : undefined;
  }

  /**
   * Counts a delivered attempt: the failures in a row start over, and an open circuit closes. Called
   * for every delivery, so it waits for nothing: closing the circuit in Redis, once, goes on in the
   * background (should it fail, the circuit's own cooldown ends the pause).
   */
  recordSuccess(deliveryConfigId: string, targetType: string): void {
    const field = fieldOf(deliveryConfigId, targetType);
    this.failures.delete(field);
    if (!this.circuits.has(field)) return;
    this.circuits.delete(field);
    logWithFields(this.logger, 'log', `Delivery to ${targetType} of DeliveryConfig ${deliveryConfigId} works again: circuit closed.`, {
      targetType,
      deliveryConfigId,
    });
    void this.redis.client.hdel(this.key, field).catch(() => undefined);
  }

  /** Counts a failed attempt that says the target is unwell (network errors, timeouts, 5xx, 429). */
  async recordFailure(deliveryConfigId: string, targetType: string): Promise<void> {
    const field = fieldOf(deliveryConfigId, targetType);
    const failures = (this.failures.get(field) ?? 0) + 1;
    this.failures.set(field, failures);
    const open = this.circuits.get(field);
    if (failures < this.settings.failureThreshold || (open && open.retryAt > Date.now())) return;
    // Paused before and failing again after the cooldown: pause for twice as long.
    const cooldownMs = open ? Math.min(open.cooldownMs * 2, this.settings.maxCooldownMs) : this.settings.cooldownMs;
    const now = Date.now();
    const circuit: StoredCircuit = { failures, pausedAt: now, retryAt: now + cooldownMs, cooldownMs };
    this.circuits.set(field, circuit);
    await this.redis.client.hset(this.key, field, JSON.stringify(circuit)).catch(() => undefined);
    logWithFields(
      this.logger,
      'warn',
      `Delivery to ${targetType} of DeliveryConfig ${deliveryConfigId} failed ${failures} times in a row: paused for ${Math.round(cooldownMs / 1000)} s.`,
      { targetType, deliveryConfigId },
    );
  }

  /** Every paused target, for the admin API. */
  async list(): Promise<DeliveryCircuit[]> {
    await this.refresh(true);
    const now = Date.now();
    return [...this.circuits].map(([field, circuit]) => {
      const [deliveryConfigId, targetType] = field.split('|');
      return {
        DeliveryConfigID: deliveryConfigId,
        TargetType: targetType,
        State: circuit.retryAt > now ? 'Paused' : 'Probing',
        ConsecutiveFailures: circuit.failures,
        PausedAt: new Date(circuit.pausedAt).toISOString(),
        RetryAt: new Date(circuit.retryAt).toISOString(),
      };
    });
  }

  /** Closes a circuit by hand (the operator fixed the receiver). */
  async reset(deliveryConfigId: string, targetType: string): Promise<boolean> {
    const field = fieldOf(deliveryConfigId, targetType);
    this.failures.delete(field);
    this.circuits.delete(field);
    return (await this.redis.client.hdel(this.key, field)) > 0;
  }

  /** Reads the circuits other processes opened, at most once a second (unless `now`). */
  refresh(now = false): Promise<void> {
    if (!now && Date.now() - this.refreshedAt < REFRESH_MS) return Promise.resolve();
    this.refreshing ??= this.redis.client
      .hgetall(this.key)
      .then((stored) => {
        this.circuits = new Map(Object.entries(stored).map(([field, json]) => [field, JSON.parse(json) as StoredCircuit]));
        this.refreshedAt = Date.now();
      })
      // Without Redis, deliveries fail anyway; the last known state serves meanwhile.
      .catch(() => undefined)
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }
}

function fieldOf(deliveryConfigId: string, targetType: string): string {
  return `${deliveryConfigId}|${targetType}`;
}
