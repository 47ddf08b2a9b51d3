import { parseAzureConnectionString } from '../azure-connection-string';
import { DeliveryFailedError } from '../delivery-failed.error';
import { refusedDelivery } from '../network-policy';

/**
 * The codes of `MessagingError` (@azure/core-amqp's names for the service's AMQP conditions) that no
 * retry changes: refused credentials, a hub that does not exist or is disabled, a refused event.
 * The client itself retries UnauthorizedError (keys may have just been rotated); its own retries
 * have run by the time it throws, so the target does not. Everything else (ServerBusyError,
 * ServiceUnavailableError, timeouts, connection errors) is retried by the delivery policy: the
 * service gives no retry-after with an AMQP error.
 */
const PERMANENT_CODES = new Set([
  'UnauthorizedError',
  'PublisherRevokedError',
  'MessagingEntityNotFoundError',
  'MessagingEntityDisabledError',
  'ArgumentError',
  'ArgumentOutOfRangeError',
  'MessageTooLargeError',
]);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  errors?: unknown;
}

/** A failed call of the Event Hubs client as a failed attempt, retryable or not; no secret of the connection string in it. */
export function eventHubFailure(error: unknown, connectionString: string): DeliveryFailedError {
  if (error instanceof DeliveryFailedError) return error;
  const refused = refusedDelivery(error, 'EventHub send');
  if (refused) return refused;
  const cause = lastCauseOf(error);
  const name = typeof cause.name === 'string' ? cause.name : 'Error';
  if (name === 'AbortError') {
    return new DeliveryFailedError('EventHub send was cancelled: the attempt timed out or the worker is stopping', { retryable: true });
  }
  const code = typeof cause.code === 'string' ? cause.code : name;
  const description = withoutSecrets(typeof cause.message === 'string' ? cause.message : String(cause), connectionString);
  const permanent = PERMANENT_CODES.has(code);
  const what = code === 'UnauthorizedError' ? 'EventHub refused the credentials' : 'EventHub send failed';
  return new DeliveryFailedError(`${what} (${code}): ${description}`, { retryable: !permanent });
}

/**
 * What the service answered last: the client throws an AggregateError of its attempts once its
 * retries are spent, nested when opening the link was retried within a send.
 */
function lastCauseOf(error: unknown): ErrorLike {
  let current = error as ErrorLike;
  while (Array.isArray(current?.errors) && current.errors.length > 0) current = current.errors[current.errors.length - 1] as ErrorLike;
  return current ?? { message: String(current) };
}

function withoutSecrets(text: string, connectionString: string): string {
  let settings: Map<string, string>;
  try {
    settings = parseAzureConnectionString(connectionString);
  } catch {
    settings = new Map();
  }
  const secrets = [connectionString, settings.get('sharedaccesskey'), settings.get('sharedaccesssignature')];
  return secrets.reduce<string>((redacted, secret) => (secret ? redacted.split(secret).join('***') : redacted), text);
}
