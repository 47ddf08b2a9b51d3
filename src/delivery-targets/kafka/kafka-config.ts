import { RequiredString } from '../../common/validation';
import { ApiProperty } from '../../common/openapi';
import { WriteOnly } from '../write-only.decorator';
import { Destination } from '../destination.decorator';

/** `host:port`, the host a name, an IPv4 address or a bracketed IPv6 address. */
const BROKER = String.raw`(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]):\d{1,5}`;

/** Kafka's own rule for topic names. */
const TOPIC_NAME = /^(?!\.{1,2}$)[A-Za-z0-9._-]+$/;

/** `DeliveryTargets.Kafka`: publish each message to a Kafka topic. */
export class KafkaConfig {
  @ApiProperty({
    maxLength: 2000,
    description: 'Comma-separated `host:port` brokers to bootstrap from.',
    example: 'broker-1:9092,broker-2:9092',
  })
  @RequiredString({
    maxLength: 2000,
    pattern: { regex: new RegExp(`^\\s*${BROKER}(?:\\s*,\\s*${BROKER})*\\s*$`), message: 'must be comma-separated host:port brokers' },
  })
  @Destination()
  BootstrapServers: string;

  @ApiProperty({ maxLength: 200, example: 'tracking-producer' })
  @RequiredString({ maxLength: 200 })
  SaslUsername: string;

  @ApiProperty({ writeOnly: true, maxLength: 2000, example: 'sasl-password' })
  @WriteOnly()
  @RequiredString({ maxLength: 2000 })
  SaslPassword: string;

  @ApiProperty({ maxLength: 249, pattern: TOPIC_NAME.source, example: 'tracking-events' })
  @RequiredString({
    maxLength: 249,
    pattern: { regex: TOPIC_NAME, message: 'must be letters, digits, ., _ and - only (and not . or ..)' },
  })
  Topic: string;
}

/** The brokers of a config, as the client takes them. */
export function brokersOf(config: KafkaConfig): string[] {
  return config.BootstrapServers.split(',').map((broker) => broker.trim());
}
