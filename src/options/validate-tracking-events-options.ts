import { applyDecorators } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  ValidationError,
  ValidationOptions,
  getMetadataStorage,
  validateSync,
} from 'class-validator';
import { MESSAGE_NAMESPACE_FAMILIES, type MessageNamespaceFamily } from '../messages/tracking-message';
import { InvalidTrackingEventsOptionError } from './invalid-tracking-events-option.error';
import { KAFKA_SASL_MECHANISMS, KAFKA_SECURITY_PROTOCOLS, type KafkaSettings } from '../delivery-targets/kafka/kafka-settings';
import type {
  DashboardSettings,
  DeliveryPolicy,
  FieldPolicy,
  HealthSettings,
  MetricsSettings,
  NetworkPolicySettings,
  SecretEncryptionSettings,
  YieldToRequestsSettings,
  TrackingEventsModuleOptions,
} from './tracking-events-module-options.interface';

const FIX_CONTEXT = 'fix';

/** A check with the sentence a failing option gets ("must be …") and the fix shown at boot. */
function Check(
  name: string,
  validate: (value: unknown) => boolean,
  expected: string,
  fix: string,
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy({ name, validator: { validate, defaultMessage: () => expected } }, { ...options, context: { [FIX_CONTEXT]: fix } });
}

const isFunction = (value: unknown) => typeof value === 'function';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const hasClusterKey = (value: unknown) => isPlainObject(value) && 'cluster' in value;

/** `{ cluster: { nodes, options? } }`: its keys are checked here, ioredis's `ClusterOptions` (an open set) are not. */
function isRedisCluster(value: unknown): boolean {
  if (!isPlainObject(value) || Object.keys(value).length !== 1 || !isPlainObject(value.cluster)) return false;
  const { nodes, options, ...unknown } = value.cluster;
  if (Object.keys(unknown).length > 0 || (options !== undefined && !isPlainObject(options))) return false;
  return Array.isArray(nodes) && nodes.length > 0 && nodes.every(isClusterNode);
}

function isClusterNode(node: unknown): boolean {
  if (typeof node === 'string') return /^[^\s:]+:\d{1,5}$/.test(node);
  if (!isPlainObject(node)) return false;
  const { host, port, ...unknown } = node;
  return Object.keys(unknown).length === 0 && typeof host === 'string' && host !== '' && Number.isInteger(port);
}
const COMMERCE_METHODS = ['getOrder', 'listLineItems', 'getUser'];

function Millis(options: { min?: number; max?: number } = {}): PropertyDecorator {
  const rules = [
    IsOptional(),
    IsInt({ message: 'must be a whole number of milliseconds' }),
    Min(options.min ?? 0, { message: `must be at least ${options.min ?? 0} ms` }),
  ];
  if (options.max !== undefined) rules.push(Max(options.max, { message: `must be at most ${options.max} ms` }));
  return applyDecorators(...rules);
}

function Count(min: number, max: number): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    IsInt({ message: 'must be a whole number' }),
    Min(min, { message: `must be at least ${min}` }),
    Max(max, { message: `must be at most ${max}` }),
  );
}

class DeliveryPolicySchema implements DeliveryPolicy {
  @IsOptional()
  @IsArray({ message: 'must be an array of delays in milliseconds' })
  @ArrayMaxSize(100, { message: 'must have at most 100 retries' })
  @IsInt({ each: true, message: 'must contain whole numbers of milliseconds' })
  @Min(0, { each: true, message: 'must not contain negative delays' })
  retryScheduleMs?: number[];

  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  @Max(100, { message: 'must be at most 100' })
  attempts?: number;

  @IsOptional()
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(0, { message: 'must not be negative' })
  backoffMs?: number;

  @IsOptional()
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(100, { message: 'must be at least 100 ms' })
  @Max(300_000, { message: 'must be at most 300000 ms (5 minutes)' })
  timeoutMs?: number;

  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  @Max(1000, { message: 'must be at most 1000' })
  concurrency?: number;
}

class ReliabilitySchema {
  @Millis({ min: 10, max: 60_000 }) captureTimeoutMs?: number;
  @Millis({ min: 10, max: 3_600_000 }) outboxRelayIntervalMs?: number;
  @Millis({ min: 500 }) lockDurationMs?: number;
  @Millis({ min: 500 }) stalledIntervalMs?: number;
  @Count(1, 1000) maxStalledCount?: number;
  @Millis({ min: 0 }) shutdownGraceMs?: number;
}

class CircuitBreakerSchema {
  @Count(1, 100_000) failureThreshold?: number;
  @Millis({ min: 100 }) cooldownMs?: number;
  @Millis({ min: 100 }) maxCooldownMs?: number;
}

class YieldToRequestsSchema implements YieldToRequestsSettings {
  @IsOptional()
  @IsBoolean({ message: 'must be true or false', context: { [FIX_CONTEXT]: 'e.g. `yieldToRequests: { enabled: false }`.' } })
  enabled?: boolean;

  @IsOptional()
  @Check(
    'isUtilization',
    (value) => typeof value === 'number' && value >= 0.5 && value <= 1,
    'must be a number from 0.5 to 1',
    'e.g. `busyUtilization: 0.8` to give way earlier.',
  )
  busyUtilization?: number;

  @Millis({ min: 0 }) maxHoldBackMs?: number;
}

const MINUTE_IN_DAYS = 1 / 1440;

class DeliveryLogSchema {
  @IsOptional()
  @Check(
    'isRetentionDays',
    (value) => typeof value === 'number' && value >= MINUTE_IN_DAYS && value <= 3650,
    'must be a number of days from one minute (0.0007) to 3650',
    'e.g. `retentionDays: 7`, or `retentionDays: 0.25` for six hours.',
  )
  retentionDays?: number;
}

class JobRetentionSchema {
  @Millis({ min: 60_000 }) completedMs?: number;
  @Millis({ min: 60_000 }) failedMs?: number;
}

class KafkaSchema implements KafkaSettings {
  @IsOptional()
  @IsIn(KAFKA_SECURITY_PROTOCOLS, {
    message: `must be one of ${KAFKA_SECURITY_PROTOCOLS.join(', ')}`,
    context: { [FIX_CONTEXT]: 'e.g. `kafka: { securityProtocol: "PLAINTEXT" }` for a local development broker.' },
  })
  securityProtocol?: KafkaSettings['securityProtocol'];

  @IsOptional()
  @IsIn(KAFKA_SASL_MECHANISMS, { message: `must be one of ${KAFKA_SASL_MECHANISMS.join(', ')}` })
  saslMechanism?: KafkaSettings['saslMechanism'];
}

const HOST_PATTERN =
  /^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^\[?[0-9A-Fa-f:.]+\]?$/;

class NetworkPolicySchema implements NetworkPolicySettings {
  @IsOptional()
  @IsBoolean({
    message: 'must be true or false',
    context: { [FIX_CONTEXT]: 'e.g. `networkPolicy: { allowPrivateNetworks: process.env.NODE_ENV !== "production" }`.' },
  })
  allowPrivateNetworks?: boolean;

  @IsOptional()
  @Check(
    'isHostList',
    (value) => Array.isArray(value) && value.length <= 1000 && value.every((host) => typeof host === 'string' && HOST_PATTERN.test(host)),
    'must be an array of host names, *.domain patterns or IP addresses',
    'e.g. `allowedHosts: ["hooks.example.com", "*.sitecorecloud.io"]`.',
  )
  allowedHosts?: string[];

  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  echoResponseBodies?: boolean;
}

const KEY_ID_PATTERN = /^[A-Za-z0-9_.-]{1,32}$/;
const isEncryptionKey = (key: unknown) => typeof key === 'string' && (/^[0-9a-fA-F]{64}$/.test(key) || /^[A-Za-z0-9+/]{43}=$/.test(key));

class SecretEncryptionSchema implements SecretEncryptionSettings {
  @Check(
    'isKeyring',
    (value) =>
      isRecordOf(value, isEncryptionKey) &&
      Object.keys(value as object).length > 0 &&
      Object.keys(value as object).every((id) => KEY_ID_PATTERN.test(id)),
    'must map key IDs (1 to 32 letters, digits, ., - or _) to 256-bit keys, each 64 hex digits or 44 base64 characters',
    'e.g. `keys: { k2026: process.env.TRACKING_SECRETS_KEY }`, a key made with `openssl rand -base64 32`.',
  )
  keys: Record<string, string>;

  @Check(
    'isActiveKeyId',
    (value) => value === undefined || (typeof value === 'string' && KEY_ID_PATTERN.test(value)),
    'must be the ID of a key of the keyring',
    'name the key new secrets are encrypted with, e.g. `activeKeyId: "k2026"`.',
  )
  activeKeyId?: string;
}

const FIELD_PATH_PATTERN = /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$/;
const FORBIDDEN_PATH_SEGMENTS = ['__proto__', 'constructor', 'prototype'];
const isFieldPathList = (value: unknown) =>
  Array.isArray(value) &&
  value.every(
    (path) =>
      typeof path === 'string' &&
      FIELD_PATH_PATTERN.test(path) &&
      !path.split('.').some((segment) => FORBIDDEN_PATH_SEGMENTS.includes(segment)),
  );

class FieldPolicySchema implements FieldPolicy {
  @IsOptional()
  @Check(
    'isFieldPathList',
    isFieldPathList,
    'must be an array of field paths inside the Payload',
    'e.g. `drop: ["FirstName", "UserContext.AnonymousId"]`.',
  )
  drop?: string[];

  @IsOptional()
  @Check('isFieldPathList', isFieldPathList, 'must be an array of field paths inside the Payload', 'e.g. `hash: ["Email"]`.')
  hash?: string[];
}

class PrivacySchema {
  @IsOptional()
  @Check(
    'isFieldPolicyMap',
    (value) => isRecordOf(value, (policy) => policy !== null && typeof policy === 'object' && !Array.isArray(policy)),
    'must map target types to field policies',
    'e.g. `fieldPolicy: { Http: { hash: ["Email"] } }`.',
  )
  fieldPolicy?: Record<string, FieldPolicy>;
}

/** A limit of the health check: `null` turns it off. */
function Limit(unit: string): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    IsInt({ message: `must be a whole number${unit}, or null for no limit` }),
    Min(0, { message: 'must not be negative' }),
  );
}

class HealthSchema implements HealthSettings {
  @Limit(' of milliseconds') maxCaptureLagMs?: number | null;
  @Limit('') maxOutboxRows?: number | null;
  @Limit('') maxOpenCircuits?: number | null;
  @Limit('') maxDeadLettersLastHour?: number | null;

  // Unlike the limits, it cannot be null.
  @ValidateIf((_, value) => value !== undefined)
  @Max(60_000, { message: 'must be at most 60000 ms' })
  @Min(100, { message: 'must be at least 100 ms' })
  @IsInt({ message: 'must be a whole number of milliseconds' })
  timeoutMs?: number;
}

class MetricsSchema implements MetricsSettings {
  @IsOptional()
  @IsBoolean({ message: 'must be true or false', context: { [FIX_CONTEXT]: 'e.g. `metrics: { enabled: true }`.' } })
  enabled?: boolean;

  @IsOptional()
  @Check(
    'isPrometheusRegistry',
    (value) => isObject(value) && ['getSingleMetric', 'registerMetric', 'metrics'].every((method) => isFunction((value as never)[method])),
    'must be a prom-client Registry',
    "pass the registry your /metrics endpoint serves, e.g. `registry: new Registry()` from prom-client, or leave it out for prom-client's default one.",
  )
  registry?: MetricsSettings['registry'];

  @IsOptional()
  @Matches(/^([A-Za-z_][A-Za-z0-9_]*)?$/, {
    message: 'must be letters, digits and _, not starting with a digit',
    context: { [FIX_CONTEXT]: 'e.g. `prefix: "shop_tracking_"`.' },
  })
  prefix?: string;
}

/** A same-origin path (`/v1`) or an http(s) URL, without a query or fragment. */
const isBaseUrl = (value: unknown) =>
  typeof value === 'string' && /^(\/|https?:\/\/[^/\s?#]+(\/|$))[^\s?#]*$/.test(value) && !value.startsWith('//');

class DashboardSchema implements DashboardSettings {
  @IsOptional()
  @IsBoolean({ message: 'must be true or false', context: { [FIX_CONTEXT]: 'e.g. `dashboard: { enabled: true }`.' } })
  enabled?: boolean;

  @IsOptional()
  @Matches(/^(\/[A-Za-z0-9._~-]+)+$/, {
    message: 'must be a path such as /admin/tracking: segments of letters, digits, ., _, ~ or -, no trailing slash',
    context: { [FIX_CONTEXT]: 'e.g. `path: "/admin/tracking"`.' },
  })
  path?: string;

  @IsOptional()
  @Check('isBaseUrl', isBaseUrl, 'must be a path starting with / or an http(s) URL', 'e.g. `apiBaseUrl: "/v1"`.')
  apiBaseUrl?: string;

  @IsOptional()
  @Check(
    'isSignIn',
    (value) =>
      isPlainObject(value) &&
      Object.keys(value).every((key) => key === 'tokenUrl' || key === 'clientId') &&
      isBaseUrl(value.tokenUrl) &&
      typeof value.clientId === 'string' &&
      value.clientId !== '',
    'must be `{ tokenUrl, clientId }`: the token endpoint (a path or an http(s) URL) and an API client ID',
    'e.g. `signIn: { tokenUrl: "/oauth/token", clientId: process.env.ADMIN_CLIENT_ID }`.',
  )
  signIn?: DashboardSettings['signIn'];

  @IsOptional()
  @Check('isBaseUrl', isBaseUrl, 'must be a path starting with / or an http(s) URL', 'e.g. `bullBoardUrl: "/admin/queues"`.')
  bullBoardUrl?: string;

  @IsOptional()
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(1, { message: 'must be at least 1 second' })
  @Max(3600, { message: 'must be at most 3600 seconds' })
  refreshSeconds?: number;
}

class DeliveryOptionsSchema extends DeliveryPolicySchema {
  @IsOptional()
  @Check(
    'isPolicyMap',
    (value) => isRecordOf(value, (policy) => policy !== null && typeof policy === 'object'),
    'must map target types to delivery settings',
    'e.g. `targets: { Http: { attempts: 10 } }`.',
  )
  targets?: Record<string, DeliveryPolicy>;
}

/** The shape every options object is checked against at boot. */
class TrackingEventsOptionsSchema {
  @Check(
    'isFunction',
    isFunction,
    'must be a function (request) => caller | null',
    'pass resolveCaller, e.g. `resolveCaller: (req) => auth.callerFromBearerToken(req.headers.authorization)`.',
  )
  resolveCaller: TrackingEventsModuleOptions['resolveCaller'];

  @Check(
    'isFunction',
    isFunction,
    'must be a function (clientId) => boolean',
    'pass apiClientExists, e.g. `apiClientExists: (id) => apiClients.exists(id)`.',
  )
  apiClientExists: TrackingEventsModuleOptions['apiClientExists'];

  @Check(
    'isFunction',
    isFunction,
    'must be a function (request) => tracking context | null',
    'pass resolveContext, e.g. `resolveContext: (req) => ({ ClientID: tokenOf(req).cid, UserID: tokenOf(req).u })`.',
  )
  resolveContext: TrackingEventsModuleOptions['resolveContext'];

  @Check(
    'isCommerceDataProvider',
    (value) =>
      value !== null &&
      typeof value === 'object' &&
      COMMERCE_METHODS.every((method) => isFunction((value as Record<string, unknown>)[method])),
    `must be an object with the methods ${COMMERCE_METHODS.join(', ')}`,
    'pass commerceData, an object that reads orders, line items and users from your store (see the host guide).',
  )
  commerceData: TrackingEventsModuleOptions['commerceData'];

  @IsOptional()
  @Check(
    'isRedisConnection',
    (value) =>
      (typeof value === 'string' && /^rediss?:\/\//.test(value)) || (value !== null && typeof value === 'object' && !Array.isArray(value)),
    'must be a redis:// URL or ioredis connection options',
    'e.g. `redis: "redis://127.0.0.1:6379/0"` or `redis: { host: "127.0.0.1", port: 6379 }`.',
  )
  @Check(
    'isRedisCluster',
    (value) => !hasClusterKey(value) || isRedisCluster(value),
    'must be `{ cluster: { nodes, options? } }` alone, with nodes a non-empty array of "host:port" or { host, port } and options an object',
    'e.g. `redis: { cluster: { nodes: ["10.0.0.1:6379", "10.0.0.2:6379"], options: { redisOptions: { password } } } }`.',
  )
  redis?: TrackingEventsModuleOptions['redis'];

  @IsOptional()
  @IsBoolean({ message: 'must be true or false', context: { [FIX_CONTEXT]: 'e.g. `enabled: process.env.TRACKING_ENABLED !== "false"`.' } })
  enabled?: boolean;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_.{}-]{1,50}$/, {
    message: 'must be 1 to 50 letters, digits, ., -, _ or the braces of a Redis Cluster hash tag',
    context: { [FIX_CONTEXT]: 'e.g. `queuePrefix: "shop"`, or `queuePrefix: "{shop}"` to keep every queue in one Redis Cluster slot.' },
  })
  queuePrefix?: string;

  @IsOptional()
  @IsObject({ message: 'must be an object', context: { [FIX_CONTEXT]: 'e.g. `delivery: { attempts: 8, timeoutMs: 10000 }`.' } })
  @ValidateNested()
  delivery?: DeliveryOptionsSchema;

  @IsOptional()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  reliability?: ReliabilitySchema;

  @IsOptional()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  circuitBreaker?: CircuitBreakerSchema;

  @IsOptional()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  yieldToRequests?: YieldToRequestsSchema;

  @IsOptional()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  deliveryLog?: DeliveryLogSchema;

  @IsOptional()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  jobRetention?: JobRetentionSchema;

  @IsOptional()
  @IsIn(Object.keys(MESSAGE_NAMESPACE_FAMILIES), {
    message: `must be one of ${Object.keys(MESSAGE_NAMESPACE_FAMILIES).join(', ')}`,
    context: { [FIX_CONTEXT]: 'e.g. `messageNamespaces: "backbone"` for sitecore.backbone.messages.*.' },
  })
  messageNamespaces?: MessageNamespaceFamily;

  @IsOptional()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  kafka?: KafkaSchema;

  @IsOptional()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  networkPolicy?: NetworkPolicySchema;

  @IsOptional()
  @IsObject({
    message: 'must be an object',
    context: { [FIX_CONTEXT]: 'e.g. `secretEncryption: { keys: { k1: process.env.TRACKING_SECRETS_KEY } }`.' },
  })
  @ValidateNested()
  secretEncryption?: SecretEncryptionSchema;

  @IsOptional()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  privacy?: PrivacySchema;

  @IsOptional()
  @IsObject({ message: 'must be an object', context: { [FIX_CONTEXT]: 'e.g. `health: { maxOutboxRows: 1000 }`.' } })
  @ValidateNested()
  health?: HealthSchema;

  @IsOptional()
  @IsObject({ message: 'must be an object', context: { [FIX_CONTEXT]: 'e.g. `metrics: { enabled: true }`.' } })
  @ValidateNested()
  metrics?: MetricsSchema;

  @IsOptional()
  @IsObject({ message: 'must be an object', context: { [FIX_CONTEXT]: 'e.g. `dashboard: { enabled: true, path: "/admin/tracking" }`.' } })
  @ValidateNested()
  dashboard?: DashboardSchema;
}

/** The plain settings, turned into their schema objects; the host's own objects are checked as they are. */
const NESTED_SETTINGS = {
  delivery: DeliveryOptionsSchema,
  reliability: ReliabilitySchema,
  circuitBreaker: CircuitBreakerSchema,
  yieldToRequests: YieldToRequestsSchema,
  deliveryLog: DeliveryLogSchema,
  jobRetention: JobRetentionSchema,
  kafka: KafkaSchema,
  networkPolicy: NetworkPolicySchema,
  secretEncryption: SecretEncryptionSchema,
  privacy: PrivacySchema,
  health: HealthSchema,
  metrics: MetricsSchema,
  dashboard: DashboardSchema,
};

/** Host objects inside the plain settings (a prom-client Registry): checked as they are, never copied. */
const HOST_OBJECTS: Partial<Record<keyof typeof NESTED_SETTINGS, string[]>> = { metrics: ['registry'] };

/** Every option the schema declares: a key outside them is a typo. */
const KNOWN_OPTIONS = propertiesOf(TrackingEventsOptionsSchema);

/**
 * Checks the options the host gave, so that a mistake stops the app at boot with a message naming
 * the option and the fix instead of failing later on a request.
 */
export function validateTrackingEventsOptions(options: unknown): TrackingEventsModuleOptions {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidTrackingEventsOptionError(
      'options',
      `must be an object, got ${options === null ? 'null' : typeof options}`,
      'pass an options object to TrackingEventsModule.forRoot(), or return one from the forRootAsync() useFactory.',
    );
  }
  assertKnownKeys(options, KNOWN_OPTIONS, '');
  for (const [key, schema] of Object.entries(NESTED_SETTINGS)) {
    const value = (options as Record<string, unknown>)[key];
    if (isObject(value)) assertKnownKeys(value, propertiesOf(schema), `${key}.`);
  }
  const targets = (options as TrackingEventsModuleOptions).delivery?.targets;
  if (isObject(targets)) {
    for (const [type, policy] of Object.entries(targets)) {
      if (isObject(policy)) assertKnownKeys(policy, propertiesOf(DeliveryPolicySchema), `delivery.targets.${type}.`);
    }
  }
  // Only the plain settings are turned into schema objects: the host's own objects (functions, the
  // data provider with its repositories) are checked as they are, never copied.
  const nested = Object.fromEntries(
    Object.entries(NESTED_SETTINGS).map(([key, schema]) => {
      const value = (options as Record<string, unknown>)[key];
      if (!isObject(value)) return [key, value];
      const hostObjects = HOST_OBJECTS[key as keyof typeof NESTED_SETTINGS] ?? [];
      const [plain, host] = [false, true].map((isHostObject) =>
        Object.fromEntries(Object.entries(value).filter(([name]) => hostObjects.includes(name) === isHostObject)),
      );
      return [key, Object.assign(plainToInstance(schema as never, plain) as object, host)];
    }),
  );
  const candidate = Object.assign(new TrackingEventsOptionsSchema(), options, nested);
  assertValid(candidate, '');
  for (const [type, policy] of Object.entries(isObject(targets) ? targets : {})) {
    assertValid(plainToInstance(DeliveryPolicySchema, policy), `delivery.targets.${type}.`);
  }
  const fieldPolicies = (options as TrackingEventsModuleOptions).privacy?.fieldPolicy;
  for (const [type, policy] of Object.entries(isObject(fieldPolicies) ? fieldPolicies : {})) {
    if (isObject(policy)) assertKnownKeys(policy, propertiesOf(FieldPolicySchema), `privacy.fieldPolicy.${type}.`);
    assertValid(plainToInstance(FieldPolicySchema, policy), `privacy.fieldPolicy.${type}.`);
  }
  assertActiveKeyInKeyring((options as TrackingEventsModuleOptions).secretEncryption);
  // The host's own objects (functions, the data provider) are handed on as they were given.
  return options as TrackingEventsModuleOptions;
}

function assertActiveKeyInKeyring(encryption: SecretEncryptionSettings | undefined): void {
  if (!encryption) return;
  const keyIds = Object.keys(encryption.keys);
  if (encryption.activeKeyId === undefined && keyIds.length > 1) {
    throw new InvalidTrackingEventsOptionError(
      'secretEncryption.activeKeyId',
      'must be given when the keyring holds several keys',
      `name the key new secrets are encrypted with: one of ${keyIds.join(', ')}.`,
    );
  }
  if (encryption.activeKeyId !== undefined && !keyIds.includes(encryption.activeKeyId)) {
    throw new InvalidTrackingEventsOptionError(
      'secretEncryption.activeKeyId',
      `must be the ID of a key of the keyring, got the string "${encryption.activeKeyId}"`,
      `use one of ${keyIds.join(', ')}, or add the key to secretEncryption.keys.`,
    );
  }
}

/** Stops the boot on the first failing check of `candidate`, naming the option by its path. */
function assertValid(candidate: object, pathPrefix: string): void {
  const [failure] = validateSync(candidate, { forbidUnknownValues: false });
  if (failure) {
    const { path, error } = deepest(failure, `${pathPrefix}${failure.property}`);
    const [constraint, expected] = Object.entries(error.constraints ?? {})[0] ?? [];
    const fix = constraint ? (error.contexts?.[constraint]?.[FIX_CONTEXT] as string | undefined) : undefined;
    throw new InvalidTrackingEventsOptionError(
      path,
      `${expected ?? 'is invalid'}, got ${describe(error.value)}`,
      fix ?? 'see the host guide for the accepted values.',
    );
  }
}

/** A misspelt key, at any depth, must not pass silently as a default. */
function assertKnownKeys(value: object, known: string[], pathPrefix: string): void {
  const unknown = Object.keys(value).find((key) => !known.includes(key));
  if (unknown === undefined) return;
  const where = pathPrefix ? `the options of ${pathPrefix.slice(0, -1)}` : 'the options';
  throw new InvalidTrackingEventsOptionError(
    `${pathPrefix}${unknown}`,
    'is not a known option',
    `remove it or check its spelling; ${where} are ${known.join(', ')}.`,
  );
}

/** The settings a schema class declares. */
function propertiesOf(schema: Function): string[] {
  const declared = getMetadataStorage().getTargetValidationMetadatas(schema, '', true, false);
  return [...new Set(declared.map((metadata) => metadata.propertyName))];
}

/** The innermost failing property of a nested option, with its dotted path (`delivery.attempts`). */
function deepest(error: ValidationError, path: string): { path: string; error: ValidationError } {
  if (error.constraints || !error.children?.length) return { path, error };
  const child = error.children[0];
  return deepest(child, `${path}.${child.property}`);
}

function isObject(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isRecordOf(value: unknown, check: (entry: unknown) => boolean): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every(check);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string "${value}"`;
  if (typeof value === 'number') return `${value}`;
  return `a value of type ${typeof value}`;
}
