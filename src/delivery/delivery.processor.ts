import { Inject, Injectable, Logger } from '@nestjs/common';
import { Semaphore } from 'async-mutex';
import { v7 as timeOrderedUuid } from 'uuid';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { LogFields, logWithFields } from '../common/logging';
import { AttemptSpan, startAttemptSpan } from '../common/tracing';
import { DeliveryFailedError } from '../delivery-targets/delivery-failed.error';
import { orderingKeyOf } from '../delivery-targets/message-mapping';
import { refusedDelivery } from '../delivery-targets/network-policy';
import type { DeliveryOutcome, DeliveryRequest, DeliveryTargetHandler } from '../delivery-targets/delivery-target.interface';
import { DeliveryTargetRegistry } from '../delivery-targets/delivery-target.registry';
import { CircuitBreaker } from '../operations/circuit-breaker/circuit-breaker';
import type { DeliveryAttemptOutcome } from '../messages';
import { TrackingEventsMetrics, type MeasuredAttemptOutcome } from '../metrics';
import { DeadLettersService, orderIdOf } from '../operations/dead-letters/dead-letters.service';
import type { AttemptOutcome } from '../operations/delivery-log/delivery-attempt.entity';
import { DeliveryLogWriter } from '../operations/delivery-log/delivery-log.writer';
import type { TrackingEventsSettings } from '../options';
import { RoutingSnapshot, RoutingTable } from '../routing/routing-table';
import { TRACKING_EVENTS_LOGGER_CONTEXT } from '../tracking-events.constants';
import { TRACKING_EVENTS_SETTINGS } from '../tracking-events.tokens';
import { AttemptDeadlines } from './attempt-deadlines';
import { DeliveryBatchJobData, DeliveryJobData, isDeliveryBatch, TargetJobData } from '../messages/delivery-job';
import { ResolvedDeliveryPolicy, retryDelayOf } from '../options/delivery-policy';
import { BATCHES_AT_ONCE } from './target-job-fetching';
import { TargetQueues } from '../queues/target-queues';
import { TargetClients } from './target-clients';
import { KeyedSequence } from './keyed-sequence';
import { applyFieldPolicy } from './message-field-policy';
import { routedConfigurationSince } from './routing-freshness';

/** A pause ends at a slightly different moment for each delivery, so that they do not all rush back at once. */
const PAUSE_SPREAD_MS = 1_000;

/** What a batch job made of its deliveries. */
export type BatchOutcome = Record<'delivered' | 'skipped' | 'retrying' | 'failed' | 'paused', number>;

/** What became of one attempt, and the job of its own the delivery needs next, if any. */
interface AttemptResult {
  result: keyof BatchOutcome;
  ownJob?: { delivery: DeliveryJobData; delayMs: number; attemptsLeft: number };
}

/** The configuration attempts are made with, or why it could not be read (which fails each of them, to be retried). */
type RoutingRead = RoutingSnapshot | { failure: unknown };

/** A delivery's target as it is configured now. */
interface ResolvedTarget {
  handler: DeliveryTargetHandler<object, unknown>;
  config: Record<string, unknown>;
  trackingEvent: DeliveryRequest['trackingEvent'];
}

/** How many attempts and batches of one target type run at once in this process, and how it retries. */
interface Lane {
  policy: ResolvedDeliveryPolicy;
  attempts: Semaphore;
  batches: Semaphore;
  /** Holds a batch until the batches before it that hold the same orders have been delivered. */
  order: KeyedSequence;
}

/** One order's (one user's logins') deliveries to one DeliveryConfig: the deliveries kept in order. */
function orderingKeyOfDelivery(delivery: DeliveryJobData): string {
  return `${delivery.deliveryConfigId}\u0000${orderingKeyOf(delivery.message) ?? delivery.eventId}`;
}

/**
 * Makes delivery attempts with the target's current configuration (a fixed endpoint or secret
 * applies to the retries of deliveries already queued), and keeps the record of them: the delivery
 * log for every attempt, a dead letter for a delivery that failed for good, the circuit breaker's
 * count. A DeliveryConfig, target or TrackingEvent removed or disabled since the event was routed
 * makes the delivery a skip, on the word of a configuration read after it was routed. A paused target's deliveries wait, without spending an attempt.
 *
 * A delivery's first attempt is made in a batch job; a delivery that needs more (a retry, or a wait
 * for a paused target) gets a job of its own under its delivery ID. At most the target type's
 * `concurrency` attempts run at once in a process, batches and own jobs together.
 */
@Injectable()
export class DeliveryProcessor {
  private readonly logger = new Logger(TRACKING_EVENTS_LOGGER_CONTEXT);
  private readonly lanes = new Map<string, Lane>();

  constructor(
    private readonly routingTable: RoutingTable,
    private readonly registry: DeliveryTargetRegistry,
    private readonly circuitBreaker: CircuitBreaker,
    private readonly deliveryLog: DeliveryLogWriter,
    private readonly deadLetters: DeadLettersService,
    private readonly targetQueues: TargetQueues,
    private readonly targetClients: TargetClients,
    private readonly metrics: TrackingEventsMetrics,
    @Inject(TRACKING_EVENTS_SETTINGS) private readonly settings: TrackingEventsSettings,
  ) {}

  /** A job of a target queue: a batch of first attempts, or one delivery's own job. */
  process(job: Job<TargetJobData>, token: string | undefined, cancel?: AbortSignal): Promise<BatchOutcome | DeliveryOutcome> {
    const routedSince = routedConfigurationSince(job.timestamp, Date.now());
    return isDeliveryBatch(job.data)
      ? this.processBatch(job.data, String(job.id), routedSince, cancel)
      : this.processOwnJob(job as Job<DeliveryJobData>, routedSince, token, cancel);
  }

  private async processBatch(
    batch: DeliveryBatchJobData,
    jobId: string,
    routedSince: number,
    cancel: AbortSignal | undefined,
  ): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { delivered: 0, skipped: 0, retrying: 0, failed: 0, paused: 0 };
    if (batch.deliveries.length === 0) return outcome;
    const lane = this.laneOf(batch.deliveries[0].targetType);
    // A target that takes many messages per call (Kafka, Event Hubs) gets one order's messages in the order
    // the batches reached this worker: a batch waits, before it takes a place, for the earlier ones with its orders.
    const ordered = this.registry.get(batch.deliveries[0].targetType)?.deliverBatch !== undefined;
    const orders = ordered ? batch.deliveries.map(orderingKeyOfDelivery) : [];
    return lane.order.run(orders, () =>
      lane.batches.runExclusive(async () => {
        // Read once for the whole batch: its attempts look the configuration and the circuits up without an await.
        const [routing] = await Promise.all([this.readRoutingFor(batch.deliveries, routedSince), this.circuitBreaker.refresh()]);
        const ownJobs: NonNullable<AttemptResult['ownJob']>[] = [];
        const settle = ({ result, ownJob }: AttemptResult) => {
          outcome[result]++;
          if (ownJob) ownJobs.push(ownJob);
        };
        const deadlines = new AttemptDeadlines(lane.policy.timeoutMs, cancel);
        try {
          const handler = this.registry.get(batch.deliveries[0].targetType);
          if (handler?.deliverBatch && routing instanceof RoutingSnapshot) {
            this.targetClients.retainConfigured(routing);
            (await this.firstAttemptsTogether(batch.deliveries, jobId, handler, lane, deadlines, routing)).forEach(settle);
          } else {
            await Promise.all(
              batch.deliveries.map((delivery) =>
                lane.attempts.runExclusive(async () => settle(await this.firstAttempt(delivery, jobId, lane.policy, deadlines, routing))),
              ),
            );
          }
        } finally {
          deadlines.dispose();
        }
        // Should this fail (Redis), the batch is retried: its deliveries may then arrive twice, never not at all.
        await this.targetQueues.enqueueOwnJobs(ownJobs);
        return outcome;
      }),
    );
  }

  private firstAttempt(
    delivery: DeliveryJobData,
    jobId: string,
    policy: ResolvedDeliveryPolicy,
    deadlines: AttemptDeadlines,
    routing: RoutingRead,
  ): Promise<AttemptResult> {
    const paused = this.pausedFirstAttempt(delivery, jobId, policy);
    if (paused) return Promise.resolve(paused);
    const span = attemptSpanOf(delivery, 1);
    return this.settleFirstAttempt(delivery, jobId, policy, Date.now(), span, () =>
      this.attempt(delivery, 1, deadlines.signal(), routing, span),
    );
  }

  /**
   * The first attempts of a batch to a target whose service takes many messages per call: one call
   * per DeliveryConfig, with one permit of the target's concurrency.
   */
  private async firstAttemptsTogether(
    deliveries: DeliveryJobData[],
    jobId: string,
    handler: DeliveryTargetHandler<object, unknown>,
    lane: Lane,
    deadlines: AttemptDeadlines,
    routing: RoutingSnapshot,
  ): Promise<AttemptResult[]> {
    const results: Promise<AttemptResult>[] = [];
    const byConfig = new Map<string, Array<{ delivery: DeliveryJobData; target: ResolvedTarget; span: AttemptSpan }>>();
    for (const delivery of deliveries) {
      const paused = this.pausedFirstAttempt(delivery, jobId, lane.policy);
      if (paused) {
        results.push(Promise.resolve(paused));
        continue;
      }
      const span = attemptSpanOf(delivery, 1);
      let target: ResolvedTarget | DeliveryOutcome;
      try {
        target = this.resolveTarget(delivery, routing);
      } catch (error) {
        results.push(this.settleFirstAttempt(delivery, jobId, lane.policy, Date.now(), span, () => Promise.reject(error)));
        continue;
      }
      if ('status' in target) {
        results.push(this.settleFirstAttempt(delivery, jobId, lane.policy, Date.now(), span, async () => target));
        continue;
      }
      const group = byConfig.get(delivery.deliveryConfigId);
      if (group) group.push({ delivery, target, span });
      else byConfig.set(delivery.deliveryConfigId, [{ delivery, target, span }]);
    }
    for (const group of byConfig.values()) {
      const { delivery: first, target: firstTarget } = group[0];
      const startedAt = Date.now();
      const signal = deadlines.signal();
      const call = lane.attempts.runExclusive(() =>
        this.targetClients.withClient(first.targetType, handler, first.deliveryConfigId, firstTarget.config, signal, (client) =>
          handler.deliverBatch!(
            group.map(({ delivery, target, span }) => ({ ...this.requestOf(delivery, 1, signal, target, span), client })),
          ),
        ),
      );
      group.forEach(({ delivery, span }, index) =>
        results.push(
          this.settleFirstAttempt(delivery, jobId, lane.policy, startedAt, span, async () => {
            const result = (await call)[index];
            if (result === undefined)
              throw new Error(`Delivery target ${delivery.targetType} answered fewer results than it was given requests`);
            if ('failure' in result) throw result.failure;
            return result;
          }),
        ),
      );
    }
    return Promise.all(results);
  }

  /** A first attempt held back by the circuit breaker: a job of its own waits for the pause to end. */
  private pausedFirstAttempt(delivery: DeliveryJobData, jobId: string, policy: ResolvedDeliveryPolicy): AttemptResult | undefined {
    const pausedUntil = this.circuitBreaker.pausedUntil(delivery.deliveryConfigId, delivery.targetType);
    if (pausedUntil === undefined) return undefined;
    this.logPaused(delivery, 1, jobId, pausedUntil);
    return { result: 'paused', ownJob: { delivery, delayMs: pauseDelay(pausedUntil), attemptsLeft: policy.attempts } };
  }

  /** Records a first attempt's outcome; a failed one gets a job of its own for its retries, or a dead letter. */
  private async settleFirstAttempt(
    delivery: DeliveryJobData,
    jobId: string,
    policy: ResolvedDeliveryPolicy,
    startedAt: number,
    span: AttemptSpan,
    attempt: () => Promise<DeliveryOutcome>,
  ): Promise<AttemptResult> {
    try {
      const outcome = await attempt();
      span.end({ outcome: outcome.status });
      return { result: (await this.recordOutcome(delivery, 1, jobId, startedAt, outcome)).status };
    } catch (error) {
      span.end({ outcome: 'failed', error });
      const failure = await this.recordFailure(delivery, 1, jobId, startedAt, error, policy.attempts <= 1);
      if (failure.final) return { result: 'failed' };
      return {
        result: 'retrying',
        ownJob: {
          delivery: { ...delivery, failedAttempts: failure.failedAttempts, attemptsBefore: 1 },
          delayMs: retryDelayOf(policy, 1, failure.retryAfterMs),
          attemptsLeft: policy.attempts - 1,
        },
      };
    }
  }

  /** A delivery's own job: BullMQ retries it, by the target's policy, until its attempts are spent. */
  private async processOwnJob(
    job: Job<DeliveryJobData>,
    routedSince: number,
    token: string | undefined,
    cancel?: AbortSignal,
  ): Promise<DeliveryOutcome> {
    const delivery = job.data;
    const lane = this.laneOf(delivery.targetType);
    const attempt = (delivery.attemptsBefore ?? 0) + job.attemptsMade + 1;
    await this.circuitBreaker.refresh();
    const pausedUntil = this.circuitBreaker.pausedUntil(delivery.deliveryConfigId, delivery.targetType);
    if (pausedUntil !== undefined) {
      this.logPaused(delivery, attempt, String(job.id), pausedUntil);
      await job.log(`Paused by the circuit breaker until ${new Date(pausedUntil).toISOString()}`);
      await job.moveToDelayed(Date.now() + pauseDelay(pausedUntil), token);
      throw new DelayedError();
    }
    return lane.attempts.runExclusive(async () => {
      const startedAt = Date.now();
      const span = attemptSpanOf(delivery, attempt);
      const deadlines = new AttemptDeadlines(lane.policy.timeoutMs, cancel);
      try {
        const routing = await this.readRoutingFor([delivery], routedSince);
        const outcome = await this.attempt(delivery, attempt, deadlines.signal(), routing, span);
        span.end({ outcome: outcome.status });
        return await this.recordOutcome(delivery, attempt, String(job.id), startedAt, outcome);
      } catch (error) {
        span.end({ outcome: 'failed', error });
        const failure = await this.recordFailure(
          delivery,
          attempt,
          String(job.id),
          startedAt,
          error,
          job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
        );
        if (failure.final) throw new UnrecoverableError(failure.detail);
        await job.updateData({ ...delivery, failedAttempts: failure.failedAttempts });
        throw error instanceof Error ? error : new Error(failure.detail);
      } finally {
        deadlines.dispose();
      }
    });
  }

  /** An attempt that did not fail: logged, and the circuit told. */
  private async recordOutcome(
    delivery: DeliveryJobData,
    attempt: number,
    jobId: string,
    startedAt: number,
    outcome: DeliveryOutcome,
  ): Promise<DeliveryOutcome> {
    if (outcome.status === 'delivered') {
      this.circuitBreaker.recordSuccess(delivery.deliveryConfigId, delivery.targetType);
      this.log(delivery, attempt, jobId, 'Delivered', startedAt, { httpStatus: outcome.httpStatus });
    } else {
      this.log(delivery, attempt, jobId, 'Skipped', startedAt, { detail: outcome.reason });
    }
    if (delivery.replay) await this.deadLetters.resolve(delivery.deliveryId);
    return outcome;
  }

  /** One attempt with the target's current configuration, through the client of that configuration. */
  private async attempt(
    delivery: DeliveryJobData,
    attempt: number,
    signal: AbortSignal,
    routing: RoutingRead,
    span: AttemptSpan,
  ): Promise<DeliveryOutcome> {
    if (!(routing instanceof RoutingSnapshot)) throw routing.failure;
    this.targetClients.retainConfigured(routing);
    const target = this.resolveTarget(delivery, routing);
    if ('status' in target) return target;
    return this.targetClients.withClient(delivery.targetType, target.handler, delivery.deliveryConfigId, target.config, signal, (client) =>
      target.handler.deliver({ ...this.requestOf(delivery, attempt, signal, target, span), client }),
    );
  }

  /**
   * What a delivery is attempted with now: its target, the target's configuration and its TrackingEvent,
   * or a skip when any of them was removed or disabled since it was routed. A target whose secret cannot be
   * decrypted is a permanent failure (a DeliveryFailedError that is not retryable).
   */
  private resolveTarget(delivery: DeliveryJobData, routing: RoutingSnapshot): ResolvedTarget | DeliveryOutcome {
    const skipReason = skipReasonOf(delivery, routing);
    if (skipReason !== undefined) return skipped(skipReason);
    const targetConfig = routing.deliveryConfig(delivery.deliveryConfigId)!.deliveryTargets[delivery.targetType];
    const trackingEvent = routing.trackingEvent(delivery.trackingEventId)!;
    const handler = this.registry.get(delivery.targetType);
    if (!handler) throw new DeliveryFailedError(`No delivery target of type ${delivery.targetType} on this server`, { retryable: false });
    const unreadable = routing.unreadableSecret(delivery.deliveryConfigId, delivery.targetType);
    if (unreadable) {
      // No attempt can succeed before the keyring changes, and a replay of the dead letter then delivers it.
      throw new DeliveryFailedError(
        `DeliveryConfig ${delivery.deliveryConfigId}: ${unreadable.message} Fix secretEncryption.keys, then replay the dead letter`,
        { retryable: false },
      );
    }
    return { handler, config: targetConfig, trackingEvent: { ID: trackingEvent.id, ConfigData: trackingEvent.configData ?? null } };
  }

  private requestOf(
    delivery: DeliveryJobData,
    attempt: number,
    signal: AbortSignal,
    target: ResolvedTarget,
    span: AttemptSpan,
  ): Omit<DeliveryRequest<object, unknown>, 'client'> {
    return {
      // The one place a handler gets its message from: first attempts, batches, retries and replays alike.
      message: applyFieldPolicy(delivery.message, this.settings.privacy.fieldPolicy[delivery.targetType]),
      config: target.config,
      trackingEvent: target.trackingEvent,
      deliveryConfigId: delivery.deliveryConfigId,
      deliveryId: delivery.deliveryId,
      attempt,
      signal,
      traceHeaders: span.headers,
    };
  }

  /**
   * Records a failed attempt: the circuit breaker's count, the delivery log, and for an answer no
   * retry changes, or the last attempt, a dead letter.
   */
  private async recordFailure(
    delivery: DeliveryJobData,
    attempt: number,
    jobId: string,
    startedAt: number,
    error: unknown,
    lastAttempt: boolean,
  ) {
    // A host target's refused connection fails for good too, whatever the target made of it.
    const failure = error instanceof DeliveryFailedError ? error : refusedDelivery(error, `${delivery.targetType} delivery`);
    const retryable = failure ? failure.retryable : true;
    const message = failure?.message ?? (error instanceof Error ? error.message : String(error));
    // A receiver's answer is shown only where the host opted in: a target must not read other services' answers.
    const excerpt = this.settings.networkPolicy.echoResponseBodies ? failure?.responseExcerpt : undefined;
    const detail = excerpt ? `${message}: ${excerpt.slice(0, 200)}` : message;
    if (retryable) await this.circuitBreaker.recordFailure(delivery.deliveryConfigId, delivery.targetType);

    const outcome: DeliveryAttemptOutcome = {
      Attempt: attempt,
      AttemptedAt: new Date(startedAt).toISOString(),
      DurationMs: Date.now() - startedAt,
      HttpStatus: failure?.httpStatus ?? null,
      Error: detail.slice(0, 500),
    };
    const failedAttempts = [...(delivery.failedAttempts ?? []), outcome];
    const final = !retryable || lastAttempt;
    this.log(delivery, attempt, jobId, final ? 'Failed' : 'Retrying', startedAt, { httpStatus: failure?.httpStatus, detail });
    if (final) {
      try {
        await this.deadLetters.store(delivery, failedAttempts, detail);
        this.metrics.deadLettered(delivery.targetType);
      } catch (storeError) {
        // A failed own job stays in its queue (kept 30 days); a batch's delivery is in the delivery log.
        logWithFields(
          this.logger,
          'error',
          `Delivery ${delivery.deliveryId} failed for good and its dead letter could not be stored: ${(storeError as Error).message}`,
          deliveryFields(delivery, attempt),
        );
      }
    }
    return { final, failedAttempts, detail, retryAfterMs: failure?.retryAfterMs };
  }

  /**
   * The configuration to attempt deliveries with. A snapshot read before they were routed may lack what
   * they were routed with (a change notice that did not reach this process): before it makes any of them
   * a skip, which is final, the configuration is read again, once for all of them.
   */
  private async readRoutingFor(deliveries: DeliveryJobData[], routedSince: number): Promise<RoutingRead> {
    const routing = await this.readRouting(() => this.routingTable.snapshot());
    if (!(routing instanceof RoutingSnapshot) || routing.readAt >= routedSince) return routing;
    if (deliveries.every((delivery) => skipReasonOf(delivery, routing) === undefined)) return routing;
    return this.readRouting(() => this.routingTable.snapshotReadSince(routedSince));
  }

  private async readRouting(read: () => Promise<RoutingSnapshot>): Promise<RoutingRead> {
    try {
      return await read();
    } catch (failure) {
      return { failure };
    }
  }

  private laneOf(targetType: string): Lane {
    let lane = this.lanes.get(targetType);
    if (!lane) {
      const policy = this.settings.delivery.policyFor(targetType);
      // Batches fetched beyond BATCHES_AT_ONCE (TargetJobFetching lets a few through) wait their turn, so
      // that a worker that dies has started, and may deliver twice, at most this many.
      lane = { policy, attempts: new Semaphore(policy.concurrency), batches: new Semaphore(BATCHES_AT_ONCE), order: new KeyedSequence() };
      this.lanes.set(targetType, lane);
    }
    return lane;
  }

  private logPaused(delivery: DeliveryJobData, attempt: number, jobId: string, pausedUntil: number): void {
    this.log(delivery, attempt, jobId, 'Paused', Date.now(), {
      detail: `target paused by the circuit breaker until ${new Date(pausedUntil).toISOString()}`,
    });
  }

  private log(
    delivery: DeliveryJobData,
    attempt: number,
    jobId: string,
    outcome: AttemptOutcome,
    startedAt: number,
    extra: { httpStatus?: number; detail?: string },
  ): void {
    // Deliveries that went well are in the delivery log only: a line each would drown the host's own.
    if (outcome === 'Failed' || outcome === 'Retrying') {
      const message = `Delivery ${delivery.deliveryId} to ${delivery.targetType}, attempt ${attempt}: ${outcome === 'Failed' ? 'failed for good' : 'failed, will retry'}: ${extra.detail}`;
      logWithFields(this.logger, outcome === 'Failed' ? 'error' : 'warn', message, {
        ...deliveryFields(delivery, attempt),
        httpStatus: extra.httpStatus,
      });
    }
    const endedAt = Date.now();
    const occurredAt = Date.parse(delivery.message.OccurredAt) || undefined;
    this.deliveryLog.record({
      // Time-ordered, so that its primary key index grows at one end: random keys make each insert
      // touch a random page of it.
      id: timeOrderedUuid(),
      deliveryId: delivery.deliveryId,
      eventId: delivery.eventId,
      eventType: delivery.message.EventType,
      orderId: orderIdOf(delivery.message),
      userId: delivery.message.Payload.UserContext.ID,
      anonymousId: delivery.message.Payload.UserContext.AnonymousId,
      trackingEventId: delivery.trackingEventId,
      deliveryConfigId: delivery.deliveryConfigId,
      targetType: delivery.targetType,
      attempt,
      outcome,
      httpStatus: extra.httpStatus ?? null,
      durationMs: endedAt - startedAt,
      detail: extra.detail || null,
      attemptedAt: new Date(startedAt),
      occurredAt: occurredAt ? new Date(occurredAt) : null,
      latencyMs: outcome === 'Delivered' && occurredAt ? Math.max(0, endedAt - occurredAt) : null,
      jobId,
    });
    if (outcome !== 'Paused') {
      this.metrics.attemptEnded(
        delivery.targetType,
        outcome.toLowerCase() as MeasuredAttemptOutcome,
        endedAt - startedAt,
        delivery.message.OccurredAt,
      );
    }
  }
}

/** The fields of every log line about a delivery. */
function deliveryFields(delivery: DeliveryJobData, attempt: number): LogFields {
  return {
    eventId: delivery.eventId,
    deliveryId: delivery.deliveryId,
    targetType: delivery.targetType,
    deliveryConfigId: delivery.deliveryConfigId,
    attempt,
  };
}

function attemptSpanOf(delivery: DeliveryJobData, attempt: number): AttemptSpan {
  return startAttemptSpan(`deliver ${delivery.targetType}`, delivery.traceContext, {
    'tracking_events.event_id': delivery.eventId,
    'tracking_events.event_type': delivery.message.EventType,
    'tracking_events.delivery_id': delivery.deliveryId,
    'tracking_events.target_type': delivery.targetType,
    'tracking_events.delivery_config_id': delivery.deliveryConfigId,
    'tracking_events.attempt': attempt,
  });
}

/** Why a delivery is skipped by this configuration: its DeliveryConfig, target or TrackingEvent was removed or disabled. */
function skipReasonOf(delivery: DeliveryJobData, routing: RoutingSnapshot): string | undefined {
  const config = routing.deliveryConfig(delivery.deliveryConfigId);
  if (!config) return `DeliveryConfig ${delivery.deliveryConfigId} no longer exists`;
  if (!config.enabled) return `DeliveryConfig ${delivery.deliveryConfigId} is disabled`;
  if (!config.deliveryTargets[delivery.targetType])
    return `DeliveryConfig ${delivery.deliveryConfigId} no longer delivers to ${delivery.targetType}`;
  if (!routing.trackingEvent(delivery.trackingEventId)) return `TrackingEvent ${delivery.trackingEventId} no longer exists`;
  return undefined;
}

function skipped(reason: string): DeliveryOutcome {
  return { status: 'skipped', reason };
}

function pauseDelay(pausedUntil: number): number {
  return Math.max(0, pausedUntil - Date.now()) + Math.round(Math.random() * PAUSE_SPREAD_MS);
}
