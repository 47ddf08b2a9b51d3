import { isPlainObject } from '../common/patch';
import type { TrackingMessage, TrackingMessageOf } from '../messages/tracking-message';
import type { DeliveryOutcome } from './delivery-target.interface';

/** What a mapping returns instead of a request when the message means nothing to its target. */
export type SkippedDelivery = Extract<DeliveryOutcome, { status: 'skipped' }>;

export function skipped(reason: string): SkippedDelivery {
  return { status: 'skipped', reason };
}

export function isSkipped<Mapped extends object>(mapped: Mapped | SkippedDelivery): mapped is SkippedDelivery {
  return 'status' in mapped && mapped.status === 'skipped';
}

/**
 * How many units the event put into the cart: all of them for an added line, the change for an
 * updated one (negative for a decrease).
 */
export function cartQuantityChange(message: TrackingMessageOf<'LineItemAdded' | 'LineItemUpdated'>): number {
  if (message.EventType === 'LineItemAdded') return message.Payload.LineItem.Quantity;
  return message.Payload.LineItem.Quantity - message.Payload.PreviousQuantity;
}

/** A text setting of a TrackingEvent's `ConfigData`, which is any JSON an admin saved: undefined unless a non-empty string. */
export function configDataString(configData: unknown, key: string): string | undefined {
  const value = isPlainObject(configData) ? configData[key] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * What keeps one shopper's events in order where a target orders by key (a Kafka partition, an
 * Event Hubs partition): the order's ID for order events, the user's ID (or anonymous ID) for a login.
 */
export function orderingKeyOf(message: TrackingMessage): string {
  switch (message.EventType) {
    case 'UserLoggedIn':
      return message.Payload.UserContext.ID ?? message.Payload.UserContext.AnonymousId ?? message.EventID;
    case 'OrderSubmitted':
      return message.Payload.OrderID;
    default:
      return message.Payload.OrderId;
  }
}
