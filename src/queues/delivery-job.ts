import type { TrackingMessage } from '../hydration/tracking-message';

/** One delivery: a message, for one TrackingEvent, to one target of its DeliveryConfig. */
export interface DeliveryJobData {
  /** `<event ID>-<TrackingEvent ID>-<target type>`: the job ID, and the receivers' idempotency key. */
  deliveryId: string;
  eventId: string;
  trackingEventId: string;
  deliveryConfigId: string;
  targetType: string;
  message: TrackingMessage;
}

/** The ID of a delivery; the same event routed again gets the same IDs, so it is queued once. */
export function deliveryIdOf(eventId: string, trackingEventId: string, targetType: string): string {
  return `${eventId}-${trackingEventId}-${targetType}`;
}
