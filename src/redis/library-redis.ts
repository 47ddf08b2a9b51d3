import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { RedisOptions as BullMqConnectionOptions } from 'bullmq';
import type { Cluster, RedisOptions } from 'ioredis';
import type { TrackingEventsSettings } from '../options';
import { TRACKING_EVENTS_LOGGER_CONTEXT } from '../tracking-events.constants';
import { TRACKING_EVENTS_SETTINGS } from '../tracking-events.tokens';
import { openRedis, type RedisClient } from './redis-clients';
import { closeRedisConnection } from './redis-connection';

/**
 * The library's own Redis connection for what is not a queue (configuration change notices, circuit
 * breaker state), opened on first use. Its commands fail fast while Redis is away. On a Redis Cluster
 * it also holds the cluster connections BullMQ's queues and workers share, and closes them last.
 */
@Injectable()
export class LibraryRedis implements OnApplicationShutdown {
  private readonly logger = new Logger(TRACKING_EVENTS_LOGGER_CONTEXT);
  private connection?: RedisClient;
  private readonly bullMqClusters: Cluster[] = [];
  readonly keyPrefix: string;

  constructor(@Inject(TRACKING_EVENTS_SETTINGS) private readonly settings: TrackingEventsSettings) {
    this.keyPrefix = settings.keys.libraryKeyPrefix;
  }

  get client(): RedisClient {
    this.connection ??= this.open('commands');
    return this.connection;
  }

  /** A connection of its own (a subscriber, or a blocking reader, cannot share one). */
  open(role: string, overrides: RedisOptions = {}): RedisClient {
    const connection = openRedis(this.settings.redis, { maxRetriesPerRequest: 1, connectionName: `tracking-events-${role}`, ...overrides });
    connection.on('error', (error: Error) => this.logger.warn(`Redis (${role}): ${error.message}`));
    return connection;
  }

  /**
   * BullMQ's `connection` for queues or workers: connection options, from which BullMQ opens its own
   * connections, on a single Redis; a cluster connection they share on a Redis Cluster (BullMQ cannot
   * open one from options), closed at shutdown once they are.
   */
  bullMqConnection(role: string, overrides: RedisOptions): BullMqConnectionOptions | Cluster {
    const { redis } = this.settings;
    if (redis.cluster === null) return { ...redis.options, ...overrides } as BullMqConnectionOptions;
    const cluster = this.open(role, overrides) as Cluster;
    this.bullMqClusters.push(cluster);
    return cluster;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.connection, ...this.bullMqClusters].map((connection) => closeRedisConnection(connection)));
  }
}
