import type { CapturedEvent } from '../messages/captured-event';
import { INTAKE_POLICY } from '../options/delivery-policy';
import { removalOptions } from './job-removal';
import type { TrackingEventsSettings } from '../options';

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
