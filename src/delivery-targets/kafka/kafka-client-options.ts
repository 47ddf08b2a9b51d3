import type { KafkaConfig as KafkaJsConfig } from 'kafkajs';
import type { KafkaSettings } from './kafka-settings';
import type { TargetNetworkPolicy } from '../network-policy';
import { brokersOf, type KafkaConfig } from './kafka-config';
import { policedSocketFactory } from './kafka-socket-factory';

/**
 * The kafkajs client options for a DeliveryConfig's Kafka target: TLS and SASL as the deployment's
 * `kafka` setting says (a hosted cluster wants both), few retries of its own (the delivery queue
 * retries with backoff and keeps dead letters), and no logging of its own (failures are in the
 * delivery log).
 */
export function kafkaClientOptions(
  config: KafkaConfig,
  settings: Required<KafkaSettings>,
  requestTimeoutMs: number,
  networkPolicy: TargetNetworkPolicy,
): KafkaJsConfig {
  const options: KafkaJsConfig = {
    socketFactory: policedSocketFactory(networkPolicy),
    clientId: 'tracking-events',
    brokers: brokersOf(config),
    connectionTimeout: Math.min(requestTimeoutMs, 10_000),
    requestTimeout: requestTimeoutMs,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1_000 },
    // kafkajs's NOTHING level.
    logLevel: 0,
  };
  if (settings.securityProtocol === 'SASL_SSL') options.ssl = true;
  if (settings.securityProtocol !== 'PLAINTEXT') {
    options.sasl = {
      mechanism: settings.saslMechanism,
      username: config.SaslUsername,
      password: config.SaslPassword,
    } as KafkaJsConfig['sasl'];
  }
  return options;
}
