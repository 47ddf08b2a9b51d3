import type { TrackingMessage } from '../../messages/tracking-message';

/** One message as a blob: its path in the container, the JSON body, and metadata to find it by. */
export interface MessageBlob {
  /** `{EventType}/{yyyy}/{MM}/{dd}/{deliveryId}.json`: the same on every retry and replay. */
  name: string;
  /** The message JSON, as OrderCloud's own consumers read it. */
  body: string;
  /** Blob metadata: lowercase names (C# identifiers), ASCII values. */
  metadata: {
    type: string;
    eventid: string;
    eventtype: string;
    occurredat: string;
    clientid: string;
  };
}

export function toMessageBlob(message: TrackingMessage, deliveryId: string): MessageBlob {
  // The UTC day the event occurred on: yyyy/MM/dd
  const day = new Date(message.OccurredAt).toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    name: `${message.EventType}/${day}/${deliveryId}.json`,
    body: JSON.stringify(message.Payload),
    metadata: {
      type: message.Namespace,
      eventid: message.EventID,
      eventtype: message.EventType,
      occurredat: message.OccurredAt,
      clientid: message.ClientID,
    },
  };
}
