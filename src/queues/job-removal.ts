import type { JobsOptions } from 'bullmq';
import type { TrackingEventsSettings } from '../options';

/** BullMQ's removal options for the jobs of the library's queues (it counts ages in seconds). */
export function removalOptions({ completedMs, failedMs }: TrackingEventsSettings['jobRetention'], keepCompleted = 100_000): JobsOptions {
  return {
    removeOnComplete: { age: Math.ceil(completedMs / 1000), count: keepCompleted },
    removeOnFail: { age: Math.ceil(failedMs / 1000) },
  };
}
