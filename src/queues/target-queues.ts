import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { JobsOptions, Queue } from 'bullmq';
import { DELIVERY_TARGET_CLASSES, DeclaredTarget } from '../delivery-targets/delivery-target.registry';
import type { TrackingEventsModuleOptions } from '../options';
import { TRACKING_EVENTS_OPTIONS } from '../tracking-events.tokens';
import type { DeliveryJobData } from './delivery-job';
import { deliveryPolicyFor } from './delivery-policy';
import { targetQueueName } from './queue-names';

/**
 * The queue of each target type. Deliveries are kept an hour after they succeed (adding the same
 * delivery again within it is a no-op) and a month after they fail for good, with their last error.
 */
@Injectable()
export class TargetQueues implements OnModuleInit {
  private readonly queues = new Map<string, { queue: Queue; jobOptions: JobsOptions }>();

  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(DELIVERY_TARGET_CLASSES) private readonly targets: DeclaredTarget[],
    @Inject(TRACKING_EVENTS_OPTIONS) private readonly options: TrackingEventsModuleOptions,
  ) {}

  onModuleInit(): void {
    for (const { type } of this.targets) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(targetQueueName(type)), { strict: false });
      const jobOptions: JobsOptions = {
        attempts: deliveryPolicyFor(this.options, type).attempts,
        backoff: { type: 'tracking-events' },
        removeOnComplete: { age: 3600, count: 100_000 },
        removeOnFail: { age: 30 * 24 * 3600 },
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

  has(targetType: string): boolean {
    return this.queues.has(targetType);
  }

  /** Queues deliveries, one `addBulk` per target type. */
  async enqueue(deliveries: DeliveryJobData[]): Promise<void> {
    const byType = new Map<string, DeliveryJobData[]>();
    for (const delivery of deliveries) byType.set(delivery.targetType, [...(byType.get(delivery.targetType) ?? []), delivery]);
    await Promise.all(
      [...byType].map(([type, jobs]) => {
        const { queue, jobOptions } = this.queueOf(type);
        return queue.addBulk(jobs.map((data) => ({ name: data.message.EventType, data, opts: { ...jobOptions, jobId: data.deliveryId } })));
      }),
    );
  }

  private queueOf(targetType: string): { queue: Queue; jobOptions: JobsOptions } {
    const entry = this.queues.get(targetType);
    if (!entry) throw new Error(`No queue for target type ${targetType} on this server.`);
    return entry;
  }
}
