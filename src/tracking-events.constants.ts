/** Context name of every log line the library writes. */
export const TRACKING_EVENTS_LOGGER_CONTEXT = 'TrackingEvents';
