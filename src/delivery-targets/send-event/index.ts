export * from './send-event-payload';
export * from './send-event.target';
