import type { TrackingEventType } from '../../common/tracking-event-type';
import type { TrackingMessage } from '../../messages/tracking-message';
import { DeliveryFailedError } from '../delivery-failed.error';
import { orderingKeyOf } from '../message-mapping';

/** The container the target writes to, in the config's database. */
export const COSMOS_DB_CONTAINER = 'TrackingEvents';

/**
 * The container's partition key path. Its value is the order ID (the user or anonymous ID for a login):
 * one order's events share a logical partition, so reading an order's history is a single-partition
 * query, and writes spread over as many partitions as there are orders. A day or an event type would
 * put every write of the moment into one hot partition, capped at 20 GB.
 */
export const COSMOS_DB_PARTITION_KEY_PATH = '/partitionKey';

/** Cosmos DB refuses an item over 2 MB (its UTF-8 JSON). */
export const COSMOS_DB_MAX_ITEM_BYTES = 2 * 1024 * 1024;

/** What one message becomes in the container. @publicApi */
export interface CosmosDbItem {
  /** The delivery ID: a retry or a replay upserts the same item. */
  id: string;
  partitionKey: string;
  /** The message namespace, e.g. `sitecore.ordercloud.messages.orders.submitted`. */
  type: string;
  EventType: TrackingEventType;
  EventId: string;
  ClientId: string;
  UserId: string | null;
  AnonymousId: string | null;
  /** Null for a login. */
  OrderId: string | null;
  OccurredAt: string;
  /** The message payload, as a JSON object. */
  Message: TrackingMessage['Payload'];
}

export function toCosmosDbItem(message: TrackingMessage, deliveryId: string): CosmosDbItem {
  const partitionKey = orderingKeyOf(message);
  return {
    id: deliveryId,
    partitionKey,
    type: message.Namespace,
    EventType: message.EventType,
    EventId: message.EventID,
    ClientId: message.ClientID,
    UserId: message.Payload.UserContext.ID,
    AnonymousId: message.Payload.UserContext.AnonymousId,
    OrderId: message.EventType === 'UserLoggedIn' ? null : partitionKey,
    OccurredAt: message.OccurredAt,
    Message: message.Payload,
  };
}

/** A message too big for one item would be refused at every attempt: it fails at once, with its size. */
export function assertFitsInOneItem(item: CosmosDbItem): void {
  const bytes = Buffer.byteLength(JSON.stringify(item), 'utf8');
  if (bytes <= COSMOS_DB_MAX_ITEM_BYTES) return;
  throw new DeliveryFailedError(
    `The ${item.EventType} message ${item.EventId} is ${bytes} bytes as a Cosmos DB item, over Cosmos DB's limit of ${COSMOS_DB_MAX_ITEM_BYTES} bytes (2 MB)`,
    { retryable: false },
  );
}
