import { DeliveryFailedError } from '../delivery-failed.error';
import { refusedDelivery } from '../network-policy';

/** Broker answers no retry can change: wrong credentials or rights, a topic or record the cluster refuses. */
const PERMANENT_PROTOCOL_ERRORS = new Set([
  'SASL_AUTHENTICATION_FAILED',
  'UNSUPPORTED_SASL_MECHANISM',
  'ILLEGAL_SASL_STATE',
  'TOPIC_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'INVALID_TOPIC_EXCEPTION',
  'POLICY_VIOLATION',
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
]);
/** Refused because of the whole call's size: each message may still go through on its own. */
const BATCH_SIZE_ERRORS = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);
/** kafkajs errors that mean the credentials or the security protocol are wrong (a broker without SASL answers the latter). */
const PERMANENT_CLIENT_ERRORS = new Set(['KafkaJSSASLAuthenticationError', 'KafkaJSServerDoesNotSupportApiKey']);

/** A kafkajs error: a broker's error answer carries the protocol's error `type`. */
export interface KafkaJsErrorShape extends Error {
  type?: string;
}

/**
 * Turns what a produce call threw into a failed attempt: wrong credentials, missing rights and
 * refused records fail for good; the rest (connections, timeouts, leader changes, throttling) is
 * retried. kafkajs wraps the broker's answer when it gives up retrying: the innermost error decides.
 */
export function kafkaFailure(error: unknown, topic: string, options: { batch: boolean }): DeliveryFailedError {
  const refused = refusedDelivery(error, `Kafka produce to topic ${topic}`);
  if (refused) return refused;
  const cause = innermostKafkaError(error);
  const permanent =
    PERMANENT_CLIENT_ERRORS.has(cause.name) ||
    (cause.type !== undefined && PERMANENT_PROTOCOL_ERRORS.has(cause.type) && !(options.batch && BATCH_SIZE_ERRORS.has(cause.type)));
  return new DeliveryFailedError(`Kafka produce to topic ${topic} failed: ${cause.message}`, { retryable: !permanent });
}

/** The error kafkajs wrapped last (it wraps the broker's answer when it gives up retrying). */
export function innermostKafkaError(error: unknown): KafkaJsErrorShape {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current : new Error(String(current));
}
