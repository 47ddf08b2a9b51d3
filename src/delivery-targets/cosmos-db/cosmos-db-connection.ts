// The types of the ESM build, which the target's dynamic import() loads.
import type { Container, CosmosClient } from '@azure/cosmos' with { 'resolution-mode': 'import' };
import { LazyResource } from '../../common/lazy-resource';
import { COSMOS_DB_CONTAINER, COSMOS_DB_PARTITION_KEY_PATH } from './cosmos-db-item';

/**
 * One DeliveryConfig's Cosmos DB client and its container. The database and the container are created
 * when missing, once per connection, and again after Cosmos DB reported them gone.
 */
export class CosmosDbConnection {
  private readonly container = new LazyResource((abortSignal?: AbortSignal) => this.createContainer(abortSignal));

  constructor(
    private readonly cosmos: CosmosClient,
    readonly databaseName: string,
    /** The account endpoint's host name. */
    readonly endpointHost: string,
  ) {}

  /** The container, created on first use; a failed creation is tried again by the next caller. */
  containerFor(signal: AbortSignal): Promise<Container> {
    return this.container.get(signal);
  }

  /** Cosmos DB answered that the database or container is gone: the next delivery creates them again. */
  forgetContainer(): void {
    this.container.forget();
  }

  close(): void {
    this.cosmos.dispose();
  }

  private async createContainer(abortSignal?: AbortSignal): Promise<Container> {
    const { database } = await this.cosmos.databases.createIfNotExists({ id: this.databaseName }, { abortSignal });
    const { container } = await database.containers.createIfNotExists(
      { id: COSMOS_DB_CONTAINER, partitionKey: { paths: [COSMOS_DB_PARTITION_KEY_PATH] } },
      { abortSignal },
    );
    return container;
  }
}
