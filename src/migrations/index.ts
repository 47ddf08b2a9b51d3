import { CreateTrackingEventsTables1764201600000 } from './1764201600000-create-tracking-events-tables';
import { CreateIdentityLinks1764288000000 } from './1764288000000-create-identity-links';
import { CreateReliabilityTables1764374400000 } from './1764374400000-create-reliability-tables';
import { AddDeliveryAttemptContext1764460800000 } from './1764460800000-add-delivery-attempt-context';

export * from './1764201600000-create-tracking-events-tables';
export * from './1764288000000-create-identity-links';
export * from './1764374400000-create-reliability-tables';
export * from './1764460800000-add-delivery-attempt-context';
export * from './unsupported-database.error';

/**
 * The library's migrations, in order, for PostgreSQL and SQLite: add them to the host data
 * source's `migrations`.
 * @publicApi
 */
export const TRACKING_EVENTS_MIGRATIONS = [
  CreateTrackingEventsTables1764201600000,
  CreateIdentityLinks1764288000000,
  CreateReliabilityTables1764374400000,
  AddDeliveryAttemptContext1764460800000,
];
