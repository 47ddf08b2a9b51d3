import type { TraceHeaders } from '../common/tracing';
import type { TrackingMessage } from './tracking-message';

/** One delivery: a message, for one TrackingEvent, to one target of its DeliveryConfig. */
export interface DeliveryJobData {
  /** `<event ID>-<TrackingEvent ID>-<target type>`: the job ID, and the receivers' idempotency key. */
  deliveryId: string;
  eventId: string;
  trackingEventId: string;
  deliveryConfigId: string;
  targetType: string;
  message: TrackingMessage;
  /** The trace context its event was captured in: each attempt's span is a child of it. */
  traceContext?: TraceHeaders;
  /** The failed attempts so far, for the dead letter should the delivery fail for good. */
  failedAttempts?: DeliveryAttemptOutcome[];
  /** Set on a replay of a dead letter: its success resolves the dead letter. */
  replay?: boolean;
  /** Attempts made before this job: a delivery's first attempt is made in a batch, its retries in a job of its own. */
  attemptsBefore?: number;
}

/**
 * The first attempt of many deliveries to one target type, routed together: one job instead of one
 * per delivery. A delivery of the batch that fails gets a job of its own for its retries.
 */
export interface DeliveryBatchJobData {
  deliveries: DeliveryJobData[];
}

export type TargetJobData = DeliveryJobData | DeliveryBatchJobData;

export function isDeliveryBatch(data: TargetJobData): data is DeliveryBatchJobData {
  return Array.isArray((data as DeliveryBatchJobData).deliveries);
}

/** The ID of a delivery; the same event routed again gets the same IDs, so it is queued once. */
export function deliveryIdOf(eventId: string, trackingEventId: string, targetType: string): string {
  return `${eventId}-${trackingEventId}-${targetType}`;
}

/** One attempt of a delivery, as a dead letter keeps it. @publicApi */
export interface DeliveryAttemptOutcome {
  Attempt: number;
  /** ISO 8601 time the attempt started. */
  AttemptedAt: string;
  DurationMs: number;
  /** The receiver's HTTP status, when it answered. */
  HttpStatus: number | null;
  /** What went wrong, with the start of the receiver's answer. */
  Error: string;
}
