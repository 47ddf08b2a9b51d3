import { Injectable, Logger } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DeliveryFailedError } from '../delivery-targets/delivery-failed.error';
import type { DeliveryOutcome } from '../delivery-targets/delivery-target.interface';
import { DeliveryTargetRegistry } from '../delivery-targets/delivery-target.registry';
import { CircuitBreaker } from '../operations/circuit-breaker/circuit-breaker';
import type { DeliveryAttemptOutcome } from '../operations/dead-letters/dead-letter.entity';
import { DeadLettersService, orderIdOf } from '../operations/dead-letters/dead-letters.service';
import type { AttemptOutcome } from '../operations/delivery-log/delivery-attempt.entity';
import { DeliveryLogWriter } from '../operations/delivery-log/delivery-log.writer';
import { RoutingTable } from '../routing/routing-table';
import { TRACKING_EVENTS_LOGGER_CONTEXT } from '../tracking-events.constants';
import type { DeliveryJobData } from './delivery-job';

/** A pause ends at a slightly different moment for each delivery, so that they do not all rush back at once. */
const PAUSE_SPREAD_MS = 1_000;

/**
 * Makes one delivery attempt with the target's current configuration (a fixed endpoint or secret
 * applies to the retries of deliveries already queued), and keeps the record of it: the delivery log
 * for every attempt, a dead letter for a delivery that failed for good, the circuit breaker's count.
 * A DeliveryConfig, target or TrackingEvent removed or disabled since the event was routed makes the
 * delivery a skip. A paused target's deliveries wait, without spending an attempt.
 */
@Injectable()
export class DeliveryProcessor {
  private readonly logger = new Logger(TRACKING_EVENTS_LOGGER_CONTEXT);

  constructor(
    private readonly routingTable: RoutingTable,
    private readonly registry: DeliveryTargetRegistry,
    private readonly circuitBreaker: CircuitBreaker,
    private readonly deliveryLog: DeliveryLogWriter,
    private readonly deadLetters: DeadLettersService,
  ) {}

  async process(job: Job<DeliveryJobData>, token: string | undefined, signal: AbortSignal): Promise<DeliveryOutcome> {
    const delivery = job.data;
    const attempt = job.attemptsMade + 1;
    const pausedUntil = await this.circuitBreaker.pausedUntil(delivery.deliveryConfigId, delivery.targetType);
    if (pausedUntil !== undefined) {
      this.log(delivery, attempt, 'Paused', Date.now(), {
        detail: `target paused by the circuit breaker until ${new Date(pausedUntil).toISOString()}`,
      });
      await job.log(`Paused by the circuit breaker until ${new Date(pausedUntil).toISOString()}`);
      await job.moveToDelayed(pausedUntil + Math.round(Math.random() * PAUSE_SPREAD_MS), token);
      throw new DelayedError();
    }

    const startedAt = Date.now();
    try {
      const outcome = await this.attempt(delivery, attempt, signal);
      if (outcome.status === 'delivered') {
        await this.circuitBreaker.recordSuccess(delivery.deliveryConfigId, delivery.targetType);
        this.log(delivery, attempt, 'Delivered', startedAt, { httpStatus: outcome.httpStatus });
      } else {
        this.log(delivery, attempt, 'Skipped', startedAt, { detail: outcome.reason });
      }
      if (delivery.replay) await this.deadLetters.resolve(delivery.deliveryId);
      return outcome;
    } catch (error) {
      throw await this.failed(job, attempt, startedAt, error);
    }
  }

  private async attempt(delivery: DeliveryJobData, attempt: number, signal: AbortSignal): Promise<DeliveryOutcome> {
    const config = await this.routingTable.deliveryConfig(delivery.deliveryConfigId);
    if (!config) return skipped(`DeliveryConfig ${delivery.deliveryConfigId} no longer exists`);
    if (!config.enabled) return skipped(`DeliveryConfig ${delivery.deliveryConfigId} is disabled`);
    const targetConfig = config.deliveryTargets[delivery.targetType];
    if (!targetConfig) return skipped(`DeliveryConfig ${delivery.deliveryConfigId} no longer delivers to ${delivery.targetType}`);
    const trackingEvent = await this.routingTable.trackingEvent(delivery.trackingEventId);
    if (!trackingEvent) return skipped(`TrackingEvent ${delivery.trackingEventId} no longer exists`);
    const handler = this.registry.get(delivery.targetType);
    if (!handler) throw new DeliveryFailedError(`No delivery target of type ${delivery.targetType} on this server`, { retryable: false });
    return handler.deliver({
      message: delivery.message,
      config: targetConfig,
      trackingEvent: { ID: trackingEvent.id, ConfigData: trackingEvent.configData ?? null },
      deliveryConfigId: delivery.deliveryConfigId,
      deliveryId: delivery.deliveryId,
      attempt,
      signal,
    });
  }

  /**
   * Records a failed attempt and says what BullMQ does next: retry (the error as it is), or, for an
   * answer no retry changes or the last attempt, keep a dead letter and end the job.
   */
  private async failed(job: Job<DeliveryJobData>, attempt: number, startedAt: number, error: unknown): Promise<Error> {
    const delivery = job.data;
    const failure = error instanceof DeliveryFailedError ? error : undefined;
    const retryable = failure ? failure.retryable : true;
    const message = error instanceof Error ? error.message : String(error);
    const detail = failure?.responseExcerpt ? `${message}: ${failure.responseExcerpt.slice(0, 200)}` : message;
    if (retryable) await this.circuitBreaker.recordFailure(delivery.deliveryConfigId, delivery.targetType);

    const outcome: DeliveryAttemptOutcome = {
      Attempt: attempt,
      AttemptedAt: new Date(startedAt).toISOString(),
      DurationMs: Date.now() - startedAt,
      HttpStatus: failure?.httpStatus ?? null,
      Error: detail.slice(0, 500),
    };
    const failedAttempts = [...(delivery.failedAttempts ?? []), outcome];
    const final = !retryable || attempt >= (job.opts.attempts ?? 1);
    this.log(delivery, attempt, final ? 'Failed' : 'Retrying', startedAt, { httpStatus: failure?.httpStatus, detail });
    if (!final) {
      await job.updateData({ ...delivery, failedAttempts });
      return error instanceof Error ? error : new Error(message);
    }
    try {
      await this.deadLetters.store(delivery, failedAttempts, detail);
    } catch (storeError) {
      // The failed job stays in its queue (kept 30 days): nothing is lost, the letter is missing.
      this.logger.error(
        `Delivery ${delivery.deliveryId} failed for good and its dead letter could not be stored: ${(storeError as Error).message}`,
      );
    }
    return new UnrecoverableError(detail);
  }

  private log(
    delivery: DeliveryJobData,
    attempt: number,
    outcome: AttemptOutcome,
    startedAt: number,
    extra: { httpStatus?: number; detail?: string },
  ): void {
    this.deliveryLog.record({
      id: randomUUID(),
      deliveryId: delivery.deliveryId,
      eventId: delivery.eventId,
      eventType: delivery.message.EventType,
      orderId: orderIdOf(delivery.message),
      userId: delivery.message.Payload.UserContext.ID,
      trackingEventId: delivery.trackingEventId,
      deliveryConfigId: delivery.deliveryConfigId,
      targetType: delivery.targetType,
      attempt,
      outcome,
      httpStatus: extra.httpStatus ?? null,
      durationMs: Date.now() - startedAt,
      detail: extra.detail ? extra.detail.slice(0, 500) : null,
      attemptedAt: new Date(startedAt),
    });
  }
}

function skipped(reason: string): DeliveryOutcome {
  return { status: 'skipped', reason };
}
