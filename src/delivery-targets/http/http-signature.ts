import { hash } from 'node:crypto';
import { boundedMemo } from '../../common/bounded-memo';

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
  return hmacSha256Base64(secret, [body]);
}

/**
 * A Standard Webhooks `v1` signature of `id.timestamp.body`. Keyed with the secret's UTF-8 bytes, so a
 * receiver verifies it with `new Webhook(base64(secret))` from the `standardwebhooks` library.
 */
export function standardWebhookSignature(secret: string, webhookId: string, timestampSeconds: number, body: Buffer): string {
  return `v1,${hmacSha256Base64(secret, [Buffer.from(`${webhookId}.${timestampSeconds}.`, 'utf8'), body])}`;
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

/** SHA-256 works on blocks of 64 bytes: the size of an HMAC key's pads (RFC 2104). */
const SHA256_BLOCK_BYTES = 64;

/**
 * HMAC-SHA256 of the parts (as one message) keyed with the secret's UTF-8 bytes, by RFC 2104:
 * `SHA256((K ^ opad) || SHA256((K ^ ipad) || message))`, from two one-shot hashes with the pads made
 * once per secret. `createHmac` set up a new OpenSSL HMAC context for each of the two signatures of
 * every delivery, which cost about 3 % of the delivery worker's CPU; the tests check every result
 * against `createHmac`.
 */
export function hmacSha256Base64(secret: string, parts: Buffer[]): string {
  const { inner, outer } = keyPads(secret);
  const innerHash = hash('sha256', Buffer.concat([inner, ...parts]), 'buffer');
  return hash('sha256', Buffer.concat([outer, innerHash]), 'base64');
}

/** A secret's inner and outer pads, made once per secret (a handful: one per DeliveryConfig). */
const keyPads = boundedMemo((secret) => {
  let key = Buffer.from(secret, 'utf8');
  // A key longer than a block is hashed first; a shorter one is padded with zeros.
  if (key.length > SHA256_BLOCK_BYTES) key = hash('sha256', key, 'buffer');
  const block = Buffer.alloc(SHA256_BLOCK_BYTES);
  key.copy(block);
  return { inner: block.map((byte) => byte ^ 0x36), outer: block.map((byte) => byte ^ 0x5c) };
});
