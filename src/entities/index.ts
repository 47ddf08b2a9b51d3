import { IdentityLinkEntity } from '../identity/identity-link.entity';
import { DeliveryConfigEntity } from './delivery-config.entity';
import { TrackingEventEntity } from './tracking-event.entity';

export * from '../identity/identity-link.entity';
export * from './delivery-config.entity';
export * from './tracking-event.entity';

/**
 * Every entity of the library, for hosts that list their entities by hand instead of `autoLoadEntities`.
 * @publicApi
 */
export const TRACKING_EVENTS_ENTITIES = [DeliveryConfigEntity, TrackingEventEntity, IdentityLinkEntity];
