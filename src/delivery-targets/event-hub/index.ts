export * from './event-hub-config';
export * from './event-hub-event';
export * from './event-hub.target';
