/**
 * The business events a TrackingEvent can subscribe an API client to.
 * @publicApi
 */
export const TRACKING_EVENT_TYPES = ['UserLoggedIn', 'LineItemAdded', 'LineItemUpdated', 'OrderSubmitted'] as const;

/** @publicApi */
export type TrackingEventType = (typeof TRACKING_EVENT_TYPES)[number];
