// The public API of the library. Anything not exported here is internal.
export { TrackingEventsModule } from './tracking-events.module';
export { InvalidTrackingEventsOptionError } from './options';
export type {
  CircuitBreakerSettings,
  DeliveryPolicy,
  ReliabilitySettings,
  RedisConnection,
  TrackingEventsCaller,
  TrackingEventsModuleExtras,
  TrackingEventsModuleOptions,
} from './options';

export { ApiRoles } from './common/api-roles';
export { TRACKING_EVENT_TYPES } from './common/tracking-event-type';
export type { TrackingEventType } from './common/tracking-event-type';
export * from './common/errors/api-error';
export { OrderCloudExceptionFilter } from './common/errors/ordercloud-exception.filter';

// Capture
export { TrackEvent, TrackingEventPublisher } from './capture';
export type {
  CapturedEvent,
  LineItemSnapshot,
  TrackedCall,
  TrackedCapture,
  TrackEventOptions,
  TrackingContext,
  TrackingSubjects,
} from './capture';

// Identity
export { IdentityLinksService, IdentityStitcher, InvalidIdentityError } from './identity';
export type { StitchResult } from './identity';

// Hydration
export { HydrationFailedError, MESSAGE_NAMESPACES } from './hydration';
export type * from './hydration/commerce-data-provider.interface';
export type * from './hydration/tracking-message';

// Delivery targets
export { DeliveryFailedError, DeliveryTarget, InvalidDeliveryTargetError } from './delivery-targets';
export type { DeliveryFailure, DeliveryOutcome, DeliveryRequest, DeliveryTargetHandler } from './delivery-targets';
export { INTAKE_QUEUE, RedisUnavailableError, targetQueueName } from './queues';

// Operations: dead letters, the delivery log, the circuit breaker, the outbox
export { CircuitBreaker, DeadLettersService, DeliveryLogService } from './operations';
export type { AttemptOutcome, DeadLetter, DeliveryAttempt, DeliveryAttemptOutcome, DeliveryCircuit } from './operations';
export { OutboxRelay } from './capture';

// Admin API
export {
  CannotUpdatePropertyError,
  DeliveryConfigInUseError,
  DeliveryConfigsService,
  DuplicateEventTypeError,
  InvalidClientIdError,
  InvalidDeliveryConfigIdError,
  ORDERCLOUD_TARGET_CONFIGS,
  TrackingEventsService,
} from './admin-api';
export type { DeliveryConfig, ListPage, TrackingEvent } from './admin-api';
export * from './admin-api/delivery-configs/target-configs';

export * from './entities';
export * from './migrations';
