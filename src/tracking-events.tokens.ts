/** The module's settings: the host's options, checked, with their defaults (TrackingEventsSettings). */
export const TRACKING_EVENTS_SETTINGS = Symbol('TRACKING_EVENTS_SETTINGS');

/** The host's TypeORM DataSource the library stores its entities in. */
export const TRACKING_EVENTS_DATA_SOURCE = Symbol('TRACKING_EVENTS_DATA_SOURCE');
