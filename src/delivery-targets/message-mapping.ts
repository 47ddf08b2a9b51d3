import { isPlainObject } from '../common/patch';
import type { TrackingMessageOf } from '../messages/tracking-message';
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
