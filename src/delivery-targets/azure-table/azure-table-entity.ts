import type { TrackingMessage } from '../../messages/tracking-message';
import { DeliveryFailedError } from '../delivery-failed.error';
import { orderingKeyOf } from '../message-mapping';

/** Longest string property Azure Table Storage keeps: 64 KiB of UTF-16. */
export const MAX_PROPERTY_CHARACTERS = 32 * 1024;
/** Largest entity, keys, property names and values included, as Azure counts it. */
export const MAX_ENTITY_BYTES = 1024 * 1024;
/** Most operations in one transaction (entity group transaction). */
export const MAX_TRANSACTION_ACTIONS = 100;
/** A transaction's request is at most 4 MiB: kept under it, with room for the changeset's own framing. */
export const TRANSACTION_BYTE_BUDGET = 4 * 1024 * 1024 - 64 * 1024;
/** Each operation's multipart headers, request line and OData annotations, counted generously. */
const OPERATION_OVERHEAD_BYTES = 2 * 1024;

/**
 * One message as a table entity. The message JSON is split over `Message`, `Message_1`, `Message_2`...
 * when it is longer than one property may be; `MessageParts` says how many there are.
 */
// A type rather than an interface: the SDK takes entities as records of properties.
export type MessageEntity = {
  /** The UTC day the event occurred on, `yyyyMMdd`: a day's events are one partition. */
  partitionKey: string;
  /** The delivery ID: every retry and replay replaces the same entity. */
  rowKey: string;
  /** The message namespace. */
  Type: string;
  EventType: string;
  EventId: string;
  ClientId: string;
  UserId?: string;
  AnonymousId?: string;
  OrderId?: string;
  OccurredAt: Date;
  MessageParts: number;
  Message: string;
  [part: `Message_${number}`]: string;
};

export function toMessageEntity(message: TrackingMessage, deliveryId: string): MessageEntity {
  const { ID: userId, AnonymousId: anonymousId } = message.Payload.UserContext;
  const [first, ...others] = splitIntoParts(JSON.stringify(message.Payload));
  const entity: MessageEntity = {
    partitionKey: new Date(message.OccurredAt).toISOString().slice(0, 10).replaceAll('-', ''),
    rowKey: deliveryId,
    Type: message.Namespace,
    EventType: message.EventType,
    EventId: message.EventID,
    ClientId: message.ClientID,
    ...(userId !== null && { UserId: userId }),
    ...(anonymousId !== null && { AnonymousId: anonymousId }),
    // Every message but a login's belongs to an order, whose ID is its ordering key.
    ...(message.EventType !== 'UserLoggedIn' && { OrderId: orderingKeyOf(message) }),
    OccurredAt: new Date(message.OccurredAt),
    MessageParts: others.length + 1,
    Message: first,
  };
  others.forEach((part, index) => (entity[`Message_${index + 1}`] = part));
  return entity;
}

/** Refuses, for good, a message too large for one entity even when split. */
export function assertFitsInOneEntity(entity: MessageEntity): void {
  const bytes = entityBytes(entity);
  if (bytes <= MAX_ENTITY_BYTES) return;
  throw new DeliveryFailedError(
    `The ${entity.EventType} message is ${bytes} bytes as an Azure Table Storage entity, over the service's limit of ${MAX_ENTITY_BYTES} bytes (1 MiB)`,
    { retryable: false },
  );
}

/** An entity's size as Azure counts it: UTF-16 keys, names and strings, plus fixed sizes per property and type. */
export function entityBytes(entity: MessageEntity): number {
  let bytes = 4 + (entity.partitionKey.length + entity.rowKey.length) * 2;
  for (const [name, value] of Object.entries(entity)) {
    if (name === 'partitionKey' || name === 'rowKey') continue;
    const valueBytes = typeof value === 'string' ? 4 + value.length * 2 : value instanceof Date ? 8 : 4;
    bytes += 8 + name.length * 2 + valueBytes;
  }
  return bytes;
}

/**
 * The requests of one batch as transactions: one partition key each (Azure's rule), at most 100
 * operations and 4 MiB, and a row key at most once (a transaction refuses a second operation on it).
 */
export function groupIntoTransactions<Item extends { entity: MessageEntity }>(items: Item[]): Item[][] {
  const transactions: Item[][] = [];
  const open = new Map<string, { items: Item[]; bytes: number; rowKeys: Set<string> }>();
  for (const item of items) {
    const { partitionKey, rowKey } = item.entity;
    const bytes = Buffer.byteLength(JSON.stringify(item.entity)) + OPERATION_OVERHEAD_BYTES;
    let transaction = open.get(partitionKey);
    if (
      !transaction ||
      transaction.items.length === MAX_TRANSACTION_ACTIONS ||
      transaction.bytes + bytes > TRANSACTION_BYTE_BUDGET ||
      transaction.rowKeys.has(rowKey)
    ) {
      transaction = { items: [], bytes: 0, rowKeys: new Set() };
      open.set(partitionKey, transaction);
      transactions.push(transaction.items);
    }
    transaction.items.push(item);
    transaction.bytes += bytes;
    transaction.rowKeys.add(rowKey);
  }
  return transactions;
}

/** Cuts the text into parts one property can hold, never between the two halves of a surrogate pair. */
function splitIntoParts(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  do {
    let end = Math.min(start + MAX_PROPERTY_CHARACTERS, text.length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    parts.push(text.slice(start, end));
    start = end;
  } while (start < text.length);
  return parts;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
