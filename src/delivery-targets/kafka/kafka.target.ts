import { Inject, Injectable } from '@nestjs/common';
import { DeliveryFailedError } from '../delivery-failed.error';
import { DeliveryTarget } from '../delivery-target.decorator';
import { DELIVERY_TARGET_SETTINGS, type DeliveryTargetSettings } from '../delivery-target-settings';
import type { BatchDeliveryResult, DeliveryOutcome, DeliveryRequest, DeliveryTargetHandler } from '../delivery-target.interface';
import { TargetNetworkPolicy } from '../network-policy';
import { kafkaClientOptions } from './kafka-client-options';
import { KafkaConfig } from './kafka-config';
import { kafkaFailure } from './kafka-failure';
import { KafkaProducerClient } from './kafka-producer-client';
import { toKafkaRecord, type KafkaRecord } from './kafka-record';

/** Every in-sync replica has the record before the broker answers: an acknowledged delivery survives a broker's loss. */
const ALL_REPLICAS = -1;

/**
 * `DeliveryTargets.Kafka`: each message produced to the config's topic, keyed by its order (or
 * user) with the namespace in header `type`, through one kafkajs producer per DeliveryConfig.
 * Queued first attempts go in one produce call.
 */
@DeliveryTarget('Kafka')
@Injectable()
export class KafkaTarget implements DeliveryTargetHandler<KafkaConfig, KafkaProducerClient> {
  readonly configModel = KafkaConfig;
  readonly requiredPackages = ['kafkajs'];

  constructor(
    @Inject(DELIVERY_TARGET_SETTINGS) private readonly settings: DeliveryTargetSettings,
    private readonly networkPolicy: TargetNetworkPolicy,
  ) {}

  async openClient(config: KafkaConfig): Promise<KafkaProducerClient> {
    const { Kafka } = await import('kafkajs');
    const timeoutMs = this.settings.attemptTimeoutMs('Kafka');
    const producer = new KafkaProducerClient(
      new Kafka(kafkaClientOptions(config, this.settings.kafka, timeoutMs, this.networkPolicy)).producer({ allowAutoTopicCreation: false }),
    );
    try {
      await producer.connected();
    } catch (error) {
      await producer.disconnect();
      throw kafkaFailure(error, config.Topic, { batch: false });
    }
    return producer;
  }

  closeClient(producer: KafkaProducerClient): Promise<void> {
    return producer.disconnect();
  }

  async deliver({
    message,
    config,
    client,
    deliveryId,
    signal,
  }: DeliveryRequest<KafkaConfig, KafkaProducerClient>): Promise<DeliveryOutcome> {
    await this.produce(client, config.Topic, [toKafkaRecord(message, deliveryId)], signal, { batch: false });
    return { status: 'delivered' };
  }

  async deliverBatch(requests: DeliveryRequest<KafkaConfig, KafkaProducerClient>[]): Promise<BatchDeliveryResult[]> {
    const [{ config, client, signal }] = requests;
    const records = requests.map(({ message, deliveryId }) => toKafkaRecord(message, deliveryId));
    try {
      await this.produce(client, config.Topic, records, signal, { batch: true });
    } catch (failure) {
      return requests.map(() => ({ failure }));
    }
    return requests.map(() => ({ status: 'delivered' }));
  }

  /** One produce call, given up when the attempt's signal aborts (kafkajs takes no signal; its call ends on its own timeout). */
  private async produce(
    producer: KafkaProducerClient,
    topic: string,
    messages: KafkaRecord[],
    signal: AbortSignal,
    options: { batch: boolean },
  ): Promise<void> {
    const timeout = this.settings.attemptTimeoutMs('Kafka');
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(new DeliveryFailedError(`Kafka produce to topic ${topic} timed out`, { retryable: true }));
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([producer.send({ topic, messages, acks: ALL_REPLICAS, timeout }), aborted]);
    } catch (error) {
      throw error instanceof DeliveryFailedError ? error : kafkaFailure(error, topic, options);
    } finally {
      signal.removeEventListener('abort', onAbort!);
    }
  }
}
