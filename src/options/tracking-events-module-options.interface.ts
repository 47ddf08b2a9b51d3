import type { IncomingMessage } from 'node:http';
import type { TrackingEventsCaller } from './tracking-events-caller.interface';

type MaybePromise<T> = T | Promise<T>;

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
}
