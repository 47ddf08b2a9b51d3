export * from './tracking-event.errors';
export * from './tracking-event.model';
export * from './tracking-events.controller';
export * from './tracking-events.service';
