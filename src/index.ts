// The public API of the library. Anything not exported here is internal.
export { TrackingEventsModule } from './tracking-events.module';
export { InvalidTrackingEventsOptionError } from './options';
export type { TrackingEventsCaller, TrackingEventsModuleExtras, TrackingEventsModuleOptions } from './options';

export { ApiRoles } from './common/api-roles';
export { TRACKING_EVENT_TYPES } from './common/tracking-event-type';
export type { TrackingEventType } from './common/tracking-event-type';
export * from './common/errors/api-error';

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
