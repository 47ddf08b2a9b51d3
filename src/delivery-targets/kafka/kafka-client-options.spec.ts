import { TRACKING_EVENTS_DEFAULTS } from '../../options';
import { TargetNetworkPolicy } from '../network-policy';
import { kafkaClientOptions } from './kafka-client-options';

const networkPolicy = new TargetNetworkPolicy({ allowPrivateNetworks: false, allowedHosts: [], echoResponseBodies: false });

const config = { BootstrapServers: 'b1:9092,b2:9092', SaslUsername: 'shop', SaslPassword: 'pw', Topic: 'orders' };

describe('kafkaClientOptions', () => {
  it('connects over TLS with SASL PLAIN by default, as hosted clusters want', () => {
    expect(kafkaClientOptions(config, TRACKING_EVENTS_DEFAULTS.kafka, 10_000, networkPolicy)).toMatchObject({
      brokers: ['b1:9092', 'b2:9092'],
      ssl: true,
      sasl: { mechanism: 'plain', username: 'shop', password: 'pw' },
      requestTimeout: 10_000,
    });
  });

  it.each(['scram-sha-256', 'scram-sha-512'] as const)('uses SASL %s when the deployment says so', (saslMechanism) => {
    expect(kafkaClientOptions(config, { securityProtocol: 'SASL_SSL', saslMechanism }, 10_000, networkPolicy).sasl).toMatchObject({
      mechanism: saslMechanism,
    });
  });

  it('does SASL without TLS for SASL_PLAINTEXT', () => {
    const options = kafkaClientOptions(config, { securityProtocol: 'SASL_PLAINTEXT', saslMechanism: 'plain' }, 10_000, networkPolicy);
    expect(options.ssl).toBeUndefined();
    expect(options.sasl).toMatchObject({ mechanism: 'plain' });
  });

  it('sends no credentials to a PLAINTEXT broker', () => {
    const options = kafkaClientOptions(config, { securityProtocol: 'PLAINTEXT', saslMechanism: 'plain' }, 10_000, networkPolicy);
    expect(options.ssl).toBeUndefined();
    expect(options.sasl).toBeUndefined();
    expect(JSON.stringify(options)).not.toContain('pw');
  });
});
