import { Injectable } from '@nestjs/common';
import { TargetNetworkPolicy } from '../network-policy';
import { DeliveryTarget } from '../delivery-target.decorator';
import type { DeliveryOutcome, DeliveryRequest, DeliveryTargetHandler } from '../delivery-target.interface';
import { cosmosDbAccountOf, CosmosDbConfig, DEFAULT_COSMOS_DB_DATABASE } from './cosmos-db-config';
import { CosmosDbConnection } from './cosmos-db-connection';
import { cosmosDbFailure, isMissingContainer } from './cosmos-db-error';
import { assertFitsInOneItem, toCosmosDbItem } from './cosmos-db-item';

/**
 * `DeliveryTargets.CosmosDb`: each message upserted as one item of the `TrackingEvents` container
 * (see `CosmosDbItem`), its ID the delivery ID, so that retries and replays leave one item.
 */
@DeliveryTarget('CosmosDb')
@Injectable()
export class CosmosDbTarget implements DeliveryTargetHandler<CosmosDbConfig, CosmosDbConnection> {
  readonly configModel = CosmosDbConfig;
  readonly requiredPackages = ['@azure/cosmos'];

  constructor(private readonly networkPolicy: TargetNetworkPolicy) {}

  async openClient(config: CosmosDbConfig): Promise<CosmosDbConnection> {
    const { CosmosClient } = await import('@azure/cosmos');
    const account = cosmosDbAccountOf(config.ConnectionString);
    const cosmos = new CosmosClient({
      ...account,
      connectionPolicy: {
        // Writes go to the account endpoint, which Azure routes to the write region; discovering the
        // regions would only add the SDK's own retries of an unreachable endpoint (up to 120 of them).
        enableEndpointDiscovery: false,
        // The delivery queue retries, with backoff, the circuit breaker and a dead letter at the end.
        retryOptions: { maxRetryAttemptCount: 0, fixedRetryIntervalInMilliseconds: 0, maxWaitTimeInSeconds: 0 },
      },
      userAgentSuffix: 'nestjs-tracking-events',
    });
    return new CosmosDbConnection(cosmos, config.OverrideDatabaseName ?? DEFAULT_COSMOS_DB_DATABASE, new URL(account.endpoint).hostname);
  }

  async closeClient(connection: CosmosDbConnection): Promise<void> {
    connection.close();
  }

  async deliver({ message, client, deliveryId, signal }: DeliveryRequest<CosmosDbConfig, CosmosDbConnection>): Promise<DeliveryOutcome> {
    const item = toCosmosDbItem(message, deliveryId);
    assertFitsInOneItem(item);
    try {
      // The SDK resolves the account's name itself: it is resolved and checked right before each call.
      await this.networkPolicy.assertAllowed(client.endpointHost);
      const container = await client.containerFor(signal);
      const { statusCode } = await container.items.upsert(item, { abortSignal: signal });
      return { status: 'delivered', httpStatus: statusCode };
    } catch (error) {
      if (isMissingContainer(error)) client.forgetContainer();
      throw cosmosDbFailure(error, signal);
    }
  }
}
