import { Inject, Injectable } from '@nestjs/common';
import { DeliveryFailedError } from '../delivery-failed.error';
import { DeliveryTarget } from '../delivery-target.decorator';
import { DELIVERY_TARGET_SETTINGS, type DeliveryTargetSettings } from '../delivery-target-settings';
import type { BatchDeliveryResult, DeliveryOutcome, DeliveryRequest, DeliveryTargetHandler } from '../delivery-target.interface';
import { orderingKeyOf } from '../message-mapping';
import { TargetNetworkPolicy } from '../network-policy';
import { EventHubConfig } from './event-hub-config';
import { toEventHubEvent, type EventHubEvent } from './event-hub-event';
import { eventHubFailure } from './event-hub-failure';

/** What the target uses of an `EventHubProducerClient` (its own shape, so that the library's types do not need @azure/event-hubs). */
export interface EventHubProducer {
  /** The namespace's host name. */
  readonly fullyQualifiedNamespace: string;
  createBatch(options: { partitionKey: string; abortSignal: AbortSignal }): Promise<EventHubBatch>;
  sendBatch(batch: EventHubBatch, options: { abortSignal: AbortSignal }): Promise<void>;
  close(): Promise<void>;
}

/** What the target uses of an `EventDataBatch`. */
export interface EventHubBatch {
  readonly maxSizeInBytes: number;
  tryAdd(event: EventHubEvent): boolean;
}

/** One request of a call, by its place in the call. */
interface PendingEvent {
  index: number;
  event: EventHubEvent;
}

/**
 * `DeliveryTargets.EventHub`: each message published as one event (the Payload as JSON, the namespace
 * in property `type`, the delivery ID as message ID and property `deliveryId`), with the order (or
 * user) as partition key, so that one order's events land on one partition in order. One
 * `EventHubProducerClient` per DeliveryConfig; queued first attempts go in as few batches as fit.
 */
@DeliveryTarget('EventHub')
@Injectable()
export class EventHubTarget implements DeliveryTargetHandler<EventHubConfig, EventHubProducer> {
  readonly configModel = EventHubConfig;
  readonly requiredPackages = ['@azure/event-hubs'];

  constructor(
    @Inject(DELIVERY_TARGET_SETTINGS) private readonly settings: DeliveryTargetSettings,
    private readonly networkPolicy: TargetNetworkPolicy,
  ) {}

  async openClient(config: EventHubConfig): Promise<EventHubProducer> {
    const { EventHubProducerClient } = await import('@azure/event-hubs');
    // One quick retry of the client's own (a link the service dropped while idle); the delivery
    // policy does the rest, and no try of the client outlives the attempt.
    const retryOptions = { maxRetries: 1, retryDelayInMs: 250, timeoutInMs: this.settings.attemptTimeoutMs('EventHub') };
    try {
      return new EventHubProducerClient(config.ConnectionString, config.EventHubName, { retryOptions });
    } catch {
      // Not the client's error: it quotes the whole connection string, key included.
      throw new DeliveryFailedError('EventHub ConnectionString is not one the Event Hubs client accepts', { retryable: false });
    }
  }

  closeClient(producer: EventHubProducer): Promise<void> {
    return producer.close();
  }

  async deliver(request: DeliveryRequest<EventHubConfig, EventHubProducer>): Promise<DeliveryOutcome> {
    const [result] = await this.deliverBatch([request]);
    if ('failure' in result) throw result.failure;
    return result;
  }

  /** One batch (or more, once one is full) per partition key, each key's events in their order. */
  async deliverBatch(requests: DeliveryRequest<EventHubConfig, EventHubProducer>[]): Promise<BatchDeliveryResult[]> {
    const [{ client, config, signal }] = requests;
    try {
      // The AMQP client takes no lookup of ours: the namespace is checked before every call instead of at every connection.
      await this.networkPolicy.assertAllowed(client.fullyQualifiedNamespace);
    } catch (error) {
      const failure = eventHubFailure(error, config.ConnectionString);
      return requests.map(() => ({ failure }));
    }
    const byPartitionKey = new Map<string, PendingEvent[]>();
    requests.forEach(({ message, deliveryId }, index) => {
      const partitionKey = orderingKeyOf(message);
      const pending = { index, event: toEventHubEvent(message, deliveryId) };
      const group = byPartitionKey.get(partitionKey);
      if (group) group.push(pending);
      else byPartitionKey.set(partitionKey, [pending]);
    });
    const results: BatchDeliveryResult[] = new Array(requests.length);
    const publishing = [...byPartitionKey].map(async ([partitionKey, events]) => {
      for (const [index, result] of await publish(client, partitionKey, events, signal, config.ConnectionString)) results[index] = result;
    });
    await Promise.all(publishing);
    return results;
  }
}

/**
 * Sends one partition key's events in batches as full as fit. A failed send fails the events of its
 * batch; a failure to make a batch (no connection, refused credentials) fails every event not sent yet.
 */
async function publish(
  producer: EventHubProducer,
  partitionKey: string,
  events: PendingEvent[],
  signal: AbortSignal,
  connectionString: string,
): Promise<Array<[number, BatchDeliveryResult]>> {
  const results: Array<[number, BatchDeliveryResult]> = [];
  let unsent = events;
  try {
    while (unsent.length > 0) {
      const batch = await producer.createBatch({ partitionKey, abortSignal: signal });
      let taken = 0;
      while (taken < unsent.length && batch.tryAdd(unsent[taken].event)) taken++;
      if (taken === 0) {
        results.push([unsent[0].index, { failure: tooLarge(unsent[0].event, batch.maxSizeInBytes) }]);
        unsent = unsent.slice(1);
        continue;
      }
      const inBatch = unsent.slice(0, taken);
      unsent = unsent.slice(taken);
      try {
        await producer.sendBatch(batch, { abortSignal: signal });
        for (const { index } of inBatch) results.push([index, { status: 'delivered' }]);
      } catch (error) {
        const failure = eventHubFailure(error, connectionString);
        for (const { index } of inBatch) results.push([index, { failure }]);
      }
    }
  } catch (error) {
    const failure = eventHubFailure(error, connectionString);
    for (const { index } of unsent) results.push([index, { failure }]);
  }
  return results;
}

/** An event that does not fit in an empty batch: no retry makes it smaller. */
function tooLarge(event: EventHubEvent, maxSizeInBytes: number): DeliveryFailedError {
  const bytes = Buffer.byteLength(JSON.stringify(event.body));
  return new DeliveryFailedError(`EventHub event of ${bytes} bytes does not fit in a batch, which takes at most ${maxSizeInBytes} bytes`, {
    retryable: false,
  });
}
