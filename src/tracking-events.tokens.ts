/** The validated module options. */
export const TRACKING_EVENTS_OPTIONS = Symbol('TRACKING_EVENTS_OPTIONS');

/** The host's TypeORM DataSource the library stores its entities in. */
export const TRACKING_EVENTS_DATA_SOURCE = Symbol('TRACKING_EVENTS_DATA_SOURCE');

/** Target type → configuration model: the `DeliveryTargets` a DeliveryConfig may set. */
export const TARGET_CONFIG_MODELS = Symbol('TARGET_CONFIG_MODELS');
