import type { Type } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { TrackingContext } from '../messages/tracking-context';
import type { DeliveryTargetHandler } from '../delivery-targets/delivery-target.interface';
import type { KafkaSettings } from '../delivery-targets/kafka/kafka-settings';
import type { CommerceDataProvider } from '../messages/commerce-data-provider.interface';
import type { MessageNamespaceFamily } from '../messages/tracking-message';
import type { TrackingEventsCaller } from './tracking-events-caller.interface';

type MaybePromise<T> = T | Promise<T>;

/**
 * Where the queues live: a `redis://` URL, ioredis connection options, or a Redis Cluster
 * (`{ cluster: { nodes, options } }`, what ioredis's `new Cluster(nodes, options)` takes). @publicApi
 */
export type RedisConnection = string | RedisNodeConnection | RedisClusterConnection;

/** ioredis connection options of one Redis server. @publicApi */
export type RedisNodeConnection = {
  host?: string;
  port?: number;
  db?: number;
  username?: string;
  password?: string;
  tls?: object;
  cluster?: never;
  [option: string]: unknown;
};

/**
 * A Redis Cluster: some of its nodes (`"host:port"` or `{ host, port }`; the others are discovered) and
 * ioredis's `ClusterOptions` (e.g. `{ redisOptions: { password }, dnsLookup }`). @publicApi
 */
export interface RedisClusterConnection {
  cluster: {
    nodes: Array<string | { host: string; port: number }>;
    options?: { redisOptions?: Record<string, unknown>; [option: string]: unknown };
  };
}

/** Retry and throughput settings of one target type's queue. @publicApi */
export interface DeliveryPolicy {
  /**
   * The wait before each retry, in milliseconds (±10% jitter): its length is the number of retries.
   * The default spans about 27.6 hours: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (Svix's schedule).
   */
  retryScheduleMs?: number[];
  /** Tries in all, the first one included, when retrying on an exponential backoff instead of a schedule. */
  attempts?: number;
  /** Exponential backoff instead of a schedule: the delay before the first retry; each later one doubles it, with jitter. */
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
  /**
   * Capture on (the default) or off. Off, decorated methods run untouched and `publish()` captures
   * nothing: a switch for an incident, or for measuring what tracking costs.
   */
  enabled?: boolean;
  /** The Redis the queues live in: one server or a Redis Cluster. Default `redis://127.0.0.1:6379`. */
  redis?: RedisConnection;
  /**
   * Prefix of every Redis key of the queues (BullMQ `prefix`). Default `bull`. On a Redis Cluster, a
   * hash tag in it (`{bull}`) keeps every queue in one slot; without one, each queue gets a slot of its own.
   */
  queuePrefix?: string;
  /** Delivery settings for every target type, and per target type (`{ Http: { attempts: 10 } }`). */
  delivery?: DeliveryPolicy & { targets?: Record<string, DeliveryPolicy> };
  /** How capture and the workers ride out Redis outages, crashes and restarts. */
  reliability?: ReliabilitySettings;
  /** Pauses a target that keeps failing. */
  circuitBreaker?: CircuitBreakerSettings;
  /** How workers that share a process with the API give way to its requests. */
  yieldToRequests?: YieldToRequestsSettings;
  /** The record of every delivery attempt. */
  deliveryLog?: DeliveryLogSettings;
  /** How long finished jobs stay in Redis, for inspection (Bull Board) and to make re-adding the same job a no-op. */
  jobRetention?: JobRetentionSettings;
  /**
   * How message namespaces are spelled, for every target: `ordercloud` (default,
   * `sitecore.ordercloud.messages.*`, as OrderCloud's delivery reference) or `backbone`
   * (`sitecore.backbone.messages.*`, as its tracking events product page).
   */
  messageNamespaces?: MessageNamespaceFamily;
  /** How the Kafka target connects to brokers (a DeliveryConfig gives only servers, topic and SASL credentials). */
  kafka?: KafkaSettings;
  /** Which addresses delivery targets may connect to. */
  networkPolicy?: NetworkPolicySettings;
  /** Encrypts the DeliveryConfigs' write-only secrets in the host database. */
  secretEncryption?: SecretEncryptionSettings;
  /** What of a user's data each target type receives. */
  privacy?: PrivacySettings;
  /** The thresholds of `TrackingEventsHealthIndicator` (needs `@nestjs/terminus`). */
  health?: HealthSettings;
  /** Prometheus metrics through `prom-client`. */
  metrics?: MetricsSettings;
  /** The delivery dashboard, a page served by this app; off unless set. */
  dashboard?: DashboardSettings;
}

/**
 * When `TrackingEventsHealthIndicator` reports the pipeline down. A limit given as `null` is not
 * checked (its reading is still reported).
 * @publicApi
 */
export interface HealthSettings {
  /** Oldest captured event not routed yet (capture stream and outbox), in milliseconds. Default 300000 (5 minutes). */
  maxCaptureLagMs?: number | null;
  /** Events waiting in the outbox table for Redis. Default 10000. */
  maxOutboxRows?: number | null;
  /** Targets paused by the circuit breaker. Default `null`: no limit. */
  maxOpenCircuits?: number | null;
  /** Deliveries that failed for good in the last hour. Default `null`: no limit. */
  maxDeadLettersLastHour?: number | null;
  /** Longest each reading may take; one that takes longer counts as down. Default 3000. */
  timeoutMs?: number;
}

/**
 * A prom-client `Registry` (`new Registry()` or prom-client's `register`), as far as the library uses it.
 * @publicApi
 */
export interface PrometheusRegistry {
  getSingleMetric(name: string): unknown;
  registerMetric(metric: object): void;
  metrics(): Promise<string>;
}

/** @publicApi */
export interface MetricsSettings {
  /** Register and update the metrics (needs `prom-client`). Default `false`. */
  enabled?: boolean;
  /** The registry the metrics are registered in. Default: prom-client's default registry (`register`). */
  registry?: PrometheusRegistry;
  /** The start of every metric's name. Default `tracking_events_`. */
  prefix?: string;
}

/**
 * The delivery dashboard: a page, served at `path`, that reads the admin API with an admin's bearer
 * token (FullAccess or DeliveryConfigAdmin). @publicApi
 */
export interface DashboardSettings {
  /** Serve the page. Default `false`. */
  enabled?: boolean;
  /** Where the page is served, outside any global prefix. Default `/admin/tracking`. */
  path?: string;
  /** The admin API's base, as the browser reaches it. Default: the app's global prefix (`/v1` gives `/v1`). */
  apiBaseUrl?: string;
  /**
   * A sign-in form for OrderCloud's password grant: the host's token endpoint and the API client an admin
   * signs in with. Without it, the page asks for an access token.
   */
  signIn?: { tokenUrl: string; clientId: string };
  /** Bull Board's base URL (e.g. `/admin/queues`), for links from a delivery attempt to its job. */
  bullBoardUrl?: string;
  /** How often the page refreshes itself, in seconds. Default 5. */
  refreshSeconds?: number;
}

/** @publicApi */
export interface NetworkPolicySettings {
  /**
   * Let targets connect to loopback and private addresses (127.0.0.0/8, ::1, 10.0.0.0/8, 172.16.0.0/12,
   * 192.168.0.0/16, 100.64.0.0/10, fc00::/7) and to `localhost`. Default `false`. Link-local and cloud
   * metadata addresses (169.254.0.0/16, fe80::/10, …) are refused whatever this says.
   */
  allowPrivateNetworks?: boolean;
  /**
   * When given, targets may connect only to these hosts: exact names (`hooks.example.com`), names under a
   * domain (`*.example.com`) or IP addresses. The address checks above apply to them too.
   */
  allowedHosts?: string[];
  /**
   * Show the start of a receiver's non-2xx answer in the delivery log and dead letters. Default `false`:
   * only the status is kept, so a target cannot be used to read another service's answers.
   */
  echoResponseBodies?: boolean;
}

/** @publicApi */
export interface SecretEncryptionSettings {
  /** The keyring: key ID → a 256-bit key, as 64 hex digits or 44 base64 characters. */
  keys: Record<string, string>;
  /** The key new secrets are encrypted with. Required when the keyring holds more than one key. */
  activeKeyId?: string;
}

/** @publicApi */
export interface PrivacySettings {
  /**
   * Per target type, the message fields to leave out or replace by their SHA-256 hash (hex) before
   * delivery, as paths inside the message's `Payload`: `{ Http: { drop: ['FirstName', 'LastName'], hash: ['Email'] } }`.
   */
  fieldPolicy?: Record<string, FieldPolicy>;
}

/** @publicApi */
export interface FieldPolicy {
  /** Fields removed from the message (`Email`, `UserContext.AnonymousId`). */
  drop?: string[];
  /** Fields replaced by the hex SHA-256 of their value (a string, or the JSON of any other value); null stays null. */
  hash?: string[];
}

/** @publicApi */
export interface ReliabilitySettings {
  /** Longest a capture waits for Redis before it keeps the event in the outbox table instead. Default 1000. */
  captureTimeoutMs?: number;
  /** How often the outbox is relayed to Redis. Default 1000. */
  outboxRelayIntervalMs?: number;
  /** How long a worker holds a job before another worker may take it over (BullMQ `lockDuration`). Default 30000. */
  lockDurationMs?: number;
  /** How often workers look for jobs whose worker died (BullMQ `stalledInterval`). Default 30000. */
  stalledIntervalMs?: number;
  /** How many times a job may be taken over from a dead worker before it fails (BullMQ `maxStalledCount`). Default 5. */
  maxStalledCount?: number;
  /** On shutdown, how long deliveries in flight may take to finish; later ones are left to another worker. Default 15000. */
  shutdownGraceMs?: number;
}

/**
 * Workers in a process that also serves HTTP requests hold deliveries back while the requests keep the
 * event loop busy, and catch up when it has room. Processes that serve no requests deliver at full speed.
 * @publicApi
 */
export interface YieldToRequestsSettings {
  /** Default `true`. */
  enabled?: boolean;
  /** The event loop's utilization (0.5 to 1) from which, with requests coming in, the loop counts as busy. Default 0.9. */
  busyUtilization?: number;
  /** The longest a delivery is held back, from when it was queued; it then goes out regardless. Default 60000. */
  maxHoldBackMs?: number;
}

/** @publicApi */
export interface DeliveryLogSettings {
  /** How long attempts are kept, in days; fractions are allowed (0.5 is twelve hours, one minute at least). Default 14. */
  retentionDays?: number;
}

/** @publicApi */
export interface JobRetentionSettings {
  /**
   * How long a job is kept after it succeeded. Within it, the same delivery or event added again is a no-op;
   * after it, it would go out again (with the same idempotency ID). At least 60000. Default 3600000 (an hour).
   */
  completedMs?: number;
  /** How long a job that failed for good is kept, with its last error (its dead letter stays in the database). Default 30 days. */
  failedMs?: number;
}

/** @publicApi */
export interface CircuitBreakerSettings {
  /** Failed attempts in a row that pause a target (one DeliveryConfig's target). Default 10. */
  failureThreshold?: number;
  /** How long a paused target waits before it is tried again; it doubles while it keeps failing. Default 60000. */
  cooldownMs?: number;
  /** The longest pause. Default 1800000 (30 minutes). */
  maxCooldownMs?: number;
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
  targets?: Type<DeliveryTargetHandler<object, unknown>>[];
  /**
   * Add the queues to a Bull Board the host set up with `BullBoardModule.forRoot()`. Default `false`.
   * `{ readOnly: true }` uses Bull Board's read-only mode: its API then refuses to add, retry, promote,
   * edit, clean or remove jobs, so a dashboard login cannot forge signed deliveries.
   */
  bullBoard?: boolean | { readOnly: boolean };
}
