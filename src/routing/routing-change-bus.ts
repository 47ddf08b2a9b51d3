import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import type { TrackingEventsModuleOptions } from '../options';
import { toRedisOptions } from '../queues/redis-connection';
import { TRACKING_EVENTS_LOGGER_CONTEXT } from '../tracking-events.constants';
import { TRACKING_EVENTS_OPTIONS } from '../tracking-events.tokens';
import { RoutingTable } from './routing-table';

/**
 * Tells every process that the admin configuration changed (Redis pub/sub), so that each drops
 * its routing snapshot: several API and worker processes share one Redis and one database.
 */
@Injectable()
export class RoutingChangeBus implements OnApplicationShutdown {
  private readonly logger = new Logger(TRACKING_EVENTS_LOGGER_CONTEXT);
  private publisher?: Redis;
  private subscriber?: Redis;
  private readonly channel: string;

  constructor(
    private readonly routingTable: RoutingTable,
    @Inject(TRACKING_EVENTS_OPTIONS) private readonly options: TrackingEventsModuleOptions,
  ) {
    this.channel = `${options.queuePrefix ?? 'bull'}:tracking-events:routing-changed`;
  }

  /** After an admin write: this process forgets at once, the others when the notice reaches them. */
  async announceChange(): Promise<void> {
    this.routingTable.invalidate();
    try {
      this.publisher ??= this.connect('publisher');
      await this.publisher.publish(this.channel, String(Date.now()));
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
    const subscriber = this.connect('listener');
    this.subscriber = subscriber;
    subscriber.on('message', () => this.routingTable.invalidate());
    // Whatever changed while the connection was down is unknown: start afresh.
    subscriber.on('ready', () => this.routingTable.invalidate());
    await subscriber.subscribe(this.channel);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.publisher, this.subscriber].map((connection) => connection?.quit().catch(() => undefined)));
  }

  private connect(role: string): Redis {
    const connection = new Redis({
      ...toRedisOptions(this.options.redis),
      maxRetriesPerRequest: 1,
      connectionName: `tracking-events-routing-${role}`,
    });
    connection.on('error', (error: Error) => this.logger.warn(`Configuration change ${role}: ${error.message}`));
    return connection;
  }
}
