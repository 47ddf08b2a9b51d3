import type { Type } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { TrackingContext } from '../capture/tracking-context';
import type { DeliveryTargetHandler } from '../delivery-targets/delivery-target.interface';
import type { CommerceDataProvider } from '../hydration/commerce-data-provider.interface';
import type { TrackingEventsCaller } from './tracking-events-caller.interface';

type MaybePromise<T> = T | Promise<T>;

/** Where the queues live: a `redis://` URL or ioredis connection options. @publicApi */
export type RedisConnection =
  string | { host?: string; port?: number; db?: number; username?: string; password?: string; tls?: object; [option: string]: unknown };

/** Retry and throughput settings of one target type's queue. @publicApi */
export interface DeliveryPolicy {
  /** Tries in all, the first one included. */
  attempts?: number;
  /** Delay before the first retry; each later one doubles it, with jitter. */
  backoffMs?: number;
  /** Longest a single attempt may take. */
  timeoutMs?: number;
  /** Deliveries in flight at once per worker process. */
  concurrency?: number;
}

/**
 * Options of `TrackingEventsModule.forRoot()` / `forRootAsync()`: what only the host can know.
 * @publicApi
 */
export interface TrackingEventsModuleOptions {
  /**
   * Reads the caller of an admin API request, usually by verifying its bearer token. Return `null`
   * (or throw) when the request carries no valid credentials: the API then answers 401.
   */
  resolveCaller: (request: IncomingMessage) => MaybePromise<TrackingEventsCaller | null | undefined>;
  /** Tells whether an API client ID exists; TrackingEvents may only name existing clients. */
  apiClientExists: (clientId: string) => MaybePromise<boolean>;
  /**
   * Reads the tracking context (API client, user or anonymous shopper, language, currency) of the
   * request during which an event is captured; `request` is undefined outside HTTP requests. Return
   * `null` to leave the event untracked.
   */
  resolveContext: (request: IncomingMessage | undefined) => MaybePromise<TrackingContext | null | undefined>;
  /** Reads orders, line items and users from the host's store to hydrate messages. */
  commerceData: CommerceDataProvider;
  /** The Redis the queues live in. Default `redis://127.0.0.1:6379`. */
  redis?: RedisConnection;
  /** Prefix of every Redis key of the queues (BullMQ `prefix`). Default `bull`. */
  queuePrefix?: string;
  /** Delivery settings for every target type, and per target type (`{ Http: { attempts: 10 } }`). */
  delivery?: DeliveryPolicy & { targets?: Record<string, DeliveryPolicy> };
}

/**
 * Static settings of the module, accepted by both `forRoot()` and `forRootAsync()` because they
 * shape the module itself rather than its providers.
 * @publicApi
 */
export interface TrackingEventsModuleExtras {
  /** Register the module globally. Default `false`. */
  isGlobal?: boolean;
  /**
   * The host's TypeORM data source to store TrackingEvents and DeliveryConfigs in: the name or
   * options given to `TypeOrmModule.forRoot()`. Default: the host's default data source.
   */
  dataSource?: string;
  /** Mount the admin API controllers (`/integrations/...`). Default `true`. */
  adminApi?: boolean;
  /** Run the queue workers in this process. Default `true`; `false` for API-only processes. */
  workers?: boolean;
  /** Host-defined delivery targets, each a `@DeliveryTarget('Type')` class. */
  targets?: Type<DeliveryTargetHandler<object>>[];
  /** Add the queues to a Bull Board the host set up with `BullBoardModule.forRoot()`. Default `false`. */
  bullBoard?: boolean;
}
