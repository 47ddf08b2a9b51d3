import { RequiredString } from '../../../common/validation';
import { WriteOnly } from './write-only.decorator';

/** `DeliveryTargets.Kafka`: publish each message to a Kafka topic. */
export class KafkaConfig {
  @RequiredString({ maxLength: 2000 })
  BootstrapServers: string;

  @RequiredString({ maxLength: 200 })
  SaslUsername: string;

  @WriteOnly()
  @RequiredString({ maxLength: 2000 })
  SaslPassword: string;

  @RequiredString({ maxLength: 249 })
  Topic: string;
}
