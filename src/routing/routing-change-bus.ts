import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { LibraryRedis } from '../redis/library-redis';
import type { RedisClient } from '../redis/redis-clients';
import { closeRedisConnection } from '../redis/redis-connection';
import { TRACKING_EVENTS_LOGGER_CONTEXT } from '../tracking-events.constants';
import { RoutingTable } from './routing-table';

/**
 * Tells every process that the admin configuration changed (Redis pub/sub), so that each drops
 * its routing snapshot: several API and worker processes share one Redis and one database.
 */
@Injectable()
export class RoutingChangeBus implements OnApplicationShutdown {
  private readonly logger = new Logger(TRACKING_EVENTS_LOGGER_CONTEXT);
  private subscriber?: RedisClient;
  private readonly channel: string;

  constructor(
    private readonly routingTable: RoutingTable,
    private readonly redis: LibraryRedis,
  ) {
    this.channel = `${redis.keyPrefix}:routing-changed`;
  }

  /** After an admin write: this process forgets at once, the others when the notice reaches them. */
  async announceChange(): Promise<void> {
    this.routingTable.invalidate();
    try {
      await this.redis.client.publish(this.channel, String(Date.now()));
    } catch (error) {
      // The others still refresh within the snapshot's maximum age.
      this.logger.warn(`Could not announce a configuration change to other processes: ${(error as Error).message}`);
    }
  }

  /** Runs an admin write, then announces it once it has been committed. */
  async after<T>(write: Promise<T>): Promise<T> {
    const result = await write;
    await this.announceChange();
    return result;
  }

  /** Listens for changes made in other processes. */
  async listen(): Promise<void> {
    if (this.subscriber) return;
    const subscriber = this.redis.open('routing-listener');
    this.subscriber = subscriber;
    subscriber.on('message', () => this.routingTable.invalidate());
    // Whatever changed while the connection was down is unknown: start afresh.
    subscriber.on('ready', () => this.routingTable.invalidate());
    await subscriber.subscribe(this.channel);
  }

  async onApplicationShutdown(): Promise<void> {
    await closeRedisConnection(this.subscriber);
  }
}
