import { definedOnly } from '../common/defined-only';
import type { KafkaSettings } from '../delivery-targets/kafka/kafka-settings';
import type { MessageNamespaceFamily } from '../messages/tracking-message';
import { deliveryPolicyFor, type ResolvedDeliveryPolicy } from './delivery-policy';
import { RedisSettings, toRedisSettings } from './redis-option';
import { RedisKeyLayout, redisKeyLayout } from './redis-key-layout';
import type {
  CircuitBreakerSettings,
  DashboardSettings,
  DeliveryLogSettings,
  FieldPolicy,
  HealthSettings,
  JobRetentionSettings,
  MetricsSettings,
  NetworkPolicySettings,
  PrometheusRegistry,
  ReliabilitySettings,
  SecretEncryptionSettings,
  TrackingEventsModuleExtras,
  TrackingEventsModuleOptions,
  YieldToRequestsSettings,
} from './tracking-events-module-options.interface';
import { validateTrackingEventsOptions } from './validate-tracking-events-options';

/**
 * The module's settings as every part of it reads them: the host's options, checked, with every
 * default filled in. Nothing outside this file has a default of its own.
 */
export interface TrackingEventsSettings extends Pick<
  TrackingEventsModuleOptions,
  'resolveCaller' | 'apiClientExists' | 'resolveContext' | 'commerceData'
> {
  enabled: boolean;
  /** The Redis (one server or a cluster) of every connection the library opens. */
  redis: RedisSettings;
  queuePrefix: string;
  /** The names of the queues and of the library's own keys in Redis. */
  keys: RedisKeyLayout;
  /** How each target type's queue retries and how much it does at once. */
  delivery: { policyFor(targetType: string): ResolvedDeliveryPolicy };
  reliability: Required<ReliabilitySettings>;
  circuitBreaker: Required<CircuitBreakerSettings>;
  yieldToRequests: Required<YieldToRequestsSettings>;
  deliveryLog: Required<DeliveryLogSettings>;
  jobRetention: Required<JobRetentionSettings>;
  messageNamespaces: MessageNamespaceFamily;
  kafka: Required<KafkaSettings>;
  networkPolicy: Required<NetworkPolicySettings>;
  /** `null` when the host gave no keys: secrets are then stored as given. */
  secretEncryption: Required<SecretEncryptionSettings> | null;
  privacy: { fieldPolicy: Record<string, Required<FieldPolicy>> };
  health: Required<HealthSettings>;
  /** `registry` null: prom-client's default registry. */
  metrics: Required<Omit<MetricsSettings, 'registry'>> & { registry: PrometheusRegistry | null };
  /** `null` when the dashboard is off. */
  dashboard: ResolvedDashboardSettings | null;
}

/** The dashboard's settings; `apiBaseUrl` null: the app's global prefix, known once the app is set up. */
export interface ResolvedDashboardSettings {
  path: string;
  apiBaseUrl: string | null;
  signIn: Required<DashboardSettings>['signIn'] | null;
  bullBoardUrl: string | null;
  refreshSeconds: number;
}

/** The static settings of the module, with their defaults. */
export type TrackingEventsExtrasSettings = Required<Omit<TrackingEventsModuleExtras, 'dataSource'>> &
  Pick<TrackingEventsModuleExtras, 'dataSource'>;

/** The defaults of every option that has one (the delivery policy's are in delivery-policy.ts). */
export const TRACKING_EVENTS_DEFAULTS = {
  enabled: true,
  redis: 'redis://127.0.0.1:6379',
  queuePrefix: 'bull',
  reliability: {
    captureTimeoutMs: 1_000,
    outboxRelayIntervalMs: 1_000,
    lockDurationMs: 30_000,
    stalledIntervalMs: 30_000,
    // BullMQ's default, 1, fails a job the first time its worker dies.
    maxStalledCount: 5,
    shutdownGraceMs: 15_000,
  },
  circuitBreaker: { failureThreshold: 10, cooldownMs: 60_000, maxCooldownMs: 30 * 60_000 },
  yieldToRequests: { enabled: true, busyUtilization: 0.9, maxHoldBackMs: 60_000 },
  deliveryLog: { retentionDays: 14 },
  jobRetention: { completedMs: 3_600_000, failedMs: 30 * 24 * 3_600_000 },
  messageNamespaces: 'ordercloud',
  kafka: { securityProtocol: 'SASL_SSL', saslMechanism: 'plain' },
  networkPolicy: { allowPrivateNetworks: false, allowedHosts: [], echoResponseBodies: false },
  health: { maxCaptureLagMs: 300_000, maxOutboxRows: 10_000, maxOpenCircuits: null, maxDeadLettersLastHour: null, timeoutMs: 3_000 },
  metrics: { enabled: false, registry: null, prefix: 'tracking_events_' },
  dashboard: { path: '/admin/tracking', apiBaseUrl: null, signIn: null, bullBoardUrl: null, refreshSeconds: 5 },
  extras: { isGlobal: false, dataSource: undefined, adminApi: true, workers: true, targets: [], bullBoard: false },
} as const satisfies {
  reliability: Required<ReliabilitySettings>;
  circuitBreaker: Required<CircuitBreakerSettings>;
  yieldToRequests: Required<YieldToRequestsSettings>;
  deliveryLog: Required<DeliveryLogSettings>;
  jobRetention: Required<JobRetentionSettings>;
  kafka: Required<KafkaSettings>;
  networkPolicy: Required<NetworkPolicySettings>;
  health: Required<HealthSettings>;
  metrics: TrackingEventsSettings['metrics'];
  dashboard: ResolvedDashboardSettings;
  extras: TrackingEventsExtrasSettings;
  [setting: string]: unknown;
};

/**
 * Checks the host's options (a mistake stops the boot with the option's path and the fix) and fills
 * in the defaults.
 */
export function resolveTrackingEventsSettings(given: unknown): TrackingEventsSettings {
  const options = validateTrackingEventsOptions(given);
  const redis = toRedisSettings(options.redis ?? TRACKING_EVENTS_DEFAULTS.redis);
  const queuePrefix = options.queuePrefix ?? TRACKING_EVENTS_DEFAULTS.queuePrefix;
  const policies = new Map<string, ResolvedDeliveryPolicy>();
  return {
    resolveCaller: options.resolveCaller,
    apiClientExists: options.apiClientExists,
    resolveContext: options.resolveContext,
    commerceData: options.commerceData,
    enabled: options.enabled ?? TRACKING_EVENTS_DEFAULTS.enabled,
    redis,
    queuePrefix,
    keys: redisKeyLayout(queuePrefix, redis.cluster !== null),
    delivery: {
      policyFor: (targetType) => {
        let policy = policies.get(targetType);
        if (!policy) policies.set(targetType, (policy = deliveryPolicyFor(options, targetType)));
        return policy;
      },
    },
    reliability: { ...TRACKING_EVENTS_DEFAULTS.reliability, ...definedOnly(options.reliability) },
    circuitBreaker: { ...TRACKING_EVENTS_DEFAULTS.circuitBreaker, ...definedOnly(options.circuitBreaker) },
    yieldToRequests: { ...TRACKING_EVENTS_DEFAULTS.yieldToRequests, ...definedOnly(options.yieldToRequests) },
    deliveryLog: { ...TRACKING_EVENTS_DEFAULTS.deliveryLog, ...definedOnly(options.deliveryLog) },
    jobRetention: { ...TRACKING_EVENTS_DEFAULTS.jobRetention, ...definedOnly(options.jobRetention) },
    messageNamespaces: options.messageNamespaces ?? TRACKING_EVENTS_DEFAULTS.messageNamespaces,
    kafka: { ...TRACKING_EVENTS_DEFAULTS.kafka, ...definedOnly(options.kafka) },
    networkPolicy: {
      ...TRACKING_EVENTS_DEFAULTS.networkPolicy,
      ...definedOnly(options.networkPolicy),
      allowedHosts: [...(options.networkPolicy?.allowedHosts ?? TRACKING_EVENTS_DEFAULTS.networkPolicy.allowedHosts)],
    },
    secretEncryption: options.secretEncryption ? secretEncryptionOf(options.secretEncryption) : null,
    privacy: {
      fieldPolicy: Object.fromEntries(
        Object.entries(options.privacy?.fieldPolicy ?? {}).map(([targetType, policy]) => [
          targetType,
          { drop: [...(policy.drop ?? [])], hash: [...(policy.hash ?? [])] },
        ]),
      ),
    },
    health: { ...TRACKING_EVENTS_DEFAULTS.health, ...definedOnly(options.health) },
    metrics: { ...TRACKING_EVENTS_DEFAULTS.metrics, ...definedOnly(options.metrics) },
    dashboard: options.dashboard?.enabled ? dashboardOf(options.dashboard) : null,
  };
}

function dashboardOf({ enabled: _enabled, signIn, ...given }: DashboardSettings): ResolvedDashboardSettings {
  return { ...TRACKING_EVENTS_DEFAULTS.dashboard, ...definedOnly(given), signIn: signIn ? { ...signIn } : null };
}

/** The validation made sure that a keyring of several keys names its active one. */
function secretEncryptionOf(given: SecretEncryptionSettings): Required<SecretEncryptionSettings> {
  return { keys: { ...given.keys }, activeKeyId: given.activeKeyId ?? Object.keys(given.keys)[0] };
}

/** The static settings given to `forRoot()` / `forRootAsync()`, with their defaults. */
export function resolveTrackingEventsExtras(given: TrackingEventsModuleExtras): TrackingEventsExtrasSettings {
  return { ...TRACKING_EVENTS_DEFAULTS.extras, targets: [], ...definedOnly(given) };
}
