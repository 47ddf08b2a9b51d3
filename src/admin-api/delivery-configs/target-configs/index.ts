import type { Type } from '@nestjs/common';
import { AzureBlobConfig, AzureTableConfig, CosmosDbConfig } from './azure-storage-configs';
import { ContentHubConfig } from './content-hub-config';
import { DiscoverEventConfig } from './discover-event-config';
import { EventHubConfig } from './event-hub-config';
import { HttpConfig } from './http-config';
import { KafkaConfig } from './kafka-config';
import { MailchimpConfig } from './mailchimp-config';
import { MessageSenderConfig } from './message-sender-config';
import { SearchIngestionConfig } from './search-ingestion-config';
import { SendEventConfig } from './send-event-config';

export * from './azure-storage-configs';
export * from './content-hub-config';
export * from './discover-event-config';
export * from './event-hub-config';
export * from './http-config';
export * from './kafka-config';
export * from './mailchimp-config';
export * from './message-sender-config';
export * from './search-ingestion-config';
export * from './send-event-config';
export * from './write-only.decorator';

/**
 * The twelve target types of OrderCloud's `DeliveryTargets`, with their models. Mailchimp also
 * answers to `Mandrill`, its name in the .NET SDK.
 */
export const ORDERCLOUD_TARGET_CONFIGS: Readonly<Record<string, Type<object>>> = {
  Kafka: KafkaConfig,
  Http: HttpConfig,
  SearchIngestion: SearchIngestionConfig,
  SendEvent: SendEventConfig,
  DiscoverEvent: DiscoverEventConfig,
  EventHub: EventHubConfig,
  AzureBlob: AzureBlobConfig,
  AzureTable: AzureTableConfig,
  CosmosDb: CosmosDbConfig,
  Mailchimp: MailchimpConfig,
  Mandrill: MailchimpConfig,
  MessageSender: MessageSenderConfig,
  ContentHub: ContentHubConfig,
};
