import { Injectable } from '@nestjs/common';
import { TargetNetworkPolicy } from '../network-policy';
import { CreatedOnDemand } from '../azure-storage/created-on-demand';
import { sdkConnectionString } from '../azure-storage/storage-connection-string';
import { DeliveryFailedError } from '../delivery-failed.error';
import { DeliveryTarget } from '../delivery-target.decorator';
import type { BatchDeliveryResult, DeliveryOutcome, DeliveryRequest, DeliveryTargetHandler } from '../delivery-target.interface';
import { AzureTableConfig } from './azure-table-config';
import { assertFitsInOneEntity, groupIntoTransactions, toMessageEntity, type MessageEntity } from './azure-table-entity';

export const DEFAULT_AZURE_TABLE = 'TrackingEvents';
const SERVICE = 'Azure Table Storage';

/** One DeliveryConfig's table, as the target writes to it (its own shape: the library's types need no Azure package). */
export interface AzureTable {
  /** Inserts the entity, or replaces the one with the same keys. */
  upsert(entity: MessageEntity, signal: AbortSignal): Promise<void>;
  /** Upserts the entities in one transaction: all of them or none (one partition key, at most 100). */
  upsertTogether(entities: MessageEntity[], signal: AbortSignal): Promise<void>;
}

/**
 * `DeliveryTargets.AzureTable`: each message upserted (replaced) as one entity keyed by its UTC day and
 * its delivery ID, so that retries and replays leave one entity. Queued first attempts go in
 * transactions of up to 100 entities of one day.
 */
@DeliveryTarget('AzureTable')
@Injectable()
export class AzureTableTarget implements DeliveryTargetHandler<AzureTableConfig, AzureTable> {
  readonly configModel = AzureTableConfig;
  readonly requiredPackages = ['@azure/data-tables'];

  constructor(private readonly networkPolicy: TargetNetworkPolicy) {}

  async openClient(config: AzureTableConfig): Promise<AzureTable> {
    const { TableClient } = await import('@azure/data-tables');
    const { connectionString, overHttp } = sdkConnectionString(config.ConnectionString, 'Table');
    let table: InstanceType<typeof TableClient>;
    try {
      table = TableClient.fromConnectionString(connectionString, config.OverrideTableName ?? DEFAULT_AZURE_TABLE, {
        // One try per call: the delivery queue retries, with backoff, the circuit breaker and a dead letter.
        retryOptions: { maxRetries: 0 },
        // The SDK refuses a plain-HTTP endpoint unless told: the admin chose it in the connection string.
        allowInsecureConnection: overHttp,
      });
    } catch (error) {
      // The SDK's reasons name the part that is wrong, never its value.
      throw new DeliveryFailedError(`The AzureTable ConnectionString cannot be used: ${(error as Error).message}`, { retryable: false });
    }
    const host = new URL(table.url).hostname;
    const created = new CreatedOnDemand(
      SERVICE,
      (abortSignal) => table.createTable({ abortSignal }),
      () => this.networkPolicy.assertAllowed(host),
    );
    return {
      upsert: (entity, signal) =>
        created.write(signal, async () => {
          await table.upsertEntity(entity, 'Replace', { abortSignal: signal });
        }),
      upsertTogether: (entities, signal) =>
        created.write(signal, async () => {
          await table.submitTransaction(
            entities.map((entity) => ['upsert', entity, 'Replace']),
            { abortSignal: signal },
          );
        }),
    };
  }

  /** The SDK's clients share Node's HTTP agent: there is no connection of their own to close. */
  async closeClient(): Promise<void> {}

  async deliver({ message, client, deliveryId, signal }: DeliveryRequest<AzureTableConfig, AzureTable>): Promise<DeliveryOutcome> {
    const entity = toMessageEntity(message, deliveryId);
    assertFitsInOneEntity(entity);
    await client.upsert(entity, signal);
    return { status: 'delivered' };
  }

  async deliverBatch(requests: DeliveryRequest<AzureTableConfig, AzureTable>[]): Promise<BatchDeliveryResult[]> {
    const results: BatchDeliveryResult[] = [];
    const writable: { index: number; entity: MessageEntity }[] = [];
    requests.forEach(({ message, deliveryId }, index) => {
      const entity = toMessageEntity(message, deliveryId);
      try {
        assertFitsInOneEntity(entity);
        writable.push({ index, entity });
      } catch (failure) {
        results[index] = { failure };
      }
    });
    const [{ client, signal }] = requests;
    await Promise.all(
      groupIntoTransactions(writable).map(async (transaction) => {
        let result: BatchDeliveryResult = { status: 'delivered' };
        try {
          await client.upsertTogether(
            transaction.map(({ entity }) => entity),
            signal,
          );
        } catch (failure) {
          result = { failure };
        }
        for (const { index } of transaction) results[index] = result;
      }),
    );
    return results;
  }
}
