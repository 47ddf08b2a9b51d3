import type { JobsOptions } from 'bullmq';
import type { CapturedEvent } from '../messages/captured-event';
import { INTAKE_POLICY } from '../options/delivery-policy';

/** Intake jobs are kept for an hour after routing: adding the same event again within it is a no-op. */
export const INTAKE_JOB_OPTIONS: JobsOptions = {
  attempts: INTAKE_POLICY.attempts,
  backoff: { type: 'tracking-events' },
  removeOnComplete: { age: 3600, count: 100_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

/** The intake job of an event: its ID is the event ID, so that adding it twice queues it once. */
export function intakeJobOf(event: CapturedEvent) {
  return { name: event.EventType, data: event, opts: { ...INTAKE_JOB_OPTIONS, jobId: event.ID } };
}
