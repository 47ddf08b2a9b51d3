export * from './send-event-payload';
export * from './send-event.target';
export * from './send-event-config';
