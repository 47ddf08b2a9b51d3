/** How the Kafka target connects to brokers: the module's `kafka` setting. @publicApi */
export interface KafkaSettings {
  /**
   * Kafka's `security.protocol`: `SASL_SSL` (default: TLS, and the DeliveryConfig's SASL username and
   * password), `SASL_PLAINTEXT` (SASL without TLS, for a private network) or `PLAINTEXT` (neither, for a
   * local development broker; the credentials are not sent).
   */
  securityProtocol?: KafkaSecurityProtocol;
  /** The SASL mechanism: `plain` (default), `scram-sha-256` or `scram-sha-512`. */
  saslMechanism?: KafkaSaslMechanism;
}

export const KAFKA_SECURITY_PROTOCOLS = ['SASL_SSL', 'SASL_PLAINTEXT', 'PLAINTEXT'] as const;
export type KafkaSecurityProtocol = (typeof KAFKA_SECURITY_PROTOCOLS)[number];
export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];
