export * from './discover-event-payload';
export * from './discover-event.target';
