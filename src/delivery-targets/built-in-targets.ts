import type { Type } from '@nestjs/common';
import { deliveryTargetTypeOf } from './delivery-target.decorator';
import type { DeliveryTargetHandler } from './delivery-target.interface';
import { AzureBlobConfig, AzureBlobTarget } from './azure-blob';
import { AzureTableConfig, AzureTableTarget } from './azure-table';
import { CosmosDbConfig, CosmosDbTarget } from './cosmos-db';
import { DiscoverEventConfig, DiscoverEventTarget } from './discover-event';
import { EventHubConfig, EventHubTarget } from './event-hub';
import { HttpConfig, HttpTarget } from './http';
import { KafkaConfig, KafkaTarget } from './kafka';
import { MessageSenderConfig, MessageSenderTarget } from './message-sender';
import { SendEventConfig, SendEventTarget } from './send-event';

type TargetClass = Type<DeliveryTargetHandler<object, unknown>>;

/** The targets the library delivers to itself, each in its own folder; a host adds its own with the `targets` setting. */
export const BUILT_IN_TARGETS: TargetClass[] = [HttpTarget, SendEventTarget, DiscoverEventTarget, MessageSenderTarget];

/**
 * The library's targets that talk through a client package (an optional peer dependency): each is
 * on only when the host names its class in the `targets` setting, and then needs its package.
 */
export const OPTIONAL_TARGETS: TargetClass[] = [KafkaTarget, EventHubTarget, AzureBlobTarget, AzureTableTarget, CosmosDbTarget];

/** The class that enables an optional target type, for the admin API's answer to a type this server has not enabled. */
export function optionalTargetClassFor(type: string): TargetClass | undefined {
  return OPTIONAL_TARGETS.find((targetClass) => deliveryTargetTypeOf(targetClass) === type);
}

/**
 * The config model of each of the library's targets by type, for the OpenAPI description of
 * `DeliveryTargets` (a handler names its model on its instance, which needs the handler's dependencies).
 */
export const LIBRARY_TARGET_CONFIG_MODELS: Readonly<Record<string, Type<object>>> = {
  Http: HttpConfig,
  SendEvent: SendEventConfig,
  DiscoverEvent: DiscoverEventConfig,
  MessageSender: MessageSenderConfig,
  Kafka: KafkaConfig,
  EventHub: EventHubConfig,
  AzureBlob: AzureBlobConfig,
  AzureTable: AzureTableConfig,
  CosmosDb: CosmosDbConfig,
};
