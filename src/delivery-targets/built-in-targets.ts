import type { Type } from '@nestjs/common';
import { deliveryTargetTypeOf } from './delivery-target.decorator';
import type { DeliveryTargetHandler } from './delivery-target.interface';
import { AzureBlobTarget } from './azure-blob';
import { AzureTableTarget } from './azure-table';
import { CosmosDbTarget } from './cosmos-db';
import { DiscoverEventTarget } from './discover-event';
import { EventHubTarget } from './event-hub';
import { HttpTarget } from './http';
import { KafkaTarget } from './kafka';
import { MessageSenderTarget } from './message-sender';
import { SendEventTarget } from './send-event';

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
