import { createHmac } from 'node:crypto';

/** The headers that let a receiver check that a body came from us and arrived unchanged. */
export interface HttpSignatureHeaders {
  'x-oc-hash': string;
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export interface HttpSignatureInput {
  secret: string;
  /** The exact bytes that are sent. */
  body: Buffer;
  /** Stable across the retries of one delivery, so receivers can drop duplicates. */
  webhookId: string;
  /** When this attempt is sent. */
  sentAt: Date;
}

/** OrderCloud's webhook hash, `base64(HMAC-SHA256(secret, body))`: what its catalyst libraries check. */
export function ocHash(secret: string, body: Buffer): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/**
 * A Standard Webhooks `v1` signature of `id.timestamp.body`. Keyed with the secret's UTF-8 bytes, so a
 * receiver verifies it with `new Webhook(base64(secret))` from the `standardwebhooks` library.
 */
export function standardWebhookSignature(secret: string, webhookId: string, timestampSeconds: number, body: Buffer): string {
  const signed = createHmac('sha256', secret).update(`${webhookId}.${timestampSeconds}.`, 'utf8').update(body);
  return `v1,${signed.digest('base64')}`;
}

/** Both signatures of one attempt, as headers. */
export function signatureHeaders({ secret, body, webhookId, sentAt }: HttpSignatureInput): HttpSignatureHeaders {
  const timestampSeconds = Math.floor(sentAt.getTime() / 1000);
  return {
    'x-oc-hash': ocHash(secret, body),
    'webhook-id': webhookId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': standardWebhookSignature(secret, webhookId, timestampSeconds, body),
  };
}
