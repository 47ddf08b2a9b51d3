import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis, { RedisOptions } from 'ioredis';
import type { TrackingEventsSettings } from '../options';
import { TRACKING_EVENTS_LOGGER_CONTEXT } from '../tracking-events.constants';
import { TRACKING_EVENTS_SETTINGS } from '../tracking-events.tokens';
import { closeRedisConnection } from './redis-connection';

/** Prefix of the library's own keys, beside its queues' keys (`<queuePrefix>:tracking-events`). */
export function libraryKeyPrefix(queuePrefix: string): string {
  return `${queuePrefix}:tracking-events`;
}

/**
 * The library's own Redis connection for what is not a queue (configuration change notices, circuit
 * breaker state), opened on first use. Its commands fail fast while Redis is away.
 */
@Injectable()
export class LibraryRedis implements OnApplicationShutdown {
  private readonly logger = new Logger(TRACKING_EVENTS_LOGGER_CONTEXT);
  private connection?: Redis;
  readonly keyPrefix: string;

  constructor(@Inject(TRACKING_EVENTS_SETTINGS) private readonly settings: TrackingEventsSettings) {
    this.keyPrefix = libraryKeyPrefix(settings.queuePrefix);
  }

  get client(): Redis {
    this.connection ??= this.open('commands');
    return this.connection;
  }

  /** A connection of its own (a subscriber, or a blocking reader, cannot share one). */
  open(role: string, overrides: RedisOptions = {}): Redis {
    const connection = new Redis({
      ...this.settings.redis,
      maxRetriesPerRequest: 1,
      connectionName: `tracking-events-${role}`,
      ...overrides,
    });
    connection.on('error', (error: Error) => this.logger.warn(`Redis (${role}): ${error.message}`));
    return connection;
  }

  async onApplicationShutdown(): Promise<void> {
    await closeRedisConnection(this.connection);
  }
}
