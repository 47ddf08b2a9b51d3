import type { TrackingMessage } from '../../messages/tracking-message';
import { orderingKeyOf } from '../message-mapping';

/** One message as it is produced to the topic. */
export interface KafkaRecord {
  /** Keeps one order's events (one user's logins) on one partition, in order. */
  key: string;
  /** The message JSON, as OrderCloud's own Kafka consumers read it. */
  value: string;
  headers: {
    /** The message namespace (OrderCloud's consumers read the event type here). */
    type: string;
    /** The same on every retry and replay of a delivery: consumers drop duplicates by it. */
    'delivery-id': string;
    'content-type': 'application/json';
  };
}

export function toKafkaRecord(message: TrackingMessage, deliveryId: string): KafkaRecord {
  return {
    key: orderingKeyOf(message),
    value: JSON.stringify(message.Payload),
    headers: { type: message.Namespace, 'delivery-id': deliveryId, 'content-type': 'application/json' },
  };
}
