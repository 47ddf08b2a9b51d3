export * from './hydration-batch';
export * from './hydration-failed.error';
export * from './message-hydrator';
