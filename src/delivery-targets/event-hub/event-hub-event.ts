import { createHash } from 'node:crypto';
import type { TrackingMessage } from '../../messages/tracking-message';

/** The longest AMQP message ID the Event Hubs client sends. */
const MAX_MESSAGE_ID_LENGTH = 128;

/** One message as an Event Hubs event (the client's `EventData`, in the fields the target sets). */
export interface EventHubEvent {
  /** The message's Payload: the client sends an object as JSON in a data section. */
  body: unknown;
  contentType: 'application/json';
  messageId: string;
  properties: {
    /** The message namespace, where OrderCloud's consumers read the message type. */
    type: string;
    /** The same for every attempt and replay of the delivery: consumers drop duplicates by it. */
    deliveryId: string;
    eventType: string;
    eventId: string;
    occurredAt: string;
  };
}

export function toEventHubEvent(message: TrackingMessage, deliveryId: string): EventHubEvent {
  return {
    body: message.Payload,
    contentType: 'application/json',
    messageId: messageIdOf(deliveryId),
    properties: {
      type: message.Namespace,
      deliveryId,
      eventType: message.EventType,
      eventId: message.EventID,
      occurredAt: message.OccurredAt,
    },
  };
}

/**
 * The delivery ID, or its SHA-256 (hex) when it is longer than a message ID may be: a delivery ID
 * holds the TrackingEvent ID, which may have up to 100 characters.
 */
function messageIdOf(deliveryId: string): string {
  if (deliveryId.length <= MAX_MESSAGE_ID_LENGTH) return deliveryId;
  return createHash('sha256').update(deliveryId).digest('hex');
}
