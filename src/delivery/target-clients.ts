import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import { resolvesWithin } from '../common/resolves-within';
import type { DeliveryTargetHandler } from '../delivery-targets';
import { ROUTING_SNAPSHOT_MAX_AGE_MS, RoutingSnapshot, RoutingTable } from '../routing/routing-table';
import type { TrackingEventsSettings } from '../options';
import { TRACKING_EVENTS_LOGGER_CONTEXT } from '../tracking-events.constants';
import { TRACKING_EVENTS_SETTINGS } from '../tracking-events.tokens';
import { settledOrGivenUp } from './attempt-deadlines';

/** The client of one DeliveryConfig's target, and the deliveries using it now. */
interface OpenClient {
  handler: DeliveryTargetHandler<object, unknown>;
  /** The configuration it was opened with: another one opens another client. */
  config: object;
  client: Promise<unknown>;
  leases: number;
  retired: boolean;
}

/**
 * The clients of the targets that hold one (a producer, a connection): opened at a DeliveryConfig's
 * first delivery to the target, reused by the next, and closed once no delivery uses them when the
 * target's configuration changes (at its next delivery), when it is removed or disabled (at the next
 * delivery to the target type, or within the routing table's refresh interval), and at shutdown.
 */
@Injectable()
export class TargetClients implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TRACKING_EVENTS_LOGGER_CONTEXT);
  private readonly clients = new Map<string, OpenClient>();
  private sweeper?: NodeJS.Timeout;
  /** The configuration last checked: each attempt hands it in, but it changes only when it is read again. */
  private checked?: RoutingSnapshot;

  constructor(
    private readonly routingTable: RoutingTable,
    @Inject(TRACKING_EVENTS_SETTINGS) private readonly settings: TrackingEventsSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.sweeper = setInterval(() => void this.closeUnconfigured(), ROUTING_SNAPSHOT_MAX_AGE_MS).unref();
  }

  /**
   * Runs `use` with the client of this DeliveryConfig's target (undefined for a target without clients);
   * the client is not closed before `use` settles.
   */
  async withClient<T>(
    targetType: string,
    handler: DeliveryTargetHandler<object, unknown>,
    deliveryConfigId: string,
    config: object,
    signal: AbortSignal,
    use: (client: unknown) => Promise<T>,
  ): Promise<T> {
    // An attempt that goes on past its signal is given up (settledOrGivenUp), and gives its lease back.
    if (!handler.openClient) return settledOrGivenUp(use(undefined), signal);
    const entry = this.clientFor(targetType, handler, deliveryConfigId, config);
    entry.leases++;
    try {
      return await settledOrGivenUp(entry.client.then(use), signal);
    } finally {
      entry.leases--;
      if (entry.retired && entry.leases === 0) void this.close(entry);
    }
  }

  /** Closes the clients of targets that the configuration no longer has. */
  retainConfigured(routing: RoutingSnapshot): void {
    if (routing === this.checked) return;
    this.checked = routing;
    for (const [key, entry] of this.clients) {
      const [deliveryConfigId, targetType] = key.split('\u0000');
      const config = routing.deliveryConfig(deliveryConfigId);
      if (!config?.enabled || !config.deliveryTargets[targetType]) this.retire(key, entry);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    const open = [...this.clients.values()];
    this.clients.clear();
    // The workers have stopped (beforeApplicationShutdown): no delivery uses a client any more.
    const graceMs = this.settings.reliability.shutdownGraceMs;
    if (!(await resolvesWithin(Promise.all(open.map((entry) => this.close(entry))), graceMs))) {
      this.logger.warn(`Delivery target clients still closing after ${graceMs} ms of shutdown were left open.`);
    }
  }

  private async closeUnconfigured(): Promise<void> {
    if (this.clients.size === 0) return;
    try {
      this.retainConfigured(await this.routingTable.snapshot());
    } catch {
      // The configuration cannot be read now: the clients stay until it can.
    }
  }

  private clientFor(targetType: string, handler: DeliveryTargetHandler<object, unknown>, deliveryConfigId: string, config: object) {
    const key = `${deliveryConfigId}\u0000${targetType}`;
    const current = this.clients.get(key);
    if (current && isDeepStrictEqual(current.config, config)) return current;
    if (current) this.retire(key, current);
    const client = Promise.resolve().then(() => handler.openClient!(config, deliveryConfigId));
    const entry: OpenClient = { handler, config, client, leases: 0, retired: false };
    this.clients.set(key, entry);
    // A client that failed to open is opened anew by the next delivery.
    client.catch(() => {
      if (this.clients.get(key) === entry) this.clients.delete(key);
    });
    return entry;
  }

  private retire(key: string, entry: OpenClient): void {
    this.clients.delete(key);
    entry.retired = true;
    if (entry.leases === 0) void this.close(entry);
  }

  private async close(entry: OpenClient): Promise<void> {
    try {
      const client = await entry.client;
      await entry.handler.closeClient?.(client);
    } catch (error) {
      this.logger.warn(`Could not close a delivery target's client: ${(error as Error).message}`);
    }
  }
}
