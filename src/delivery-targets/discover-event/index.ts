export * from './discover-event-payload';
export * from './discover-event.target';
export * from './discover-event-config';
