// For specs and tests that write delivery log rows directly: a delivered first attempt, with the fields a test cares about given.
import { v7 as timeOrderedUuid } from 'uuid';
import type { DeliveryAttemptEntity } from './delivery-attempt.entity';

export function deliveryAttemptRow(fields: Partial<DeliveryAttemptEntity> = {}): DeliveryAttemptEntity {
  return {
    id: timeOrderedUuid(),
    deliveryId: 'delivery-1',
    eventId: 'event-1',
    eventType: 'LineItemAdded',
    orderId: null,
    userId: null,
    anonymousId: null,
    trackingEventId: 'tracked-adds',
    deliveryConfigId: 'config-1',
    targetType: 'Http',
    attempt: 1,
    outcome: 'Delivered',
    httpStatus: 200,
    durationMs: 1,
    detail: null,
    attemptedAt: new Date(),
    occurredAt: null,
    latencyMs: null,
    jobId: null,
    ...fields,
  };
}
