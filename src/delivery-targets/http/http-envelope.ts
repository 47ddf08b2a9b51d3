import type { HttpConfig } from './http-config';
import type { TrackingMessage } from '../../messages/tracking-message';
import { DeliveryFailedError } from '../delivery-failed.error';
import type { JsonPost } from '../json-post';
import { signatureHeaders } from './http-signature';

/** The body the Http target posts: OrderCloud's shape, as its SearchSync sample reads it. */
export interface HttpEnvelope {
  /** `type` is the message namespace, e.g. `sitecore.ordercloud.messages.orders.submitted`. */
  Headers: { type: TrackingMessage['Namespace'] };
  Payload: TrackingMessage['Payload'];
}

export function toHttpEnvelope(message: TrackingMessage): HttpEnvelope {
  return { Headers: { type: message.Namespace }, Payload: message.Payload };
}

/**
 * One attempt of an Http delivery. The envelope is serialized once and both signatures cover exactly
 * those bytes: serializing again could reorder or re-escape something and break them.
 */
export function toHttpPost(message: TrackingMessage, config: HttpConfig, webhookId: string, sentAt: Date): JsonPost<Buffer> {
  const body = Buffer.from(JSON.stringify(toHttpEnvelope(message)), 'utf8');
  const signed = { 'Content-Type': 'application/json', ...signatureHeaders({ secret: config.Secret, body, webhookId, sentAt }) };
  return { url: config.Endpoint, headers: { ...customAuthHeader(config, Object.keys(signed)), ...signed }, body };
}

function customAuthHeader(config: HttpConfig, reservedNames: string[]): Record<string, string> {
  const { CustomAuthHeaderName: name, CustomAuthHeaderValue: value } = config;
  if (!name || value === undefined) return {};
  if (reservedNames.some((reserved) => reserved.toLowerCase() === name.toLowerCase())) {
    // Sending it twice would corrupt the header the receiver checks; no retry changes the config.
    throw new DeliveryFailedError(`CustomAuthHeaderName "${name}" is a header the Http target sets itself`, { retryable: false });
  }
  return { [name]: value };
}
