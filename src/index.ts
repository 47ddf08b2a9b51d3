// The public API of the library. Anything not exported here is internal (the package's `exports` map
// makes it unreachable).
export { TrackingEventsModule } from './tracking-events.module';
export { InvalidTrackingEventsOptionError } from './options';
export type {
  CircuitBreakerSettings,
  DashboardSettings,
  DeliveryLogSettings,
  DeliveryPolicy,
  FieldPolicy,
  HealthSettings,
  JobRetentionSettings,
  MetricsSettings,
  NetworkPolicySettings,
  PrometheusRegistry,
  PrivacySettings,
  ReliabilitySettings,
  SecretEncryptionSettings,
  RedisClusterConnection,
  RedisConnection,
  RedisNodeConnection,
  TrackingEventsCaller,
  TrackingEventsModuleExtras,
  TrackingEventsModuleOptions,
  YieldToRequestsSettings,
} from './options';

// OrderCloud conventions, for a host's own API beside the admin API
export { ApiRoles } from './common/api-roles';
export type { TraceHeaders } from './common/tracing';
export { TRACKING_EVENT_TYPES } from './common/tracking-event-type';
export type { TrackingEventType } from './common/tracking-event-type';
export * from './common/errors/api-error';
export { OrderCloudExceptionFilter } from './common/errors/ordercloud-exception.filter';
export { createRequestBodyErrorMiddleware } from './common/errors/request-body-error.middleware';
export { generateApiId } from './common/ids/generate-api-id';
export { inTransaction } from './common/database/in-transaction';
export { findListPage, parseListQuery } from './common/list';
export type { ListDefinition, ListField, ListPage, ListQuery } from './common/list';
export { assertJsonObject, validateModel } from './common/validation/validate-model';
export { MAX_JSON_DEPTH, unsafeJsonProblem } from './common/validation/json-limits';
export { createRequestBodyCheckMiddleware } from './common/validation/request-body-check.middleware';
export { createFastifyRequestBodyHook } from './common/validation/fastify-request-body.hook';
export { RequestUrlCheckInterceptor } from './common/validation/request-url-check.interceptor';
export type { RequestBodyErrorAnswer } from './common/validation/fastify-request-body.hook';
export type { ModelValidation } from './common/validation/validate-model';

// The messages: what the host gives, what targets receive
export { MESSAGE_NAMESPACE_FAMILIES, MESSAGE_NAMESPACES, messageNamespace } from './messages';
export type { CapturedEvent, LineItemSnapshot, TrackingContext, TrackingSubjects } from './messages';
export type * from './messages/commerce-data-provider.interface';
export type * from './messages/tracking-message';
export type { DeliveryAttemptOutcome } from './messages';

// Capture
export { TrackEvent, TrackingEventPublisher } from './capture';
export type { TrackedCall, TrackedCapture, TrackEventOptions } from './capture';
export { OutboxRelay } from './capture';

// Identity
export { IdentityLinksService, IdentityStitcher, InvalidIdentityError } from './identity';
export type { StitchResult } from './identity';

// Hydration
export { HydrationFailedError } from './hydration';

// Workers in a thread of the API process
export { runWorkersInThread, startWorkersInThread, WorkersThreadError } from './delivery';
export type { WorkersThreadOptions } from './delivery';

// Delivery targets
export {
  AzureBlobConfig,
  AzureBlobTarget,
  AzureTableConfig,
  AzureTableTarget,
  CosmosDbConfig,
  CosmosDbTarget,
  EventHubConfig,
  EventHubTarget,
  DeliveryFailedError,
  DeliveryTarget,
  Destination,
  DiscoverEventConfig,
  HttpConfig,
  InvalidDeliveryTargetError,
  KafkaConfig,
  KafkaTarget,
  MessageSenderConfig,
  SendEventConfig,
  TargetAddressRefusedError,
  TargetNetworkPolicy,
  WriteOnly,
} from './delivery-targets';
export type { BatchDeliveryResult, DeliveryFailure, DeliveryOutcome, DeliveryRequest, DeliveryTargetHandler } from './delivery-targets';
export type { KafkaProducerClient, KafkaRecord, KafkaSaslMechanism, KafkaSecurityProtocol, KafkaSettings } from './delivery-targets';
export type { CosmosDbItem } from './delivery-targets';
export type { EventHubBatch, EventHubEvent, EventHubProducer } from './delivery-targets';
export type { AzureBlobContainer, AzureTable, MessageBlob, MessageEntity } from './delivery-targets';
export { INTAKE_QUEUE, targetQueueName } from './queues';
export { RedisUnavailableError } from './redis';

// Operations: dead letters, the delivery log, the circuit breaker, the health check
export { CircuitBreaker, DeadLettersService, DeliveryLogService, TrackingEventsHealthIndicator, UserErasureService } from './operations';
export type { AttemptOutcome, DeadLetter, DeliveryAttempt, DeliveryCircuit, TrackingEventsHealth, UserErasureReport } from './operations';

// DeliveryConfig secrets encrypted at rest
export { SecretDecryptionError, SecretReencryptionService } from './secret-encryption';
export type { SecretReencryptionReport, UnreadableSecret } from './secret-encryption';

// Admin API
export {
  CannotUpdatePropertyError,
  CaseSensitiveRoutesError,
  DeliveryConfigInUseError,
  DeliveryConfigsService,
  DuplicateEventTypeError,
  InvalidClientIdError,
  InvalidDeliveryConfigIdError,
  TrackingEventsService,
} from './admin-api';
export type {
  DeliveryConfig,
  DeliveryStats,
  DeliveryStatsBucket,
  DeliveryStatsCircuit,
  DeliveryTargetStats,
  LatencyPercentiles,
  PipelineStats,
  QueueDepthStats,
  TrackingEvent,
} from './admin-api';

export * from './entities';
export * from './migrations';
