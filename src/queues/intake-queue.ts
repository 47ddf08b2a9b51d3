import type { JobsOptions } from 'bullmq';
import type { CapturedEvent } from '../messages/captured-event';
import { INTAKE_POLICY } from '../options/delivery-policy';
import type { TrackingEventsSettings } from '../options';

/** BullMQ's removal options for the jobs of the library's queues (it counts ages in seconds). */
export function removalOptions({ completedMs, failedMs }: TrackingEventsSettings['jobRetention'], keepCompleted = 100_000): JobsOptions {
  return {
    removeOnComplete: { age: Math.ceil(completedMs / 1000), count: keepCompleted },
    removeOnFail: { age: Math.ceil(failedMs / 1000) },
  };
}

/**
 * The intake job of an event: its ID is the event ID, so that adding it twice queues it once (while the
 * routed job is kept, `jobRetention.completedMs`).
 */
export function intakeJobOf(event: CapturedEvent, retention: TrackingEventsSettings['jobRetention']) {
  return {
    name: event.EventType,
    data: event,
    opts: { attempts: INTAKE_POLICY.attempts, backoff: { type: 'tracking-events' }, ...removalOptions(retention), jobId: event.ID },
  };
}
