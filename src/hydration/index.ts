export * from './commerce-data-provider.interface';
export * from './hydration-batch';
export * from './hydration-failed.error';
export * from './message-hydrator';
export * from './tracking-message';
