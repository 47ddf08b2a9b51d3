import {
  KafkaJSConnectionError,
  KafkaJSError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSSASLAuthenticationError,
} from 'kafkajs';
import { kafkaFailure } from './kafka-failure';

// kafkajs's types declare no constructor arguments for it; at run time it takes the message as its other errors do.
const SaslAuthenticationError = KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error;

/** A broker's error answer, as kafkajs makes it from the protocol's error table. */
const brokerAnswer = (type: string, retriable: boolean) =>
  new KafkaJSProtocolError({ type, code: 1, retriable, message: `${type} message` } as never);

describe('kafkaFailure', () => {
  it.each([
    ['wrong credentials', new SaslAuthenticationError('SASL PLAIN authentication failed: Authentication failed')],
    [
      'a broker without SASL',
      Object.assign(new KafkaJSNonRetriableError('The Kafka server does not support the requested API version'), {
        name: 'KafkaJSServerDoesNotSupportApiKey',
      }),
    ],
    ['no right to the topic', brokerAnswer('TOPIC_AUTHORIZATION_FAILED', false)],
    [
      'a refused SASL exchange, wrapped by the retrier',
      new KafkaJSNumberOfRetriesExceeded(brokerAnswer('SASL_AUTHENTICATION_FAILED', false), { retryCount: 2, retryTime: 100 }),
    ],
    ['a record over the broker limit', brokerAnswer('MESSAGE_TOO_LARGE', false)],
  ])('fails for good on %s', (_, error) => {
    expect(kafkaFailure(error, 'orders', { batch: false })).toMatchObject({
      retryable: false,
      message: expect.stringMatching(/^Kafka produce to topic orders failed: /),
    });
  });

  it.each([
    [
      'a refused connection',
      new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('Connection error: connect ECONNREFUSED'), {
        retryCount: 2,
        retryTime: 100,
      }),
    ],
    ['a leader change', brokerAnswer('NOT_LEADER_FOR_PARTITION', true)],
    ['an unknown topic (it may be created)', brokerAnswer('UNKNOWN_TOPIC_OR_PARTITION', true)],
    ['a closed connection', new Error('Broker not connected')],
    ['anything else', new KafkaJSError('Request Produce(key: 0, version: 7) timed out')],
  ])('retries %s', (_, error) => {
    expect(kafkaFailure(error, 'orders', { batch: false }).retryable).toBe(true);
  });

  it('retries a call refused for its size message by message', () => {
    expect(kafkaFailure(brokerAnswer('RECORD_LIST_TOO_LARGE', false), 'orders', { batch: true }).retryable).toBe(true);
    expect(kafkaFailure(brokerAnswer('RECORD_LIST_TOO_LARGE', false), 'orders', { batch: false }).retryable).toBe(false);
  });

  it('names the innermost cause, which never holds the password', () => {
    const error = new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('Connection timeout'), { retryCount: 2, retryTime: 100 });
    expect(kafkaFailure(error, 'orders', { batch: false }).message).toBe('Kafka produce to topic orders failed: Connection timeout');
  });
});
