import { MessagingError } from '@azure/event-hubs';
import { DeliveryFailedError } from '../delivery-failed.error';
import { eventHubFailure } from './event-hub-failure';

const KEY = 'c2VuZC1rZXktc2VjcmV0PQ==';
const CONNECTION_STRING = `Endpoint=sb://shop.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${KEY}`;

/** A MessagingError as the client's `translate` makes it from the service's AMQP condition. */
function messagingError(code: string, message: string, retryable = true): MessagingError {
  const error = new MessagingError(message);
  error.code = code;
  error.retryable = retryable;
  return error;
}

describe('eventHubFailure', () => {
  it.each([
    ['UnauthorizedError', 'InvalidSignature: The token has an invalid signature.', 'EventHub refused the credentials (UnauthorizedError)'],
    [
      'MessagingEntityNotFoundError',
      "The messaging entity 'sb://shop/orders' could not be found.",
      'EventHub send failed (MessagingEntityNotFoundError)',
    ],
    ['MessagingEntityDisabledError', 'The entity is disabled.', 'EventHub send failed (MessagingEntityDisabledError)'],
    ['ArgumentError', 'The partition key is too long.', 'EventHub send failed (ArgumentError)'],
    ['MessageTooLargeError', 'The message is too large.', 'EventHub send failed (MessageTooLargeError)'],
    ['PublisherRevokedError', 'The publisher is revoked.', 'EventHub send failed (PublisherRevokedError)'],
  ])('makes %s permanent', (code, description, start) => {
    const failure = eventHubFailure(messagingError(code, description), CONNECTION_STRING);
    expect(failure).toBeInstanceOf(DeliveryFailedError);
    expect(failure).toMatchObject({ retryable: false, message: `${start}: ${description}` });
  });

  it.each([
    ['ServerBusyError', 'The server is busy.'],
    ['ServiceUnavailableError', 'The operation timed out.'],
    ['OperationTimeoutError', 'The request timed out.'],
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5671'],
    ['ServiceCommunicationError', 'getaddrinfo ENOTFOUND shop.servicebus.windows.net'],
    ['InternalServerError', 'Internal error.'],
  ])('retries %s, with no retry-after (the service gives none)', (code, description) => {
    expect(eventHubFailure(messagingError(code, description, false), CONNECTION_STRING)).toMatchObject({
      retryable: true,
      retryAfterMs: undefined,
      message: `EventHub send failed (${code}): ${description}`,
    });
  });

  it("decides by the client's last attempt, in the AggregateError it throws once its retries are spent", () => {
    const busy = messagingError('ServerBusyError', 'busy');
    const refused = messagingError('UnauthorizedError', 'InvalidSignature: The token has an invalid signature.');
    expect(eventHubFailure(new AggregateError([busy, new AggregateError([busy, refused])]), CONNECTION_STRING)).toMatchObject({
      retryable: false,
      message: 'EventHub refused the credentials (UnauthorizedError): InvalidSignature: The token has an invalid signature.',
    });
    expect(eventHubFailure(new AggregateError([refused, busy]), CONNECTION_STRING)).toMatchObject({ retryable: true });
  });

  it('retries an attempt cut short by its signal', () => {
    const aborted = Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
    expect(eventHubFailure(aborted, CONNECTION_STRING)).toMatchObject({
      retryable: true,
      message: 'EventHub send was cancelled: the attempt timed out or the worker is stopping',
    });
  });

  it('retries any other error, and keeps a DeliveryFailedError as it is', () => {
    expect(eventHubFailure(new Error('socket hang up'), CONNECTION_STRING)).toMatchObject({
      retryable: true,
      message: 'EventHub send failed (Error): socket hang up',
    });
    const own = new DeliveryFailedError('too large', { retryable: false });
    expect(eventHubFailure(own, CONNECTION_STRING)).toBe(own);
  });

  it('never repeats the connection string or its key', () => {
    const failure = eventHubFailure(new Error(`Invalid connection string "${CONNECTION_STRING}" (key ${KEY})`), CONNECTION_STRING);
    expect(failure.message).toBe('EventHub send failed (Error): Invalid connection string "***" (key ***)');
  });
});
