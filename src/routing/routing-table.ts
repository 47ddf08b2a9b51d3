import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LazyResource } from '../common/lazy-resource';
import type { TrackingEventType } from '../common/tracking-event-type';
import { DeliveryConfigEntity, TrackingEventEntity } from '../entities';
import { DeliveryTargetSecrets, SecretDecryptionError } from '../secret-encryption';
import { TRACKING_EVENTS_DATA_SOURCE } from '../tracking-events.tokens';

/** Where one captured event goes for one TrackingEvent: the targets of its enabled DeliveryConfig. */
export interface Route {
  trackingEventId: string;
  deliveryConfigId: string;
  targetTypes: string[];
}

/** The admin configuration as read at one moment, looked up without a query or an await. */
export class RoutingSnapshot {
  constructor(
    private readonly routes: Map<string, Route[]>,
    private readonly deliveryConfigs: Map<string, DeliveryConfigEntity>,
    private readonly trackingEvents: Map<string, TrackingEventEntity>,
    private readonly unreadableSecrets: Map<string, SecretDecryptionError> = new Map(),
    /** When its read began, by this process's clock: every change committed before then is in it. */
    readonly readAt = Date.now(),
  ) {}

  /** The routes of an API client's event type; only DeliveryConfigs that are enabled. */
  routesFor(clientId: string, eventType: TrackingEventType): Route[] {
    return this.routes.get(pairKey(clientId, eventType)) ?? [];
  }

  /** The DeliveryConfig with its secrets decrypted (see `unreadableSecret` for those that could not be). */
  deliveryConfig(id: string): DeliveryConfigEntity | undefined {
    return this.deliveryConfigs.get(id);
  }

  /** Why a target of a DeliveryConfig cannot be delivered to: one of its secrets cannot be decrypted. */
  unreadableSecret(deliveryConfigId: string, targetType: string): SecretDecryptionError | undefined {
    return this.unreadableSecrets.get(pairKey(deliveryConfigId, targetType));
  }

  trackingEvent(id: string): TrackingEventEntity | undefined {
    return this.trackingEvents.get(id);
  }
}

/** How long a snapshot serves at most, should a change notice be missed (e.g. while Redis was away). */
export const ROUTING_SNAPSHOT_MAX_AGE_MS = 30_000;

/**
 * The admin configuration in memory, so that routing an event costs no query. Every write through
 * the admin API invalidates it in every process (RoutingChangeBus); it also expires on its own.
 */
@Injectable()
export class RoutingTable {
  private readonly current = new LazyResource((_signal, begunAt) => this.load(begunAt), ROUTING_SNAPSHOT_MAX_AGE_MS);

  constructor(
    @Inject(TRACKING_EVENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly secrets: DeliveryTargetSecrets,
  ) {}

  /**
   * The configuration to route or deliver with: read once and shared until invalidated or expired, so
   * that a batch looks up all its events with one await.
   */
  snapshot(): Promise<RoutingSnapshot> {
    // A failed read is not kept: the next lookup tries again.
    return this.current.get();
  }

  /**
   * A snapshot whose read began at `since` (this process's clock) or later: the one in hand if it is
   * recent enough (or being read), else a new read, which the lookups after it share.
   */
  snapshotReadSince(since: number): Promise<RoutingSnapshot> {
    return this.current.getMadeSince(since);
  }

  /** Forgets the snapshot; the next lookup reads the configuration again. */
  invalidate(): void {
    this.current.forget();
  }

  private async load(readAt: number): Promise<RoutingSnapshot> {
    const [configs, events] = await Promise.all([
      this.dataSource.getRepository(DeliveryConfigEntity).find(),
      this.dataSource.getRepository(TrackingEventEntity).find({ order: { id: 'ASC' } }),
    ]);
    const unreadableSecrets = new Map<string, SecretDecryptionError>();
    for (const config of configs) {
      const { targets, unreadable } = this.secrets.open(config.deliveryTargets);
      config.deliveryTargets = targets;
      for (const [targetType, error] of unreadable) unreadableSecrets.set(pairKey(config.id, targetType), error);
    }
    const deliveryConfigs = new Map(configs.map((config) => [config.id, config]));
    const routes = new Map<string, Route[]>();
    for (const event of events) {
      const config = deliveryConfigs.get(event.deliveryConfigId);
      if (!config || config.enabled === false) continue;
      const key = pairKey(event.clientId, event.eventType);
      const route = { trackingEventId: event.id, deliveryConfigId: config.id, targetTypes: Object.keys(config.deliveryTargets) };
      routes.set(key, [...(routes.get(key) ?? []), route]);
    }
    return new RoutingSnapshot(routes, deliveryConfigs, new Map(events.map((event) => [event.id, event])), unreadableSecrets, readAt);
  }
}

/** A map key of two IDs: an API client's event type, or a DeliveryConfig's target. */
function pairKey(first: string, second: string): string {
  return `${first}\u0000${second}`;
}
