import { RequiredString } from '../../common/validation';
import { WriteOnly } from '../write-only.decorator';
import { Destination } from '../destination.decorator';

/** `host:port`, the host a name, an IPv4 address or a bracketed IPv6 address. */
const BROKER = String.raw`(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]):\d{1,5}`;

/** `DeliveryTargets.Kafka`: publish each message to a Kafka topic. */
export class KafkaConfig {
  /** Comma-separated `host:port` brokers to bootstrap from. */
  @RequiredString({
    maxLength: 2000,
    pattern: { regex: new RegExp(`^\\s*${BROKER}(?:\\s*,\\s*${BROKER})*\\s*$`), message: 'must be comma-separated host:port brokers' },
  })
  @Destination()
  BootstrapServers: string;

  @RequiredString({ maxLength: 200 })
  SaslUsername: string;

  @WriteOnly()
  @RequiredString({ maxLength: 2000 })
  SaslPassword: string;

  /** Kafka's own rule for topic names. */
  @RequiredString({
    maxLength: 249,
    pattern: { regex: /^(?!\.{1,2}$)[A-Za-z0-9._-]+$/, message: 'must be letters, digits, ., _ and - only (and not . or ..)' },
  })
  Topic: string;
}

/** The brokers of a config, as the client takes them. */
export function brokersOf(config: KafkaConfig): string[] {
  return config.BootstrapServers.split(',').map((broker) => broker.trim());
}
