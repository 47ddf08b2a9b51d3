import { OutboxEventEntity } from '../capture/outbox/outbox-event.entity';
import { IdentityLinkEntity } from '../identity/identity-link.entity';
import { DeadLetterEntity } from '../operations/dead-letters/dead-letter.entity';
import { DeliveryAttemptEntity } from '../operations/delivery-log/delivery-attempt.entity';
import { DeliveryConfigEntity } from './delivery-config.entity';
import { TrackingEventEntity } from './tracking-event.entity';

export * from '../capture/outbox/outbox-event.entity';
export * from '../identity/identity-link.entity';
export * from '../operations/dead-letters/dead-letter.entity';
export * from '../operations/delivery-log/delivery-attempt.entity';
export * from './delivery-config.entity';
export * from './tracking-event.entity';

/**
 * Every entity of the library, for hosts that list their entities by hand instead of `autoLoadEntities`.
 * @publicApi
 */
export const TRACKING_EVENTS_ENTITIES = [
  DeliveryConfigEntity,
  TrackingEventEntity,
  IdentityLinkEntity,
  OutboxEventEntity,
  DeadLetterEntity,
  DeliveryAttemptEntity,
];
