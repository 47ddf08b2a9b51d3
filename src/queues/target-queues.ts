import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { JobsOptions, Queue } from 'bullmq';
import { DELIVERY_TARGET_CLASSES, DeclaredTarget } from '../delivery-targets/delivery-target.registry';
import type { TrackingEventsSettings } from '../options';
import { TRACKING_EVENTS_SETTINGS } from '../tracking-events.tokens';
import type { DeliveryBatchJobData, DeliveryJobData } from '../messages/delivery-job';
import { removalOptions } from './job-removal';
import { targetQueueName } from './queue-names';

/**
 * How long an event's claim lasts: the same event recorded again within it (a capture that timed
 * out, yet reached Redis, and went to the outbox as well) is routed once. Each claim is a small
 * Redis key: about 100 bytes per event captured in this window.
 */
export const CLAIM_WINDOW_SECONDS = 600;

/** Most deliveries in one batch job: what a worker that dies in the middle of it may deliver twice. */
export const MAX_DELIVERIES_PER_BATCH = 50;
export const BATCH_JOB_NAME = 'deliveries';
/**
 * A batch job fails only when Redis does (its deliveries' own failures are retried in jobs of their own).
 * A completed batch still holds its deliveries' messages (70 KB of Redis for 50 LineItemAdded), so only
 * the last thousand are kept, for inspection: kept as long as deliveries (an hour), they took gigabytes of Redis
 * at a thousand deliveries a second. Routing the same entries again (their router died before
 * acknowledging them) queues nothing because of a small deduplication key per batch, kept for the
 * claim window.
 */
const batchJobOptions = (jobId: string, retention: TrackingEventsSettings['jobRetention']): JobsOptions => ({
  attempts: 10,
  backoff: { type: 'exponential', delay: 1_000 },
  ...removalOptions(retention, 1_000),
  jobId,
  deduplication: { id: jobId, ttl: CLAIM_WINDOW_SECONDS * 1000 },
});

/**
 * The queue of each target type. Deliveries are kept `jobRetention.completedMs` after they succeed (an
 * hour; adding the same delivery again within it is a no-op) and `failedMs` after they fail for good (a
 * month), with their last error.
 */
@Injectable()
export class TargetQueues implements OnModuleInit {
  private readonly queues = new Map<string, { queue: Queue; jobOptions: JobsOptions }>();

  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(DELIVERY_TARGET_CLASSES) private readonly targets: DeclaredTarget[],
    @Inject(TRACKING_EVENTS_SETTINGS) private readonly settings: TrackingEventsSettings,
  ) {}

  onModuleInit(): void {
    for (const { type } of this.targets) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(targetQueueName(type)), { strict: false });
      const jobOptions: JobsOptions = {
        attempts: this.settings.delivery.policyFor(type).attempts,
        backoff: { type: 'tracking-events' },
        ...removalOptions(this.settings.jobRetention),
      };
      this.queues.set(type, { queue, jobOptions });
    }
  }

  /**
   * Queues a delivery again under its own ID (a dead letter's replay): the failed job that holds the
   * ID is removed first, and the delivery starts over with all its attempts.
   */
  async requeue(delivery: DeliveryJobData): Promise<void> {
    const { queue, jobOptions } = this.queueOf(delivery.targetType);
    await queue.remove(delivery.deliveryId);
    await queue.add(delivery.message.EventType, delivery, { ...jobOptions, jobId: delivery.deliveryId });
  }

  /** The queue of every target type, for the operations that go through them all (a user's erasure). */
  all(): Queue[] {
    return this.byType().map(([, queue]) => queue);
  }

  /** Each target type with its queue. */
  byType(): Array<[targetType: string, queue: Queue]> {
    return [...this.queues].map(([type, { queue }]) => [type, queue]);
  }

  has(targetType: string): boolean {
    return this.queues.has(targetType);
  }

  /**
   * Queues the first attempt of routed deliveries: per target type, batches of at most
   * MAX_DELIVERIES_PER_BATCH. Batch IDs derive from `batchKey` (what was routed), so that routing the
   * same events again queues nothing new.
   */
  async enqueueBatches(deliveries: DeliveryJobData[], batchKey: string): Promise<void> {
    const byType = new Map<string, DeliveryJobData[]>();
    for (const delivery of deliveries) {
      const group = byType.get(delivery.targetType);
      if (group) group.push(delivery);
      else byType.set(delivery.targetType, [delivery]);
    }
    await Promise.all(
      [...byType].map(([type, ofType]) => {
        const { queue, jobOptions } = this.queueOf(type);
        const jobs = [];
        for (let start = 0; start < ofType.length; start += MAX_DELIVERIES_PER_BATCH) {
          const data: DeliveryBatchJobData = { deliveries: ofType.slice(start, start + MAX_DELIVERIES_PER_BATCH) };
          const jobId = `${batchKey}-${type}-${start / MAX_DELIVERIES_PER_BATCH}`;
          jobs.push({ name: BATCH_JOB_NAME, data, opts: { ...jobOptions, ...batchJobOptions(jobId, this.settings.jobRetention) } });
        }
        return jobs.length === 1 ? queue.add(jobs[0].name, jobs[0].data, jobs[0].opts) : queue.addBulk(jobs);
      }),
    );
  }

  /**
   * Gives deliveries of a batch a job of their own, under their delivery ID: a retry (after `delayMs`,
   * with the attempts left) or a delivery held back by a paused target.
   */
  async enqueueOwnJobs(jobs: Array<{ delivery: DeliveryJobData; delayMs: number; attemptsLeft: number }>): Promise<void> {
    if (jobs.length === 0) return;
    await Promise.all(
      jobs.map(({ delivery, delayMs, attemptsLeft }) => {
        const { queue, jobOptions } = this.queueOf(delivery.targetType);
        return queue.add(delivery.message.EventType, delivery, {
          ...jobOptions,
          attempts: attemptsLeft,
          delay: delayMs,
          jobId: delivery.deliveryId,
        });
      }),
    );
  }

  private queueOf(targetType: string): { queue: Queue; jobOptions: JobsOptions } {
    const entry = this.queues.get(targetType);
    if (!entry) throw new Error(`No queue for target type ${targetType} on this server.`);
    return entry;
  }
}
