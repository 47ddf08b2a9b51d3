import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { INTAKE_POLICY } from '../queues/delivery-policy';
import { INTAKE_QUEUE } from '../queues/queue-names';
import type { CapturedEvent } from './captured-event';

/** Intake jobs are kept for an hour after routing: adding the same event again within it is a no-op. */
export const INTAKE_JOB_OPTIONS: JobsOptions = {
  attempts: INTAKE_POLICY.attempts,
  backoff: { type: 'tracking-events' },
  removeOnComplete: { age: 3600, count: 100_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

interface Pending {
  event: CapturedEvent;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Puts captured events on the intake queue. Events captured in the same turn of the event loop
 * (concurrent requests) go to Redis together in one `addBulk`, one round trip for all of them.
 * The job ID is the event ID, so recording an event twice queues it once.
 */
@Injectable()
export class IntakeRecorder {
  private pending: Pending[] = [];

  constructor(@InjectQueue(INTAKE_QUEUE) private readonly intakeQueue: Queue) {}

  record(event: CapturedEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ event, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    try {
      await this.intakeQueue.addBulk(
        batch.map(({ event }) => ({ name: event.EventType, data: event, opts: { ...INTAKE_JOB_OPTIONS, jobId: event.ID } })),
      );
      batch.forEach((entry) => entry.resolve());
    } catch (error) {
      batch.forEach((entry) => entry.reject(error));
    }
  }
}
